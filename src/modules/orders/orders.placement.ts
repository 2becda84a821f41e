// Placement writes, many orders per transaction (group commit). Each order's row, its hold (the
// balance and two ledger entries), its `order.created` and `balance.updated` events and its
// `route_order` job are written in the same transaction, so they exist together or not at all.
// An order refused for funds leaves nothing behind and does not affect the others.
import { sql } from "kysely";
import { Decimal } from "../shared/decimal.ts";
import type { Executor } from "../shared/executor.ts";
import { newId } from "../shared/ids.ts";
import type { OrderView } from "./orders.schema.ts";
import type { OrderType, Side, TimeInForce } from "./orders.table.ts";

export const ROUTE_ORDER_TASK = "route_order";
export const routeJobKey = (orderId: string) => `route_order:${orderId}`;

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

async function lockBalances(trx: Executor, orders: NewOrder[]) {
  const pairs = [...new Map(orders.map((o) => [key(o.account_id, o.hold_asset), o])).values()];
  const keys = sql.join(pairs.map((o) => sql`(${o.account_id}::uuid, ${o.hold_asset}::text)`));
  const rows = await sql<{ account_id: string; asset: string; available: string; held: string }>`
    select account_id, asset, available, held from balances where (account_id, asset) in (${keys})
    order by account_id, asset for update`.execute(trx);
  return new Map(
    rows.rows.map((r) => [
      key(r.account_id, r.asset),
      { available: new Decimal(r.available), held: new Decimal(r.held) },
    ]),
  );
}

async function insertOrders(trx: Executor, orders: NewOrder[]): Promise<Set<string>> {
  const rows = await trx
    .insertInto("orders")
    .values(
      orders.map((o) => ({
        id: o.view.id,
        account_id: o.account_id,
        client_order_id: o.view.client_order_id,
        request_hash: o.request_hash,
        symbol: o.view.symbol,
        side: o.view.side as Side,
        order_type: o.view.order_type as OrderType,
        time_in_force: o.view.time_in_force as TimeInForce,
        quantity: o.view.quantity,
        price: o.view.price,
        trigger_price: o.view.trigger_price,
        slippage_tolerance: o.slippage_tolerance,
        hold_asset: o.hold_asset,
        hold_amount: o.hold_amount.toFixed(),
        created_at: o.created_at,
        updated_at: o.created_at,
      })),
    )
    .onConflict((oc) => oc.constraint("orders_client_order_id_key").doNothing())
    .returning("id")
    .execute();
  return new Set(rows.map((r) => r.id));
}

interface Accepted {
  order: NewOrder;
  /** The balance of the held asset right after this order's hold. */
  balance: { asset: string; total: string; available: string; held: string };
}

/** In arrival order, each inserted order takes its hold while the locked balance covers it. */
function allocate(inserted: NewOrder[], balances: Map<string, { available: Decimal; held: Decimal }>) {
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
    const total = b.available.plus(b.held);
    accepted.push({
      order,
      balance: {
        asset: order.hold_asset,
        total: total.toFixed(),
        available: b.available.toFixed(),
        held: b.held.toFixed(),
      },
    });
  }
  return { accepted, refused };
}

async function applyHolds(trx: Executor, accepted: Accepted[]): Promise<void> {
  const sums = new Map<string, { accountId: string; asset: string; amount: Decimal }>();
  for (const { order } of accepted) {
    const k = key(order.account_id, order.hold_asset);
    const s = sums.get(k) ?? { accountId: order.account_id, asset: order.hold_asset, amount: new Decimal(0) };
    s.amount = s.amount.plus(order.hold_amount);
    sums.set(k, s);
  }
  const values = sql.join(
    [...sums.values()].map(
      (s) => sql`(${s.accountId}::uuid, ${s.asset}::text, ${s.amount.toFixed()}::numeric)`,
    ),
  );
  await sql`update balances b set available = b.available - d.amount, held = b.held + d.amount, updated_at = now()
    from (values ${values}) as d (account_id, asset, amount)
    where b.account_id = d.account_id and b.asset = d.asset`.execute(trx);
  await trx
    .insertInto("ledger_entries")
    .values(
      accepted.flatMap(({ order }) => {
        const journal = {
          journal_id: newId(),
          account_id: order.account_id,
          asset: order.hold_asset,
          kind: "hold",
        };
        const amount = order.hold_amount.toFixed();
        const common = { ...journal, order_id: order.view.id, created_at: order.created_at };
        return [
          { ...common, id: newId(), bucket: "available" as const, amount: `-${amount}` },
          { ...common, id: newId(), bucket: "held" as const, amount },
        ];
      }),
    )
    .execute();
}

/** Two events per order, numbered in arrival order within each account's sequence. */
async function appendOrderEvents(trx: Executor, accepted: Accepted[]): Promise<void> {
  const byAccount = new Map<string, Accepted[]>();
  for (const a of accepted)
    byAccount.set(a.order.account_id, [...(byAccount.get(a.order.account_id) ?? []), a]);
  const ids = [...byAccount.keys()].sort();
  const counts = sql.join(ids.map((id) => sql`(${id}::uuid, ${2 * (byAccount.get(id)?.length ?? 0)}::int)`));
  await sql`select 1 from accounts where id in (${sql.join(ids)}) order by id for update`.execute(trx);
  const ends = await sql<{ id: string; event_seq: string }>`
    update accounts a set event_seq = a.event_seq + c.n from (values ${counts}) as c (id, n)
    where a.id = c.id returning a.id, a.event_seq`.execute(trx);
  const rows = ends.rows.flatMap(({ id, event_seq }) => {
    const mine = byAccount.get(id) ?? [];
    const first = BigInt(event_seq) - BigInt(2 * mine.length) + 1n;
    return mine.flatMap((a, i) => [
      {
        account_id: id,
        seq: String(first + BigInt(2 * i)),
        type: "order.created",
        payload: JSON.stringify(a.order.view),
      },
      {
        account_id: id,
        seq: String(first + BigInt(2 * i + 1)),
        type: "balance.updated",
        payload: JSON.stringify(a.balance),
      },
    ]);
  });
  await trx.insertInto("events").values(rows).execute();
}

async function queueRouting(trx: Executor, accepted: Accepted[]): Promise<void> {
  const ids = accepted.map((a) => a.order.view.id);
  await sql`select count(*) from graphile_worker.add_jobs(
    (select array_agg(row(${ROUTE_ORDER_TASK}::text, json_build_object('order_id', id), null::text, null::timestamptz,
      6::smallint, ${`${ROUTE_ORDER_TASK}:`}::text || id::text, null::smallint, null::text[])::graphile_worker.job_spec)
     from unnest(${ids}::uuid[]) as id))`.execute(trx);
}

/** Places a batch of orders in the caller's transaction; one outcome per order, by order id. */
export async function placeOrders(trx: Executor, orders: NewOrder[]): Promise<Map<string, Outcome>> {
  const outcomes = new Map<string, Outcome>(orders.map((o) => [o.view.id, "duplicate"]));
  const balances = await lockBalances(trx, orders);
  const insertedIds = await insertOrders(trx, orders);
  const { accepted, refused } = allocate(
    orders.filter((o) => insertedIds.has(o.view.id)),
    balances,
  );
  if (refused.length > 0) {
    await trx
      .deleteFrom("orders")
      .where(
        "id",
        "in",
        refused.map((o) => o.view.id),
      )
      .execute();
    for (const o of refused) outcomes.set(o.view.id, "insufficient");
  }
  if (accepted.length === 0) return outcomes;
  await applyHolds(trx, accepted);
  await appendOrderEvents(trx, accepted);
  await queueRouting(trx, accepted);
  for (const a of accepted) outcomes.set(a.order.view.id, "inserted");
  return outcomes;
}
