// Job handlers of the executions module.
import type { Task } from "graphile-worker";
import { z } from "zod";
import type { InstrumentCatalog } from "../instruments/instruments.service.ts";
import type { Executor } from "../shared/executor.ts";
import { settleBatch, settleOrQueue } from "./executions.service.ts";

// `order_id` is the payload of jobs queued before settlement was batched.
const payload = z.union([
  z.object({ order_ids: z.array(z.uuid()).min(1) }),
  z.object({ order_id: z.uuid() }).transform((p) => ({ order_ids: [p.order_id] })),
]);

/**
 * settle_fill: settles every stored, unsettled report of its orders (those of one webhook call),
 * in arrival order per order, many orders per transaction. A job of one order fails and is
 * retried when that order cannot settle; in a larger job, such an order gets a job of its own.
 */
export function settleFillTask(db: Executor, catalog: InstrumentCatalog): Task {
  return async (raw, helpers) => {
    const { order_ids } = payload.parse(raw);
    if (order_ids.length > 1) return await settleOrQueue(db, catalog, order_ids, helpers.logger);
    // A job of one order fails, and the queue retries it.
    const out = await settleBatch(db, catalog, order_ids);
    for (const id of out.ignored) helpers.logger.warn(`reports for terminal order ${id} were ignored`);
    if (out.failed[0] !== undefined) throw out.failed[0].error;
  };
}
