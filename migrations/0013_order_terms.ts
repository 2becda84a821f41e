// Post-only, good-till-date and notional orders: a post-only flag, the instant a GTD order expires
// (the job queue's expire_order job is scheduled for it), and the quote amount a notional market
// order spends or receives.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table orders
      add column post_only boolean not null default false,
      add column expire_at timestamptz,
      add column notional numeric check (notional > 0),
      drop constraint orders_time_in_force_check,
      add constraint orders_time_in_force_check
        check (time_in_force in ('gtc', 'ioc', 'fok', 'day', 'gtd')),
      add constraint orders_expire_at_check check ((time_in_force = 'gtd') = (expire_at is not null))
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // A GTD order left over becomes good-till-cancelled: the old schema has no expiry instant.
  await sql`
    alter table orders drop constraint orders_expire_at_check, drop constraint orders_time_in_force_check
  `.execute(db);
  await sql`update orders set time_in_force = 'gtc' where time_in_force = 'gtd'`.execute(db);
  await sql`
    alter table orders
      add constraint orders_time_in_force_check check (time_in_force in ('gtc', 'ioc', 'fok', 'day')),
      drop column post_only,
      drop column expire_at,
      drop column notional
  `.execute(db);
}
