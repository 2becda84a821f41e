// The placement write as one statement: the order row, the hold (balance and its two ledger
// entries), the `order.created` and `balance.updated` events and the `route_order` job. One
// statement is one transaction: all of it commits, or none. It runs as a prepared statement,
// one round trip per order.
import type pg from "pg";
import { DomainError } from "../shared/errors.ts";

export const ROUTE_ORDER_TASK = "route_order";
export const routeJobKey = (orderId: string) => `route_order:${orderId}`;

const PLACE_ORDER = `
with ord as (
  insert into orders (id, account_id, client_order_id, request_hash, symbol, side, order_type, time_in_force,
    quantity, price, trigger_price, slippage_tolerance, hold_asset, hold_amount, created_at, updated_at)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $18, $18)
  on conflict on constraint orders_client_order_id_key do nothing
  returning id
), bal as (
  update balances set available = available - $14::numeric, held = held + $14::numeric, updated_at = $18
  where account_id = $2 and asset = $13 and available >= $14::numeric and exists (select 1 from ord)
  returning asset, trim_scale(available) as available, trim_scale(held) as held
), led as (
  insert into ledger_entries (id, journal_id, account_id, asset, bucket, amount, kind, order_id, created_at)
  select e.id, $15, $2, $13, e.bucket, e.amount, 'hold', $1, $18
  from bal, (values ($16::uuid, 'available', -$14::numeric), ($17::uuid, 'held', $14::numeric)) as e (id, bucket, amount)
), seq as (
  update accounts set event_seq = event_seq + 2 where id = $2 and exists (select 1 from bal)
  returning event_seq
), ev as (
  insert into events (account_id, seq, type, payload, created_at)
  select $2, seq.event_seq - 1, 'order.created', $19::jsonb, $18 from seq
  union all
  select $2, seq.event_seq, 'balance.updated', jsonb_build_object('asset', bal.asset,
    'total', trim_scale(bal.available + bal.held)::text, 'available', bal.available::text, 'held', bal.held::text), $18
  from seq, bal
), job as (
  select graphile_worker.add_job('${ROUTE_ORDER_TASK}', $20::json, job_key => $21, max_attempts => 6) from bal
)
select
  (select count(*) from ord)::int as inserted,
  (select count(*) from job)::int as queued,
  case when exists (select 1 from ord) and not exists (select 1 from bal) then bourse_abort('INSUFFICIENT_FUNDS')
    when exists (select 1 from ord) and (select count(*) from job) <> 1 then bourse_abort('ROUTE_JOB_MISSING')
    else 0 end as aborted`;

export interface PlacementRow {
  id: string;
  account_id: string;
  client_order_id: string | null;
  request_hash: string | null;
  symbol: string;
  side: string;
  order_type: string;
  time_in_force: string;
  quantity: string;
  price: string | null;
  trigger_price: string | null;
  slippage_tolerance: string | null;
  hold_asset: string;
  hold_amount: string;
  journal_id: string;
  entry_ids: [string, string];
  created_at: Date;
  /** The `order.created` event's payload: the order as the API shows it. */
  event: unknown;
}

/**
 * Writes a new order with its hold. Returns false, writing nothing, when the account already has
 * an order with this client_order_id. Throws INSUFFICIENT_FUNDS, writing nothing, when the
 * available balance does not cover the hold.
 */
export async function placeOrder(pool: pg.Pool, r: PlacementRow): Promise<boolean> {
  try {
    const result = await pool.query<{ inserted: number }>({
      name: "place_order_v1",
      text: PLACE_ORDER,
      values: [
        r.id,
        r.account_id,
        r.client_order_id,
        r.request_hash,
        r.symbol,
        r.side,
        r.order_type,
        r.time_in_force,
        r.quantity,
        r.price,
        r.trigger_price,
        r.slippage_tolerance,
        r.hold_asset,
        r.hold_amount,
        r.journal_id,
        r.entry_ids[0],
        r.entry_ids[1],
        r.created_at,
        JSON.stringify(r.event),
        JSON.stringify({ order_id: r.id }),
        routeJobKey(r.id),
      ],
    });
    return result.rows[0]?.inserted === 1;
  } catch (error) {
    if (
      error instanceof Error &&
      "code" in error &&
      error.code === "P0001" &&
      error.message === "INSUFFICIENT_FUNDS"
    ) {
      throw new DomainError(
        "INSUFFICIENT_FUNDS",
        `not enough available ${r.hold_asset} for this order`,
        undefined,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}
