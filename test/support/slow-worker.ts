// A worker process for the crash-recovery test: runs `hold_lock` jobs that never finish, beating
// its heartbeat quickly, until it is killed.
import { createLogger } from "../../src/platform/logger.ts";
import { createPool } from "../../src/platform/postgres.ts";
import { startQueueWorker } from "../../src/platform/worker.ts";

const url = process.env.TEST_WORKER_DATABASE_URL;
if (url === undefined) throw new Error("TEST_WORKER_DATABASE_URL is required");
const log = createLogger({ LOG_LEVEL: "warn", LOG_FORMAT: "json", NODE_ENV: "test" });
const pool = createPool(
  {
    connectionString: url,
    max: 4,
    statementTimeoutMs: 30_000,
    connectionTimeoutMs: 10_000,
    idleTimeoutMs: 10_000,
    maxLifetimeSeconds: 0,
    applicationName: "bourse-test-slow-worker",
  },
  log,
);
await startQueueWorker({
  pool,
  log,
  concurrency: 1,
  fetchBatch: 16,
  pollIntervalMs: 200,
  tasks: { hold_lock: () => new Promise(() => {}) },
  recovery: { heartbeatMs: 200, staleMs: 1_000, sweepMs: 60_000 },
});
console.log("worker started");
