// Starting and stopping the all-in-one process (`node src/main.ts start`, or `api` with
// BENCH_ROLE=api) on a throw-away DATA_DIR.
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export const ROOT = resolve(import.meta.dirname, "..", "..");
const NODE = join(ROOT, "node_modules", ".bin", "node");

/**
 * Settings of every Bourse process the bench starts. Per-key rate limits so high that no benchmark
 * reaches them: the limiter still runs on every request (its cost is measured) but never answers
 * 429 (the defaults, 200 orders and 1,200 reads a minute per key, would reject most of a load
 * test's requests). A 1 MiB body limit: the venue posts up to 500 execution reports at once, over
 * the default 64 KiB once a backlog forms, and the OMS's 413 stalls settlement (bug reported).
 */
export const BENCH_ENV = {
  RATE_LIMIT_TRADING_MAX: "1000000000",
  RATE_LIMIT_READ_MAX: "1000000000",
  RATE_LIMIT_PUBLIC_MAX: "1000000000",
  // The stream scenario opens every client from one address, several per key.
  STREAM_MAX_CONNECTIONS_PER_ADDRESS: "0",
  STREAM_MAX_CONNECTIONS_PER_KEY: "0",
  BODY_LIMIT_BYTES: "1048576",
};

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Server {
  child: ChildProcess;
  pid: number;
  url: string;
  dataDir: string;
  logFile: string;
  /** performance.now() at spawn. */
  spawnedAt: number;
  exited: Promise<Exit>;
  exit: Exit | undefined;
}

export interface Credentials {
  api_key: string;
  admin_token: string;
  account_id: string;
  base_url: string;
}

/** A fresh DATA_DIR the `postgres` OS user can traverse (the cluster lives in DATA_DIR/pg). */
export async function makeDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "bourse-bench-"));
  await chmod(dir, 0o755);
  return dir;
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export async function freePort(): Promise<number> {
  return await new Promise((done, fail) => {
    const s = createServer();
    s.on("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      const port = typeof a === "object" && a !== null ? a.port : 0;
      s.close(() => done(port));
    });
  });
}

/** Spawns the server and returns at once; its stdout and stderr go to `logFile`. */
export async function startServer(
  dataDir: string,
  logFile: string,
  // BENCH_ROLE=api measures the API alone (order entry without routing in the same process).
  role: "api" | "start" = process.env.BENCH_ROLE === "api" ? "api" : "start",
): Promise<Server> {
  const port = await freePort();
  const fd = openSync(logFile, "a");
  const spawnedAt = performance.now();
  const child = spawn(NODE, ["src/main.ts", role], {
    cwd: ROOT,
    // Its own process group: a Ctrl-C on the terminal reaches only the harness, which then sends one SIGTERM.
    detached: true,
    stdio: ["ignore", fd, fd],
    env: {
      ...process.env,
      NODE_ENV: "development",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
      LOG_FORMAT: "json",
      ...BENCH_ENV,
      // The API alone has no venue to route to: its placements leave routing to (absent) workers.
      ...(role === "api" && process.env.FAST_PATH === undefined ? { FAST_PATH: "false" } : {}),
      // Embedded PostgreSQL and the admin token from credentials.json, whatever .env says.
      DATABASE_URL: "",
      ADMIN_TOKEN: "",
    },
  });
  closeSync(fd);
  if (child.pid === undefined) throw new Error("could not spawn the server");
  const server: Server = {
    child,
    pid: child.pid,
    url: `http://127.0.0.1:${port}`,
    dataDir,
    logFile,
    spawnedAt,
    exit: undefined,
    exited: new Promise<Exit>((done) => {
      child.on("exit", (code, signal) => {
        server.exit = { code, signal };
        done({ code, signal });
      });
    }),
  };
  return server;
}

/** Polls GET /readyz until 200; returns ms since spawn. */
export async function waitReady(server: Server, timeoutMs = 120_000): Promise<number> {
  const deadline = server.spawnedAt + timeoutMs;
  while (performance.now() < deadline) {
    if (server.exit !== undefined) {
      throw new Error(`server exited during start-up (${JSON.stringify(server.exit)})\n${logTail(server)}`);
    }
    try {
      const res = await fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) return performance.now() - server.spawnedAt;
    } catch {
      // not listening yet
    }
    await sleep(25);
  }
  throw new Error(`server not ready after ${timeoutMs} ms\n${logTail(server)}`);
}

/** SIGTERM, then wait; SIGKILL (and the orphaned postmaster) after `graceMs`. */
export async function stopServer(server: Server, graceMs = 30_000): Promise<Exit & { ms: number }> {
  const t0 = performance.now();
  if (server.exit === undefined) {
    const postmaster = postmasterPid(server.dataDir);
    server.child.kill("SIGTERM");
    const timer = sleep(graceMs).then(() => "timeout" as const);
    if ((await Promise.race([server.exited, timer])) === "timeout") {
      console.error(`server pid ${server.pid} did not exit within ${graceMs} ms of SIGTERM; killing it`);
      server.child.kill("SIGKILL");
      await server.exited;
      if (postmaster !== undefined) killQuietly(postmaster);
    }
  }
  const exit = server.exit ?? (await server.exited);
  return { ...exit, ms: Math.round(performance.now() - t0) };
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, "SIGQUIT");
  } catch {
    // already gone
  }
}

export async function readCredentials(dataDir: string): Promise<Credentials> {
  const raw: unknown = JSON.parse(await readFile(join(dataDir, "credentials.json"), "utf8"));
  const c = raw as Partial<Record<keyof Credentials, unknown>>;
  for (const k of ["api_key", "admin_token", "account_id", "base_url"] as const) {
    if (typeof c[k] !== "string") throw new Error(`credentials.json has no string field ${k}`);
  }
  return raw as Credentials;
}

/** Line 1 of DATA_DIR/pg/postmaster.pid. */
export function postmasterPid(dataDir: string): number | undefined {
  return pidFileLine(dataDir, 0);
}

function pidFileLine(dataDir: string, index: number): number | undefined {
  const file = join(dataDir, "pg", "postmaster.pid");
  if (!existsSync(file)) return undefined;
  const v = Number(readFileSync(file, "utf8").split("\n")[index]);
  return Number.isInteger(v) && v > 0 ? v : undefined;
}

/** URL of the embedded cluster's `bourse` database: password in DATA_DIR/pg-password, port on line 4. */
export function databaseUrl(dataDir: string): string {
  const password = readFileSync(join(dataDir, "pg-password"), "utf8").trim();
  const port = pidFileLine(dataDir, 3);
  if (port === undefined) throw new Error("no port in DATA_DIR/pg/postmaster.pid");
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/bourse`;
}

export function logTail(server: Server, lines = 20): string {
  try {
    const all = readFileSync(server.logFile, "utf8").trimEnd().split("\n");
    return all.slice(-lines).join("\n");
  } catch {
    return "(no server log)";
  }
}

/** The server's log (LOG_LEVEL=warn, so warnings and errors only): a count and the first lines, condensed. */
export function logSummary(server: Server, keep = 20): { lines: number; first: string[] } {
  let all: string[] = [];
  try {
    all = readFileSync(server.logFile, "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "");
  } catch {
    return { lines: 0, first: [] };
  }
  return { lines: all.length, first: all.slice(0, keep).map(condense) };
}

/** `time level msg: err.message` for a pino JSON line (whole log objects can be kilobytes). */
function condense(line: string): string {
  try {
    const j = JSON.parse(line) as {
      time?: unknown;
      level?: unknown;
      msg?: unknown;
      err?: { message?: unknown };
      error?: unknown;
    };
    const err =
      typeof j.err?.message === "string"
        ? `: ${j.err.message}`
        : typeof j.error === "string"
          ? `: ${j.error.slice(0, 300)}`
          : "";
    return `${String(j.time)} level=${String(j.level)} ${String(j.msg)}${err}`;
  } catch {
    return line.slice(0, 300);
  }
}
