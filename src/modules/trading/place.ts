// Placement: many orders per transaction (group commit, batcher.ts), in two statements. Each
// order's row, its hold (the balance and two ledger entries), its `order.created` and
// `balance.updated` events and its batch's `route_orders` job (unless the placing process routes
// the batch itself) are written in the same transaction: they exist together or not at all. An
// order refused for funds leaves nothing behind and does not affect the others.
import { jobKeys, MAX_ATTEMPTS } from "../jobs/catalogue.ts";
import { addJob, addRouteOrdersSql } from "../jobs/queue.ts";
import type { Executor } from "../shared/executor.ts";
import { BatchWrite } from "./batch-write.ts";
import { type Accepted, allocate, holdRows, type NewOrder } from "./place.plan.ts";
import { deleteOrders, lockAndInsert } from "./place.sql.ts";

export type { NewOrder } from "./place.plan.ts";

/** inserted: written with its hold; duplicate: the client_order_id exists; insufficient: nothing written. */
export type Outcome = "inserted" | "duplicate" | "insufficient";

export interface PlaceOptions {
  /**
   * This process routes the batch right after COMMIT (the fast path), so no job is written; if it
   * dies first, the workers' rescue (rescue.ts) routes what it left.
   */
  routedHere: boolean;
}

/** Places a batch of orders in the caller's transaction; one outcome per order, by order id. */
export async function placeOrders(
  trx: Executor,
  orders: readonly NewOrder[],
  o: PlaceOptions,
): Promise<Map<string, Outcome>> {
  const outcomes = new Map<string, Outcome>(orders.map((order) => [order.view.id, "duplicate"]));
  // An order class's legs follow their parent in the batch; a parent that was a replay (not
  // inserted) takes its new legs' rows away again with the refused ones.
  const all = orders.flatMap((order) => [order, ...(order.legs ?? [])]);
  const { balances, inserted } = await lockAndInsert(trx, all);
  const { accepted, refused } = allocate(
    all.filter((order) => inserted.has(order.view.id)),
    balances,
  );
  for (const order of refused) outcomes.set(order.view.id, "insufficient");
  await deleteOrders(
    trx,
    refused.map((order) => order.view.id),
  );
  if (accepted.length === 0) return outcomes;
  await writeHolds(trx, accepted, o);
  for (const a of accepted) outcomes.set(a.order.view.id, "inserted");
  return outcomes;
}

/** The second statement: the holds, their ledger entries, the events, and the routing job. */
async function writeHolds(trx: Executor, accepted: readonly Accepted[], o: PlaceOptions): Promise<void> {
  const { deltas, entries } = holdRows(accepted);
  const write = new BatchWrite().moveBalances(deltas).insertLedgerEntries(entries);
  for (const { order, balance } of accepted) {
    write.events.add(order.account_id, "order.created", order.view);
    if (balance !== undefined) write.events.add(order.account_id, "balance.updated", balance);
  }
  // Legs are never routed on their own: the venue takes them with their parent.
  const ids = accepted.filter((a) => a.order.view.parent_order_id === null).map((a) => a.order.view.id);
  await write.run(trx, "place-holds", addRouteOrdersSql(ids, !o.routedHere));
  // A GTD order's expiry is a job at its instant, committed with the order: durable across
  // restarts of any process (the venue keeps its own clock too, in memory only).
  for (const { order } of accepted) {
    if (order.view.expire_at === null) continue;
    await addJob(
      trx,
      "expire_order",
      { order_id: order.view.id },
      {
        runAt: new Date(order.view.expire_at),
        jobKey: jobKeys.expire(order.view.id),
        maxAttempts: MAX_ATTEMPTS.expire_order,
      },
    );
  }
}
