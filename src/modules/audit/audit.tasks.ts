// position_check (every 5 minutes): positions against the fills they came from.
import type { Task } from "graphile-worker";
import type { Executor } from "../shared/executor.ts";
import { positionsMatchFills } from "./invariants.ts";

export function positionCheckTask(
  db: Executor,
  onMismatches: (count: number) => void,
): Task<"position_check"> {
  return async (_payload, helpers) => {
    const mismatches = await db
      .transaction()
      .setIsolationLevel("repeatable read")
      .execute((trx) => positionsMatchFills(trx));
    onMismatches(mismatches.length);
    for (const m of mismatches.slice(0, 20)) helpers.logger.error(`position mismatch: ${m}`);
  };
}
