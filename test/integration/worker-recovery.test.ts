// A worker killed with SIGKILL must not leave its jobs locked: the sweeper releases them.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createLogger } from "../../src/platform/logger.ts";
import { startQueueWorker } from "../../src/platform/worker.ts";
import { unlockDeadWorkers } from "../../src/platform/worker-recovery.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

const log = createLogger({ LOG_LEVEL: "silent", LOG_FORMAT: "json", NODE_ENV: "test" });

async function jobState(key: string) {
  const r = await t.pool.query<{ locked_by: string | null; attempts: number }>(
    "select locked_by, attempts from graphile_worker.jobs where key = $1",
    [key],
  );
  return r.rows[0];
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test("when a worker holding a job is killed with SIGKILL, then its lock is released and another worker runs the job", async () => {
  await t.pool.query("select graphile_worker.add_job('hold_lock', '{}'::json, job_key => 'crash-1')");
  const child = spawn(process.execPath, ["test/support/slow-worker.ts"], {
    env: { ...process.env, TEST_WORKER_DATABASE_URL: t.url },
    stdio: "ignore",
  });
  const lockedBy = await until(
    "the job to be locked",
    async () => (await jobState("crash-1"))?.locked_by ?? undefined,
  );
  // While it beats, the sweeper leaves it alone.
  await new Promise((r) => setTimeout(r, 1_500));
  expect(await unlockDeadWorkers(t.pool, 1_000)).toEqual([]);
  expect((await jobState("crash-1"))?.locked_by).toBe(lockedBy);

  const exited = once(child, "exit");
  child.kill("SIGKILL");
  await exited;
  const released = await until("the sweeper to release the lock", async () => {
    const ids = await unlockDeadWorkers(t.pool, 1_000);
    return ids.length > 0 ? ids : undefined;
  });
  expect(released).toEqual([lockedBy]);
  expect((await jobState("crash-1"))?.locked_by).toBeNull();

  let ran = false;
  const worker = await startQueueWorker({
    pool: t.pool,
    log,
    concurrency: 1,
    fetchBatch: 16,
    pollIntervalMs: 100,
    tasks: {
      hold_lock: async () => {
        ran = true;
      },
    },
  });
  try {
    await until("the job to complete", async () =>
      (await jobState("crash-1")) === undefined ? true : undefined,
    );
    expect(ran).toBe(true);
  } finally {
    await worker.stop();
  }
}, 60_000);

test("when a worker stops while its local queue holds fetched jobs, then they are back unlocked with their attempt, and no error is logged", async () => {
  await t.pool.query(
    "select graphile_worker.add_jobs(array(select row('slow', '{}'::json, null, null, 5, null, null, null)::graphile_worker.job_spec from generate_series(1, 60)))",
  );
  const lines: { level: string; message: string }[] = [];
  const capture = (level: string) => (_fields: unknown, message: string) => lines.push({ level, message });
  const fake = {
    child: () => fake,
    error: capture("error"),
    warn: capture("warn"),
    info: capture("info"),
    debug: capture("debug"),
  } as unknown as typeof log;
  let started = 0;
  const worker = await startQueueWorker({
    pool: t.pool,
    log: fake,
    concurrency: 1,
    fetchBatch: 16,
    pollIntervalMs: 100,
    tasks: {
      slow: async () => {
        started++;
        await new Promise((r) => setTimeout(r, 50));
      },
    },
  });
  await until("jobs to run", async () => (started >= 3 ? true : undefined));
  await new Promise((r) => setTimeout(r, 20));
  await worker.stop();
  // At once: stop waited for the last completion and for the local queue's return.
  const r = await t.pool.query<{ locked: number; left: number; spent: number }>(
    `select count(*) filter (where locked_by is not null)::int as locked, count(*)::int as left,
       count(*) filter (where attempts > 0)::int as spent from graphile_worker.jobs where task_identifier = 'slow'`,
  );
  expect(r.rows[0]).toEqual({ locked: 0, left: 60 - started, spent: 0 });
  expect(lines.filter((l) => l.level === "error" || l.level === "warn")).toEqual([]);
  // graphile-worker 0.18 still trips over its own bookkeeping here (logged at debug).
  expect(lines.some((l) => l.message.includes("Cannot background something"))).toBe(true);
});
