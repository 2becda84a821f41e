// Trailing stops: the order type, its trail (a price distance or a percentage of the mark), the
// mark the venue reports (high-water for a sell, low-water for a buy), and the venue's `trail`
// reports in the inbox. Order classes: each order's class, and a leg's parent.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table orders
    drop constraint orders_order_type_check,
    add constraint orders_order_type_check
      check (order_type in ('market', 'limit', 'stop', 'stop_limit', 'trailing_stop')),
    add column trail_price numeric check (trail_price > 0),
    add column trail_percent numeric check (trail_percent > 0 and trail_percent <= 50),
    add column hwm numeric check (hwm > 0),
    add column order_class text not null default 'simple'
      check (order_class in ('simple', 'bracket', 'oco', 'oto')),
    add column parent_order_id uuid`.execute(db);
  await sql`create index orders_parent_idx on orders (parent_order_id) where parent_order_id is not null`.execute(
    db,
  );
  await sql`alter table execution_reports
    drop constraint execution_reports_type_check,
    add constraint execution_reports_type_check
      check (type in ('trade', 'cancelled', 'expired', 'rejected', 'accepted', 'trail'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from execution_reports where type = 'trail'`.execute(db);
  await sql`alter table execution_reports
    drop constraint execution_reports_type_check,
    add constraint execution_reports_type_check
      check (type in ('trade', 'cancelled', 'expired', 'rejected', 'accepted'))`.execute(db);
  // Kept as the stop orders they became when they fired (their fills and ledger entries stay).
  await sql`update orders set order_type = 'stop' where order_type = 'trailing_stop'`.execute(db);
  await sql`alter table orders
    drop column trail_price, drop column trail_percent, drop column hwm,
    drop column order_class, drop column parent_order_id,
    drop constraint orders_order_type_check,
    add constraint orders_order_type_check
      check (order_type in ('market', 'limit', 'stop', 'stop_limit'))`.execute(db);
}
