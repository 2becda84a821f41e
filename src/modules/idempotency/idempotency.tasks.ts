// purge_idempotency_keys (hourly): Idempotency-Key records past their 24 hours are deleted.
import type { Task } from "graphile-worker";
import type { Executor } from "../shared/executor.ts";
import { IdempotencyKeys } from "./idempotency.service.ts";

export function purgeIdempotencyKeysTask(db: Executor): Task<"purge_idempotency_keys"> {
  return async (_payload, helpers) => {
    const deleted = await new IdempotencyKeys(db).purge();
    if (deleted > 0) helpers.logger.info(`purged ${deleted} expired Idempotency-Key records`);
  };
}
