// State changes of an order after placement, each inside the caller's transaction, on an order
// row the caller has locked: closing (cancel, expiry, rejection, failure) and opening at the venue.
import { appendEvents, type NewEvent } from "../events/events.service.ts";
import { jobKeys } from "../jobs/catalogue.ts";
import { removeJob } from "../jobs/queue.ts";
import { holdLines, type MovedBalance, postJournal } from "../ledger/ledger.service.ts";
import { setOrderClosed } from "../orders/orders.repository.ts";
import { type OrderRow, orderView } from "../orders/orders.views.ts";
import { Decimal } from "../shared/decimal.ts";
import type { Executor } from "../shared/executor.ts";
import { BatchWrite, orderState } from "./batch-write.ts";

export type ClosedStatus = "cancelled" | "expired" | "rejected" | "failed";

export const balanceEvents = (moved: MovedBalance[]): NewEvent[] =>
  moved.map(({ account_id: _account, journal_id: _journal, ...balance }) => ({
    type: "balance.updated",
    payload: balance,
  }));

/**
 * Moves a locked, open order to a terminal status, releases what it still holds, records the
 * events. A pending order's routing job is withdrawn if no worker has taken it yet (a worker that
 * has taken it finds the order closed and leaves it).
 */
export async function closeOrder(
  trx: Executor,
  row: OrderRow,
  status: ClosedStatus,
  reason: string | null = null,
) {
  const remaining = new Decimal(row.hold_amount);
  const moved = remaining.isZero()
    ? []
    : await postJournal(trx, {
        kind: "release",
        orderId: row.id,
        lines: holdLines(row.account_id, row.hold_asset, remaining.negated()),
      });
  const updated = orderView(await setOrderClosed(trx, row.id, status, reason));
  if (row.status === "pending") await removeJob(trx, jobKeys.route(row.id));
  await appendEvents(trx, row.account_id, [
    { type: "order.updated", payload: updated },
    ...balanceEvents(moved),
  ]);
  return updated;
}

/**
 * The venue accepted these pending orders: they are now open (resting or working). Their updates
 * and events are one statement, so the routing transaction holds the orders' locks one round
 * trip, whatever the number of orders.
 */
export async function openOrders(trx: Executor, rows: readonly OrderRow[]): Promise<void> {
  const pending = rows.filter((r) => r.status === "pending");
  if (pending.length === 0) return;
  const now = new Date();
  const opened = pending.map((row) => ({ ...row, status: "open" as const, updated_at: now }));
  const write = new BatchWrite().updateOrders(opened.map(orderState));
  for (const o of opened) write.events.add(o.account_id, "order.updated", orderView(o));
  await write.run(trx, "open-orders");
}
