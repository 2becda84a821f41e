// The shared stack of `compare`: the Python peer's PostgreSQL 15 and Redis (its run.sh setup/stop),
// the peer's uvicorn and Celery, and Bourse's venue, api and worker roles on the same servers.
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { withCleanup } from "./cleanup.ts";
import { BENCH_ENV, freePort, makeDataDir, ROOT } from "./server.ts";
import { type Proc, startProc, tail, waitHttp } from "./spawn.ts";

export const PEER_SRC = resolve(
  process.env.BENCH_PEER_SRC ?? join(ROOT, "..", "shared", "bench", "seed-fastapi"),
);
/** A copy of the peer: run.sh builds its venv beside itself, and the shared folder stays untouched. */
export const PEER_DIR = resolve(process.env.BENCH_PEER_DIR ?? "/tmp/bourse-bench-peer/seed-fastapi");
export const PGBIN = "/usr/lib/postgresql/15/bin";
const PGDATA = "/tmp/pgpeer/data";
const REDIS_PID = "/tmp/redispeer/redis.pid";
export const ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";
export const urlOf = (db: string): string => `postgres://postgres@127.0.0.1:5432/${db}`;
const NODE = join(ROOT, "node_modules", ".bin", "node");

const pidIn = (file: string): number | undefined => {
  try {
    const v = Number(readFileSync(file, "utf8").split("\n")[0]);
    return Number.isInteger(v) && v > 0 ? v : undefined;
  } catch {
    return undefined;
  }
};
export const postmaster = (): number | undefined => pidIn(join(PGDATA, "postmaster.pid"));
export const redisPid = (): number | undefined => pidIn(REDIS_PID);
const alive = (pid: number | undefined) => {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function runSh(what: "setup" | "stop"): void {
  const r = spawnSync("bash", [join(PEER_DIR, "run.sh"), what], {
    encoding: "utf8",
    env: { ...process.env, PIP_RETRIES: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (r.status !== 0) throw new Error(`run.sh ${what} failed (${r.status}):\n${r.stdout}${r.stderr}`);
}

/**
 * Copies the peer, runs `run.sh setup` (venv, PostgreSQL 15 on :5432, Redis on :6379), creates the
 * peer's table, runs `body`, then `run.sh stop` unless PostgreSQL and Redis were running before.
 */
export async function withPeerServices<T>(body: () => Promise<T>): Promise<T> {
  if (!existsSync(join(PEER_SRC, "run.sh"))) throw new Error(`no peer at ${PEER_SRC} (BENCH_PEER_SRC)`);
  mkdirSync(PEER_DIR, { recursive: true });
  cpSync(PEER_SRC, PEER_DIR, { recursive: true, filter: (src) => !src.includes("/.venv") });
  const before = alive(postmaster()) && alive(redisPid());
  console.log(`  run.sh setup in ${PEER_DIR} (the first time builds the venv: minutes) ...`);
  const stop = async () => {
    if (before) console.log("  PostgreSQL and Redis were running before: left running");
    else {
      console.log("  run.sh stop");
      runSh("stop");
    }
  };
  return await withCleanup(stop, async () => {
    runSh("setup");
    const init = spawnSync(join(PEER_DIR, ".venv", "bin", "python"), ["-m", "myapp.init_db"], {
      cwd: join(PEER_DIR, "src"),
      env: peerEnv(),
      encoding: "utf8",
    });
    if (init.status !== 0) throw new Error(`myapp.init_db failed:\n${init.stdout}${init.stderr}`);
    return await body();
  });
}

/** run.sh's environment for the peer's processes. */
function peerEnv(): Record<string, string | undefined> {
  return {
    ...process.env,
    DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/orders",
    REDIS_URL: "redis://127.0.0.1:6379/0",
    CELERY_BROKER_URL: "redis://127.0.0.1:6379/1",
    CELERY_RESULT_BACKEND: "redis://127.0.0.1:6379/2",
    API_KEY: "bench-not-a-secret",
    LOG_LEVEL: "warning",
    PYTHONPATH: join(PEER_DIR, "src"),
  };
}

export function redis(...args: string[]): string {
  return execFileSync("redis-cli", ["-h", "127.0.0.1", "-p", "6379", ...args], { encoding: "utf8" }).trim();
}

/** A connection held across a measured run, so that the run's session count does not include it. */
export async function connect(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url, application_name: "bourse-bench" });
  c.on("error", () => undefined);
  await c.connect();
  return c;
}

/** One query on a new connection to `url`, or on a held one. */
export async function sql<R extends Record<string, unknown>>(
  url: string | pg.Client,
  text: string,
  values: unknown[] = [],
): Promise<R[]> {
  if (typeof url !== "string") return (await url.query<R>(text, values)).rows;
  const c = new pg.Client({ connectionString: url, application_name: "bourse-bench" });
  await c.connect();
  try {
    return (await c.query<R>(text, values)).rows;
  } finally {
    await c.end();
  }
}

/**
 * ANALYZE, run after each warm-up: the measured run then meets the planner statistics that any
 * database past autovacuum's first pass has. On a cluster made for the run, the connections keep
 * the generic plans they made while the tables were nearly empty (sequential scans of `orders`,
 * 5-18 ms each once it holds 40,000 rows) until an analyze invalidates them, and autovacuum's
 * first pass comes a minute or more after start: later than most measured runs end.
 */
export async function analyze(url: string): Promise<void> {
  await sql(url, "analyze");
}

export interface PeerApp {
  url: string;
  app: Proc;
  celery: Proc;
}

/** run.sh's start_celery and start_app: Celery (prefork, concurrency 1), then uvicorn with `workers`. */
export async function startPeer(workers: number, logDir: string): Promise<PeerApp> {
  const py = join(PEER_DIR, ".venv", "bin", "python");
  const cwd = join(PEER_DIR, "src");
  const env = peerEnv();
  const celery = startProc(
    "celery",
    py,
    ["-m", "celery", "-A", "myapp.tasks:celery_app", "worker", "--concurrency", "1"].concat([
      "--pool",
      "prefork",
      "--loglevel",
      "warning",
    ]),
    { cwd, env, logFile: join(logDir, "celery.log") },
  );
  const port = await freePort();
  const app = startProc(
    "uvicorn",
    py,
    ["-m", "uvicorn", "myapp.main:app", "--host", "127.0.0.1", "--port", String(port)]
      .concat(["--workers", String(workers), "--no-access-log", "--log-level", "warning"])
      .concat(["--loop", "uvloop", "--http", "httptools"]),
    { cwd, env, logFile: join(logDir, `uvicorn-w${workers}.log`) },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitHttp(app, `${url}/api/v1/orders/?symbol=WARM&limit=1`);
    const ping =
      "from myapp.tasks import celery_app; import sys; sys.exit(0 if celery_app.control.ping(timeout=0.5) else 1)";
    for (let i = 0; ; i++) {
      if (spawnSync(py, ["-c", ping], { cwd, env }).status === 0) break;
      if (i > 100 || celery.exit !== undefined)
        throw new Error(`celery did not start\n${tail(celery.logFile)}`);
      await sleep(200);
    }
  } catch (error) {
    await app.stop();
    await celery.stop();
    throw error;
  }
  return { url, app, celery };
}

/** Seconds until the Celery queue is empty (capped). */
export async function peerDrain(maxS: number): Promise<number> {
  const t0 = performance.now();
  while (redis("-n", "1", "llen", "celery") !== "0" && performance.now() - t0 < maxS * 1000) await sleep(200);
  return Math.round((performance.now() - t0) / 100) / 10;
}

/** run.sh's seed_read_data: 10,000 orders over 20 symbols; the first 2,000 ids by id into a file. */
export async function seedPeerReads(file: string): Promise<void> {
  const url = urlOf("orders");
  await sql(url, "truncate orders");
  await sql(
    url,
    `insert into orders (id, symbol, side, order_type, quantity, price, status, created_at)
     select gen_random_uuid()::text,
       (array['BTC-USD','ETH-USD','SOL-USD','ADA-USD','XRP-USD','DOGE-USD','DOT-USD','AVAX-USD',
              'LINK-USD','LTC-USD','BTC-EUR','ETH-EUR','AAPL','MSFT','GOOG','AMZN',
              'TSLA','NVDA','SPY_2025','QQQ_2025'])[(i % 20) + 1],
       case when i % 2 = 0 then 'buy' else 'sell' end, 'limit',
       ((i % 1000) + 1) / 100.0, ((i * 7919) % 5000000 + 100) / 100.0, 'pending',
       now() - make_interval(secs => i)
     from generate_series(1, 10000) as i`,
  );
  await sql(url, "analyze orders");
  const ids = await sql<{ id: string }>(url, "select id from orders order by id limit 2000");
  const { writeFile } = await import("node:fs/promises");
  await writeFile(file, `${ids.map((r) => r.id).join("\n")}\n`);
}

export interface BourseStack {
  /** One URL per API process. */
  urls: string[];
  ports: number[];
  api: Proc[];
  worker?: Proc;
  venue?: Proc;
  env: Record<string, string | undefined>;
  adminToken: string;
  database: string;
  dataDir: string;
}

/** Drops and recreates `database` on the peer's server and applies Bourse's migrations. */
export async function freshBourseDatabase(database: string): Promise<void> {
  await sql(ADMIN_URL, `drop database if exists ${database} with (force)`);
  await sql(ADMIN_URL, `create database ${database}`);
  const r = spawnSync(NODE, ["src/main.ts", "migrate", "latest"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: urlOf(database), LOG_LEVEL: "warn" },
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`bourse migrate latest failed:\n${r.stdout}${r.stderr}`);
}

/**
 * Bourse on the shared PostgreSQL: `apis` API processes on ports of their own, plus the venue and
 * one worker when `pipeline` (orders are routed, matched and settled as they come in).
 */
export async function startBourse(o: {
  database: string;
  apis: number;
  pipeline: boolean;
}): Promise<BourseStack> {
  const dataDir = await makeDataDir();
  const ports = await Promise.all(Array.from({ length: o.apis }, () => freePort()));
  const venuePort = await freePort();
  const adminToken = randomBytes(24).toString("base64url");
  const env: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: "development",
    DATABASE_URL: urlOf(o.database),
    REDIS_URL: "redis://127.0.0.1:6379/4",
    ADMIN_TOKEN: adminToken,
    VENUE_WEBHOOK_SECRET: randomBytes(24).toString("base64url"),
    VENUE_URL: `http://127.0.0.1:${venuePort}`,
    VENUE_PORT: String(venuePort),
    OMS_WEBHOOK_URL: `http://127.0.0.1:${ports[0]}/internal/venue/executions`,
    DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    LOG_FORMAT: "json",
    ...BENCH_ENV,
  };
  const start = (name: string, role: string, extra: Record<string, string> = {}) =>
    startProc(name, NODE, ["src/main.ts", role], {
      cwd: ROOT,
      env: { ...env, ...extra },
      logFile: join(dataDir, `${name}.log`),
    });
  const stack: BourseStack = {
    urls: ports.map((p) => `http://127.0.0.1:${p}`),
    ports,
    api: [],
    env,
    adminToken,
    database: o.database,
    dataDir,
  };
  try {
    if (o.pipeline) {
      stack.venue = start("venue", "venue");
      await waitHttp(stack.venue, `${env.VENUE_URL}/healthz`);
    }
    stack.api = ports.map((port, i) => start(`api-${i + 1}`, "api", { PORT: String(port) }));
    for (const [i, p] of stack.api.entries()) await waitHttp(p, `${stack.urls[i]}/readyz`);
    if (o.pipeline) {
      stack.worker = start("worker", "worker");
      await waitWorker(stack);
    }
  } catch (error) {
    await stopBourse(stack);
    throw error;
  }
  return stack;
}

/** The worker is up when its graphile-worker connection LISTENs for new jobs. */
async function waitWorker(stack: BourseStack): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const w = stack.worker;
    if (w?.exit !== undefined) throw new Error(`worker exited during start-up\n${tail(w.logFile)}`);
    const rows = await sql<{ n: string }>(
      ADMIN_URL,
      `select count(*)::text as n from pg_stat_activity
       where datname = $1 and application_name = 'bourse-worker' and query ilike 'listen%'`,
      [stack.database],
    );
    if (Number(rows[0]?.n) > 0) return;
    await sleep(100);
  }
  throw new Error("the worker did not LISTEN for jobs within 30 s");
}

export async function stopBourse(stack: BourseStack): Promise<void> {
  for (const p of [...stack.api, stack.worker, stack.venue]) await p?.stop();
  const { rm } = await import("node:fs/promises");
  await rm(stack.dataDir, { recursive: true, force: true });
}

/** Runs `body` with a Bourse stack; always stopped. */
export async function withBourse<T>(
  o: { database: string; apis: number; pipeline: boolean },
  body: (s: BourseStack) => Promise<T>,
): Promise<T> {
  let stack: BourseStack | undefined;
  return await withCleanup(
    async () => {
      if (stack !== undefined) await stopBourse(stack);
    },
    async () => {
      stack = await startBourse(o);
      return await body(stack);
    },
  );
}

/** Jobs the worker can run now, and orders still waiting to be routed. */
export async function bourseBacklog(
  database: string | pg.Client,
): Promise<{ jobs: number; pending_orders: number }> {
  const r = await sql<{ jobs: string; pending: string }>(
    typeof database === "string" ? urlOf(database) : database,
    `select (select count(*) from graphile_worker.jobs where run_at <= now() and attempts < max_attempts)::text as jobs,
            (select count(*) from orders where status = 'pending')::text as pending`,
  );
  return { jobs: Number(r[0]?.jobs), pending_orders: Number(r[0]?.pending) };
}

/** Seconds until no job is runnable (capped). */
export async function bourseDrain(database: string, maxS: number): Promise<number> {
  const t0 = performance.now();
  while ((await bourseBacklog(database)).jobs > 0 && performance.now() - t0 < maxS * 1000) await sleep(200);
  return Math.round((performance.now() - t0) / 100) / 10;
}
