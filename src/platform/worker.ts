// The job runner: graphile-worker on a connection pool of its own (job handlers use the shared
// one), logging through pino, with recovery of jobs that a killed worker left locked
// (worker-recovery.ts).
import { EventEmitter } from "node:events";
import {
  Logger as GraphileLogger,
  parseCronItems,
  run,
  type TaskList,
  type WorkerEvents,
} from "graphile-worker";
import pg from "pg";
import type { Logger } from "./logger.ts";
import { type ClientSettings, endPool, fillPool, trackConnections } from "./postgres.ts";
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
  schedules?: readonly { task: string; cron: string }[];
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

/**
 * graphile-worker 0.18's local queue, released at shutdown while it holds fetched jobs and has no
 * fetch in flight, throws "Cannot background something when the queue is already released" before
 * returning them (it switches to RELEASED before it backgrounds the return), then logs that error
 * and its consequences at every level up to the runner. The return query has already been sent
 * by then (it is the argument of the call that throws) and does return the jobs, with their
 * attempt; only its bookkeeping fails. So these lines are expected while stopping and logged at
 * debug, and `stop` waits for the return to land (`awaitReleased`).
 */
const LOCAL_QUEUE_RELEASE_BUG = [
  "Cannot background something when the queue is already released",
  "Errors occurred whilst deactivating queue",
];

function graphileLogger(log: Logger, stopping: () => boolean): GraphileLogger {
  return new GraphileLogger((scope) => (level, message, meta) => {
    const fields = { scope: { label: scope.label, task: scope.taskIdentifier, job: scope.jobId }, ...meta };
    if (stopping() && LOCAL_QUEUE_RELEASE_BUG.some((m) => message.includes(m))) log.debug(fields, message);
    else if (level === "error") log.error(fields, message);
    else if (level === "warning") log.warn(fields, message);
    // graphile-worker reports every completed job at info: that is debug detail here.
    else log.debug(fields, message);
  });
}

/**
 * Waits (up to `timeoutMs`) until no job is locked by these stopped worker pools. A stopped runner
 * can still have writes in flight: the completion of the last jobs (graphile-worker does not
 * await it) and the return of the local queue's unstarted jobs (see LOCAL_QUEUE_RELEASE_BUG), and
 * the pool must not close under them. Whatever is still locked afterwards is freed by the lock
 * sweeper, as for a killed worker.
 */
async function awaitReleased(
  pool: pg.Pool,
  poolIds: string[],
  log: Logger,
  timeoutMs = 2_000,
): Promise<void> {
  if (poolIds.length === 0) return;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await pool
      .query<{ n: number }>(
        "select count(*)::int as n from graphile_worker.jobs where locked_by = any($1::text[])",
        [poolIds],
      )
      .catch(() => undefined);
    const n = r?.rows[0]?.n ?? -1;
    if (n === 0) return;
    if (Date.now() >= deadline) {
      log.warn({ jobs: n }, "jobs still locked by the stopped worker; the lock sweeper frees them");
      return;
    }
    await new Promise((done) => setTimeout(done, 20));
  }
}

/**
 * The queue pool: the LISTEN connection and one per concurrency slot (graphile-worker warns about
 * a smaller pool; with a local queue most of them stay idle).
 */
const queueConnections = (concurrency: number) => concurrency + 1;

/** graphile-worker's and the heartbeats' connections send BEGIN as they are told (no pipelining). */
const queueClients: ClientSettings = { pipeline: false };

export async function startQueueWorker(o: QueueWorkerOptions): Promise<QueueWorker> {
  const log = o.log.child({ component: "worker" });
  const recovery = o.recovery ?? DEFAULT_RECOVERY;
  // Heartbeats get connections of their own: a busy main pool must not make a live worker look dead.
  const beatSize = 2;
  const beatPool = trackConnections(
    new pg.Pool({ ...o.pool.options, ...queueClients, max: beatSize, application_name: "bourse-heartbeat" }),
  );
  beatPool.on("error", (error) => log.warn({ error: error.message }, "heartbeat connection failed"));
  const beating = withHeartbeats(o.tasks, beatPool, log, recovery);
  // graphile-worker's own queries (fetch, complete, LISTEN) get a pool of their own too: when job
  // handlers hold every connection of the main pool, its job completion timed out waiting for one
  // and the unhandled error ended the process (seen under the lifecycle bench).
  const queueSize = queueConnections(o.concurrency);
  const queuePool = trackConnections(
    new pg.Pool({
      ...o.pool.options,
      ...queueClients,
      // The process's application name (`bourse-worker`): its LISTEN connection is the worker's.
      max: queueSize,
    }),
  );
  queuePool.on("error", (error) => log.warn({ error: error.message }, "queue connection failed"));
  // A client's own errors while checked out (graphile-worker holds its LISTEN client for good).
  queuePool.on("connect", (client) =>
    client.on("error", (error) => log.warn({ error: error.message }, "queue connection failed")),
  );
  await Promise.all([fillPool(beatPool, beatSize), fillPool(queuePool, queueSize)]);
  let stopping = false;
  const pools: string[] = [];
  const events: WorkerEvents = new EventEmitter();
  events.on("pool:create", ({ workerPool }) => pools.push(workerPool.id));
  const runner = await run({
    events,
    pgPool: queuePool,
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
    logger: graphileLogger(log, () => stopping),
  });
  const sweeper = startLockSweeper(beatPool, log, recovery);
  return {
    stop: async () => {
      await sweeper.stop();
      stopping = true;
      try {
        await runner.stop();
      } finally {
        await awaitReleased(o.pool, pools, log);
      }
      beating.stop();
      await Promise.all([endPool(beatPool), endPool(queuePool)]);
    },
  };
}
