// The execution inbox: reports from the venue are stored once per execution id, each order's
// settlement queued with them in the same transaction, and settled in the order they arrived.

import { addJob } from "../../platform/queue.ts";
import { transact } from "../events/committed.ts";
import type { InstrumentCatalog } from "../instruments/instruments.service.ts";
import type { Executor } from "../shared/executor.ts";
import { insertReport, listUnsettled } from "./executions.repository.ts";
import type { ExecutionReport } from "./executions.table.ts";
import { type SettleResult, settleExecution } from "./settlement.ts";

export const SETTLE_TASK = "settle_fill";
/** One pending settle job per order: a second report for the order joins the waiting job. */
export const settleJobKey = (orderId: string) => `${SETTLE_TASK}:${orderId}`;

/**
 * Stores new reports and queues their orders' settlement, in one transaction. Known execution
 * ids are acknowledged and ignored. Returns how many were new.
 */
export async function receiveReports(db: Executor, reports: ExecutionReport[]): Promise<number> {
  return await transact(db, async (trx) => {
    const orders = new Set<string>();
    let fresh = 0;
    for (const report of reports) {
      if (!(await insertReport(trx, report))) continue;
      fresh++;
      orders.add(report.order_id);
    }
    for (const orderId of orders) {
      await addJob(
        trx,
        SETTLE_TASK,
        { order_id: orderId },
        { jobKey: settleJobKey(orderId), maxAttempts: 25 },
      );
    }
    return fresh;
  });
}

/** Settles an order's unsettled reports one transaction each, in arrival order. */
export async function settlePending(
  db: Executor,
  catalog: InstrumentCatalog,
  orderId: string,
): Promise<SettleResult[]> {
  const results: SettleResult[] = [];
  for (const executionId of await listUnsettled(db, orderId)) {
    results.push(await settleExecution(db, catalog, executionId));
  }
  return results;
}
