// State changes of an order after placement, each inside the caller's transaction, on an order
// row the caller has locked: closing (cancel, expiry, rejection, failure) and opening at the venue.
import { sql } from "kysely";
import { removeJob } from "../../platform/queue.ts";
import { appendEvents, type NewEvent } from "../events/events.service.ts";
import { holdLines, type MovedBalance, postJournal } from "../ledger/ledger.service.ts";
import { Decimal } from "../shared/decimal.ts";
import type { Executor } from "../shared/executor.ts";
import { routeJobKey } from "./orders.placement.ts";
import { setOrderClosed } from "./orders.repository.ts";
import type { OrderStatus } from "./orders.table.ts";
import { type OrderRow, orderView } from "./orders.views.ts";

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
  if (row.status === "pending") await removeJob(trx, routeJobKey(row.id));
  await appendEvents(trx, row.account_id, [
    { type: "order.updated", payload: updated },
    ...balanceEvents(moved),
  ]);
  return updated;
}

/** The venue accepted a pending order: it is now open (resting or working). */
export async function openOrder(trx: Executor, row: OrderRow) {
  if (row.status !== "pending") return orderView(row);
  const view = orderView({ ...row, status: "open" satisfies OrderStatus, updated_at: new Date() });
  // The update and its event in one statement: the routing transaction holds the order's lock
  // one round trip less.
  await appendEvents(
    trx,
    row.account_id,
    [{ type: "order.updated", payload: view }],
    sql`update orders set status = 'open', updated_at = ${view.updated_at}::timestamptz where id = ${row.id}`,
  );
  return view;
}
