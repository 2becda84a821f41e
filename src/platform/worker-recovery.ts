// Recovery of jobs locked by a dead worker. graphile-worker keeps a crashed worker's jobs locked
// for 4 hours; here each worker that runs a job beats a heartbeat row every few seconds, and a
// sweeper in every worker process unlocks the jobs of workers that stopped beating.
import type { TaskList } from "graphile-worker";
import type pg from "pg";
import type { Logger } from "./logger.ts";
import { type Repeating, repeat } from "./repeat.ts";

export interface RecoveryOptions {
  /** How often a running job's worker writes its heartbeat. */
  heartbeatMs: number;
  /** A lock older than this whose worker has not beaten within it belongs to a dead worker. */
  staleMs: number;
  /** How often the sweeper looks. */
  sweepMs: number;
}

export const DEFAULT_RECOVERY: RecoveryOptions = { heartbeatMs: 5_000, staleMs: 30_000, sweepMs: 10_000 };

const beat = (pool: pg.Pool, ids: string[]) =>
  pool.query(
    `insert into worker_heartbeats (worker_id, last_seen_at) select unnest($1::text[]), now()
     on conflict (worker_id) do update set last_seen_at = excluded.last_seen_at`,
    [ids],
  );

/** Wraps every task so that the worker running it beats while the job runs. */
export function withHeartbeats(tasks: TaskList, pool: pg.Pool, log: Logger, o: RecoveryOptions) {
  const active = new Map<string, number>();
  // The first job of a worker beats before it runs; later ones only when the last beat is old.
  const lastBeat = new Map<string, number>();
  const timer = setInterval(() => {
    if (active.size === 0) return;
    const ids = [...active.keys()];
    beat(pool, ids).then(
      () => {
        for (const id of ids) lastBeat.set(id, Date.now());
      },
      (error: unknown) => log.warn({ error: String(error) }, "heartbeat failed"),
    );
  }, o.heartbeatMs);
  timer.unref();
  const wrapped: TaskList = {};
  for (const [name, task] of Object.entries(tasks)) {
    if (task === undefined) continue;
    wrapped[name] = async (payload, helpers) => {
      const id = helpers.job.locked_by;
      if (id === null) return await task(payload, helpers);
      active.set(id, (active.get(id) ?? 0) + 1);
      try {
        if (Date.now() - (lastBeat.get(id) ?? 0) > o.heartbeatMs / 2) {
          await beat(pool, [id]);
          lastBeat.set(id, Date.now());
        }
        return await task(payload, helpers);
      } finally {
        const left = (active.get(id) ?? 1) - 1;
        if (left === 0) active.delete(id);
        else active.set(id, left);
      }
    };
  }
  return { tasks: wrapped, stop: () => clearInterval(timer) };
}

/** Unlocks the jobs of every worker that holds a stale lock and no fresh heartbeat; returns their ids. */
export async function unlockDeadWorkers(pool: pg.Pool, staleMs: number): Promise<string[]> {
  const dead = await pool.query<{ locked_by: string }>(
    `select distinct j.locked_by from graphile_worker.jobs j
     where j.locked_by is not null and j.locked_at < now() - make_interval(secs => $1::float8 / 1000)
     and not exists (
       select 1 from worker_heartbeats h
       where h.worker_id = j.locked_by and h.last_seen_at > now() - make_interval(secs => $1::float8 / 1000))`,
    [staleMs],
  );
  const ids = dead.rows.map((r) => r.locked_by);
  if (ids.length > 0) {
    await pool.query("select graphile_worker.force_unlock_workers($1::text[])", [ids]);
    await pool.query("delete from worker_heartbeats where worker_id = any($1::text[])", [ids]);
  }
  await pool.query("delete from worker_heartbeats where last_seen_at < now() - interval '1 hour'");
  return ids;
}

export function startLockSweeper(pool: pg.Pool, log: Logger, o: RecoveryOptions): Repeating {
  return repeat(
    o.sweepMs,
    async () => {
      const ids = await unlockDeadWorkers(pool, o.staleMs);
      if (ids.length > 0) log.warn({ workers: ids }, "released the jobs of workers that stopped beating");
    },
    (error) => log.warn({ error: String(error) }, "lock sweep failed"),
  );
}
