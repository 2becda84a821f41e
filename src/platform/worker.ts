// The job runner: graphile-worker over the shared pool, logging through pino, with recovery of
// jobs that a killed worker left locked (worker-recovery.ts).
import { Logger as GraphileLogger, parseCronItems, run, type TaskList } from "graphile-worker";
import pg from "pg";
import type { Logger } from "./logger.ts";
import {
  DEFAULT_RECOVERY,
  type RecoveryOptions,
  startLockSweeper,
  withHeartbeats,
} from "./worker-recovery.ts";

export interface QueueWorkerOptions {
  pool: pg.Pool;
  log: Logger;
  concurrency: number;
  pollIntervalMs: number;
  tasks: TaskList;
  /** Recurring tasks: each runs once per tick across all workers. */
  schedules?: { task: string; cron: string }[];
  recovery?: RecoveryOptions;
  /**
   * Jobs fetched and locked per query (graphile-worker's local queue); 1 fetches one per worker.
   * Fewer fetch queries under a backlog; the locked ones stay covered by this process's heartbeat.
   */
  fetchBatch: number;
}

export interface QueueWorker {
  /** Lets running jobs finish, then releases the pool's clients. */
  stop(): Promise<void>;
}

function graphileLogger(log: Logger): GraphileLogger {
  return new GraphileLogger((scope) => (level, message, meta) => {
    const fields = { scope: { label: scope.label, task: scope.taskIdentifier, job: scope.jobId }, ...meta };
    if (level === "error") log.error(fields, message);
    else if (level === "warning") log.warn(fields, message);
    // graphile-worker reports every completed job at info: that is debug detail here.
    else log.debug(fields, message);
  });
}

export async function startQueueWorker(o: QueueWorkerOptions): Promise<QueueWorker> {
  const log = o.log.child({ component: "worker" });
  const recovery = o.recovery ?? DEFAULT_RECOVERY;
  // Heartbeats get connections of their own: a busy main pool must not make a live worker look dead.
  const beatPool = new pg.Pool({ ...o.pool.options, max: 2, application_name: "bourse-heartbeat" });
  beatPool.on("error", (error) => log.warn({ error: error.message }, "heartbeat connection failed"));
  const beating = withHeartbeats(o.tasks, beatPool, log, recovery);
  const runner = await run({
    pgPool: o.pool,
    taskList: beating.tasks,
    concurrency: o.concurrency,
    pollInterval: o.pollIntervalMs,
    noHandleSignals: true,
    preset: {
      worker: {
        ...(o.fetchBatch > 1 ? { localQueue: { size: o.fetchBatch } } : {}),
      },
    },
    parsedCronItems: parseCronItems(
      (o.schedules ?? []).map((s) => ({
        task: s.task,
        match: s.cron,
        identifier: s.task,
        options: { backfillPeriod: 0 },
      })),
    ),
    logger: graphileLogger(log),
  });
  const sweeper = startLockSweeper(beatPool, log, recovery);
  return {
    stop: async () => {
      sweeper.stop();
      await runner.stop();
      beating.stop();
      await beatPool.end();
    },
  };
}
