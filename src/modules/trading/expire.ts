// A good-till-date order's expiry, run by its `expire_order` job at the order's expire_at (queued
// with the order at placement, so it survives a restart of any process). The venue also expires
// the order on its own clock at that instant; whichever comes first ends it, the other finds it
// ended. A pending order closes here; an order at the venue is expired there and the venue's
// reports are settled at once (its webhook may be lost); one the venue no longer knows (it
// restarted) is closed as expired too, since its time is up.
import type { Logger } from "../../platform/logger.ts";
import { transact } from "../events/committed.ts";
import type { ExecutionReport } from "../executions/executions.table.ts";
import type { InstrumentCatalog } from "../instruments/instruments.service.ts";
import { isTerminal } from "../orders/orders.table.ts";
import type { Executor } from "../shared/executor.ts";
import { receiveReports } from "./inbox.ts";
import { lockOrders } from "./settle.sql.ts";
import { closeOrder } from "./transitions.ts";
import type { VenueClient } from "./venue.client.ts";

/** The reason an expired GTD order carries, as the venue words it. */
export const GTD_EXPIRY = "gtd_expiry";

const expiredUnknown = (orderId: string): ExecutionReport => ({
  execution_id: `${orderId}:gtd-expired`,
  order_id: orderId,
  type: "expired",
  reason: GTD_EXPIRY,
  executed_at: new Date().toISOString(),
});

export interface ExpireDeps {
  db: Executor;
  venue: Pick<VenueClient, "expire" | "executions">;
  catalog: InstrumentCatalog;
}

/** Expires the order if it is still open; "closed" when it closed here, "venue" when at the venue. */
export async function expireOrder(
  d: ExpireDeps,
  orderId: string,
  log: Pick<Logger, "warn">,
): Promise<"ended" | "closed" | "venue"> {
  const where = await transact(d.db, async (trx) => {
    const [row] = await lockOrders(trx, [orderId]);
    if (row === undefined || isTerminal(row.status)) return "ended" as const;
    if (row.status !== "pending") return "venue" as const;
    await closeOrder(trx, row, "expired", GTD_EXPIRY);
    return "closed" as const;
  });
  if (where !== "venue") return where;
  // A failure here fails the job, which the queue retries.
  const answer = await d.venue.expire(orderId);
  const reports =
    answer === undefined ? [expiredUnknown(orderId)] : ((await d.venue.executions(orderId)) ?? []);
  // Settled in the transaction that stores them; if that fails, they are stored with their job.
  await receiveReports(d.db, reports, { catalog: d.catalog, log });
  return "venue";
}
