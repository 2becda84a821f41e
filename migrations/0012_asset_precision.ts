// Every asset's precision (how many decimals its money carries), and what settlement needs to round
// an order's fills to it with one rule: the order's exact traded notional and accrued fee, and the
// fee it has charged so far (rounded), so each fill charges the rounded cumulative amount less what
// the fills before it charged.
import { type Kysely, sql } from "kysely";

const DECIMALS = [
  ["USD", 2],
  ["BTC", 8],
  ["ETH", 8],
  ["SOL", 8],
] as const;

/** An asset listed by an instrument but not named above gets this many decimals. */
const DEFAULT_DECIMALS = 8;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table assets (
    asset text primary key,
    decimals smallint not null check (decimals between 0 and 18),
    created_at timestamptz not null default now())`.execute(db);
  for (const [asset, decimals] of DECIMALS) {
    await sql`insert into assets (asset, decimals) values (${asset}, ${decimals})`.execute(db);
  }
  await sql`insert into assets (asset, decimals)
    select asset, ${DEFAULT_DECIMALS} from (select base_asset as asset from instruments
      union select quote_asset from instruments) a
    on conflict (asset) do nothing`.execute(db);
  await sql`alter table instruments
    add constraint instruments_base_asset_fkey foreign key (base_asset) references assets (asset),
    add constraint instruments_quote_asset_fkey foreign key (quote_asset) references assets (asset)`.execute(
    db,
  );
  await sql`alter table orders
    add column filled_notional numeric not null default 0,
    add column fee_accrued numeric not null default 0,
    add column fee_charged numeric not null default 0`.execute(db);
  // Orders filled before: their exact notional and fees from their fills; what they charged is
  // taken as the accrued fee rounded up, so later fills charge whole units of the quote asset.
  await sql`with f as (
      select f.order_id, sum(f.quantity * f.price) as notional, sum(f.fee) as fee, max(a.decimals) as decimals
      from fills f join assets a on a.asset = f.fee_asset group by f.order_id)
    update orders o set filled_notional = f.notional, fee_accrued = f.fee,
      fee_charged = round(ceil(f.fee * power(10::numeric, f.decimals)) / power(10::numeric, f.decimals), f.decimals)
    from f where o.id = f.order_id`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table orders drop column filled_notional, drop column fee_accrued, drop column fee_charged`.execute(
    db,
  );
  await sql`alter table instruments drop constraint instruments_base_asset_fkey,
    drop constraint instruments_quote_asset_fkey`.execute(db);
  await sql`drop table assets`.execute(db);
}
