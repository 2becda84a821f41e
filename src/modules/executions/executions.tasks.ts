// Job handlers of the executions module.
import type { Task } from "graphile-worker";
import { z } from "zod";
import type { InstrumentCatalog } from "../instruments/instruments.service.ts";
import type { Executor } from "../shared/executor.ts";
import { settlePending } from "./executions.service.ts";

const payload = z.object({ order_id: z.uuid() });

/** settle_fill: settles every stored, unsettled report of one order, in arrival order. */
export function settleFillTask(db: Executor, catalog: InstrumentCatalog): Task {
  return async (raw, helpers) => {
    const { order_id } = payload.parse(raw);
    const results = await settlePending(db, catalog, order_id);
    if (results.includes("ignored"))
      helpers.logger.warn(`reports for terminal order ${order_id} were ignored`);
  };
}
