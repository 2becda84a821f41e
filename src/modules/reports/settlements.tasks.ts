// summarize_settlement: the join of the end-of-day run, queued once by the statement that finished
// last (see settlements.service.ts). Running it again on a complete run changes nothing.
import type { Task } from "graphile-worker";
import { parsePayload } from "../jobs/catalogue.ts";
import type { Executor } from "../shared/executor.ts";
import { summarizeRun } from "./settlements.service.ts";

export function summarizeSettlementTask(db: Executor): Task<"summarize_settlement"> {
  return async (raw, helpers) => {
    const { run_id } = parsePayload("summarize_settlement", raw);
    const outcome = await summarizeRun(db, run_id);
    if (outcome === "already_complete") helpers.logger.warn(`settlement run ${run_id} was already complete`);
  };
}
