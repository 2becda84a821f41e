// The job runner: graphile-worker over the shared pool, logging through pino.
import { Logger as GraphileLogger, type Runner, run, type TaskList } from "graphile-worker";
import type pg from "pg";
import type { Logger } from "./logger.ts";

export interface QueueWorkerOptions {
  pool: pg.Pool;
  log: Logger;
  concurrency: number;
  pollIntervalMs: number;
  tasks: TaskList;
}

function graphileLogger(log: Logger): GraphileLogger {
  return new GraphileLogger((scope) => (level, message, meta) => {
    const fields = { scope: { label: scope.label, task: scope.taskIdentifier, job: scope.jobId }, ...meta };
    if (level === "error") log.error(fields, message);
    else if (level === "warning") log.warn(fields, message);
    else if (level === "info") log.info(fields, message);
    else log.debug(fields, message);
  });
}

/** Starts the runner; `stop()` lets running jobs finish, then releases the pool's clients. */
export async function startQueueWorker(o: QueueWorkerOptions): Promise<Runner> {
  return await run({
    pgPool: o.pool,
    taskList: o.tasks,
    concurrency: o.concurrency,
    pollInterval: o.pollIntervalMs,
    noHandleSignals: true,
    parsedCronItems: [],
    logger: graphileLogger(o.log.child({ component: "worker" })),
  });
}
