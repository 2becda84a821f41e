// Placement writes, many orders per transaction (group commit), in two statements. Each order's
// row, its hold (the balance and two ledger entries), its `order.created` and `balance.updated`
// events and its batch's `route_orders` job (unless the placing process routes the batch itself)
// are written in the same transaction: they exist together or not at all. An order refused for
// funds leaves nothing behind and does not affect the others.
import { sql } from "kysely";
import { EventBatch } from "../events/events.service.ts";
import { Decimal } from "../shared/decimal.ts";
import type { Executor } from "../shared/executor.ts";
import { newId } from "../shared/ids.ts";
import type { OrderView } from "./orders.schema.ts";

export const ROUTE_ORDER_TASK = "route_order";
/** One routing job per placement batch: `{ order_ids }` (see routing.tasks.ts). */
export const ROUTE_ORDERS_TASK = "route_orders";
export const routeJobKey = (orderId: string) => `${ROUTE_ORDER_TASK}:${orderId}`;

export interface NewOrder {
  view: OrderView;
  account_id: string;
  request_hash: string | null;
  slippage_tolerance: string | null;
  hold_asset: string;
  hold_amount: Decimal;
  created_at: Date;
}

/** inserted: written with its hold; duplicate: the client_order_id exists; insufficient: nothing written. */
export type Outcome = "inserted" | "duplicate" | "insufficient";

const key = (accountId: string, asset: string) => `${accountId}/${asset}`;

interface Balance {
  available: Decimal;
  held: Decimal;
}

/**
 * Statement 1: locks the held balances (in key order, so concurrent writers cannot deadlock) and
 * inserts the orders whose client_order_id is new. Returns the locked balances and inserted ids.
 */
async function lockAndInsert(trx: Executor, orders: NewOrder[]) {
  const rows = orders.map((o) => ({
    ...o.view,
    account_id: o.account_id,
    request_hash: o.request_hash,
    slippage_tolerance: o.slippage_tolerance,
    hold_asset: o.hold_asset,
    hold_amount: o.hold_amount.toFixed(),
  }));
  const result = await sql<{
    kind: "b" | "o";
    a: string;
    b: string | null;
    c: string | null;
    d: string | null;
  }>`/* prepared: place-lock-insert */
    with cand as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as c (id uuid, account_id uuid,
        client_order_id text, request_hash text, symbol text, side text, order_type text, time_in_force text,
        quantity numeric, price numeric, trigger_price numeric, slippage_tolerance numeric, hold_asset text,
        hold_amount numeric, created_at timestamptz)
    ), locked as (
      select account_id, asset, available, held from balances
      where (account_id, asset) in (select account_id, hold_asset from cand)
        and account_id = any(${[...new Set(orders.map((o) => o.account_id))]}::uuid[])
      order by account_id, asset for update
    ), ins as (
      insert into orders (id, account_id, client_order_id, request_hash, symbol, side, order_type, time_in_force,
        quantity, price, trigger_price, slippage_tolerance, hold_asset, hold_amount, created_at, updated_at)
      select id, account_id, client_order_id, request_hash, symbol, side, order_type, time_in_force,
        quantity, price, trigger_price, slippage_tolerance, hold_asset, hold_amount, created_at, created_at from cand
      on conflict on constraint orders_client_order_id_key do nothing
      returning id
    )
    select 'b' as kind, account_id::text as a, asset as b, available::text as c, held::text as d from locked
    union all
    select 'o', id::text, null, null, null from ins`.execute(trx);
  const balances = new Map<string, Balance>();
  const inserted = new Set<string>();
  for (const r of result.rows) {
    if (r.kind === "o") inserted.add(r.a);
    else
      balances.set(key(r.a, r.b ?? ""), {
        available: new Decimal(r.c ?? "0"),
        held: new Decimal(r.d ?? "0"),
      });
  }
  return { balances, inserted };
}

interface Accepted {
  order: NewOrder;
  /** The balance of the held asset right after this order's hold. */
  balance: { asset: string; total: string; available: string; held: string };
}

/** In arrival order, each inserted order takes its hold while the locked balance covers it. */
export function allocate(inserted: NewOrder[], balances: Map<string, Balance>) {
  const accepted: Accepted[] = [];
  const refused: NewOrder[] = [];
  for (const order of inserted) {
    const b = balances.get(key(order.account_id, order.hold_asset));
    if (b === undefined || b.available.lt(order.hold_amount)) {
      refused.push(order);
      continue;
    }
    b.available = b.available.minus(order.hold_amount);
    b.held = b.held.plus(order.hold_amount);
    const total = b.available.plus(b.held).toFixed();
    const balance = {
      asset: order.hold_asset,
      total,
      available: b.available.toFixed(),
      held: b.held.toFixed(),
    };
    accepted.push({ order, balance });
  }
  return { accepted, refused };
}

/** The rows statement 2 writes, as JSON record sets. */
function writes(accepted: Accepted[]) {
  const holds = new Map<string, { account_id: string; asset: string; amount: Decimal }>();
  const entries: object[] = [];
  const events = new EventBatch();
  for (const { order, balance } of accepted) {
    const k = key(order.account_id, order.hold_asset);
    const h = holds.get(k) ?? {
      account_id: order.account_id,
      asset: order.hold_asset,
      amount: new Decimal(0),
    };
    h.amount = h.amount.plus(order.hold_amount);
    holds.set(k, h);
    const amount = order.hold_amount.toFixed();
    const journal = {
      journal_id: newId(),
      account_id: order.account_id,
      asset: order.hold_asset,
      order_id: order.view.id,
    };
    entries.push({ ...journal, id: newId(), bucket: "available", amount: `-${amount}` });
    entries.push({ ...journal, id: newId(), bucket: "held", amount });
    events.add(order.account_id, "order.created", order.view);
    events.add(order.account_id, "balance.updated", balance);
  }
  const holdRows = [...holds.values()].map((h) => ({ ...h, amount: h.amount.toFixed() }));
  return { holdRows, entries, events };
}

/**
 * Statement 2: moves the balances, writes the ledger entries, numbers and writes the events
 * (accounts locked in id order), and queues one `route_orders` job for them all unless this
 * process routes them itself. Refused orders are removed before it, in a statement of their own:
 * as a part of this one, a delete nearly always given no ids made PostgreSQL plan the statement
 * anew at each call (a custom plan, ~0.5 ms, beat the generic plan's estimate of ten deletions).
 */
async function writeHolds(trx: Executor, accepted: Accepted[], routedHere: boolean): Promise<void> {
  const w = writes(accepted);
  const ids = accepted.map((a) => a.order.view.id);
  const result = await sql<{ seqs: [string, string | number][] | null }>`/* prepared: place-holds */
    with holds as (
      select * from jsonb_to_recordset(${JSON.stringify(w.holdRows)}::jsonb) as h (account_id uuid, asset text, amount numeric)
    ), moved as (
      update balances b set available = b.available - h.amount, held = b.held + h.amount, updated_at = now()
      from holds h where b.account_id = h.account_id and b.asset = h.asset
        and b.account_id = any(${w.holdRows.map((h) => h.account_id)}::uuid[])
    ), ledger as (
      insert into ledger_entries (id, journal_id, account_id, asset, bucket, amount, kind, order_id)
      select id, journal_id, account_id, asset, bucket, amount, 'hold', order_id
      from jsonb_to_recordset(${JSON.stringify(w.entries)}::jsonb) as e (id uuid, journal_id uuid, account_id uuid,
        asset text, bucket text, amount numeric, order_id uuid)
    ), ${w.events.appendSql()}
    select case when not ${routedHere}::boolean then (graphile_worker.add_job(${ROUTE_ORDERS_TASK}::text,
        json_build_object('order_ids', ${ids}::uuid[]))).id end as job,
      ${EventBatch.SEQS} as seqs`.execute(trx);
  w.events.collect(trx, result.rows[0]?.seqs ?? null);
}

/**
 * Places a batch of orders in the caller's transaction; one outcome per order, by order id.
 * `routedHere`: this process routes the batch right after COMMIT (the fast path), so no job is
 * written; if it dies first, the workers' rescue (routing/rescue.ts) routes what it left.
 */
export async function placeOrders(
  trx: Executor,
  orders: NewOrder[],
  routedHere = false,
): Promise<Map<string, Outcome>> {
  const outcomes = new Map<string, Outcome>(orders.map((o) => [o.view.id, "duplicate"]));
  const { balances, inserted } = await lockAndInsert(trx, orders);
  const { accepted, refused } = allocate(
    orders.filter((o) => inserted.has(o.view.id)),
    balances,
  );
  for (const o of refused) outcomes.set(o.view.id, "insufficient");
  if (refused.length > 0) {
    await trx
      .deleteFrom("orders")
      .where(
        "id",
        "in",
        refused.map((o) => o.view.id),
      )
      .execute();
  }
  if (accepted.length === 0) return outcomes;
  await writeHolds(trx, accepted, routedHere);
  for (const a of accepted) outcomes.set(a.order.view.id, "inserted");
  return outcomes;
}
