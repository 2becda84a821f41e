// One benchmark instance: a fresh DATA_DIR, the server on it, funded traders; always torn down.
import { writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { checkInstruments, createTraders, type Trader } from "./api.ts";
import { withCleanup } from "./cleanup.ts";
import { openPgStats } from "./pgstats.ts";
import { cpuSnapshot, cpuUsage, round } from "./proc.ts";
import {
  type Credentials,
  databaseUrl,
  logSummary,
  makeDataDir,
  postmasterPid,
  readCredentials,
  removeDir,
  type Server,
  startServer,
  stopServer,
  waitReady,
} from "./server.ts";
import { analyze } from "./stack.ts";
import { LOAD, runWrk, socketErrors, type WrkRun } from "./wrk.ts";

export interface Instance {
  server: Server;
  credentials: Credentials;
  traders: Trader[];
  /** DATA_DIR/bench-keys.txt: one API key per line. */
  keysFile: string;
  readyMs: number;
}

/** Starts a server on a fresh DATA_DIR, creates `traders` funded accounts, runs `body`, then stops and deletes. */
export async function withInstance<T>(
  traders: number,
  body: (inst: Instance) => Promise<T>,
  role?: "api" | "start",
): Promise<
  T & {
    server_log: ReturnType<typeof logSummary>;
    shutdown: { code: number | null; signal: string | null; ms: number };
  }
> {
  const dataDir = await makeDataDir();
  let server: Server | undefined;
  let shutdown = { code: null as number | null, signal: null as string | null, ms: 0 };
  let log: ReturnType<typeof logSummary> = { lines: 0, first: [] };
  const result = await withCleanup(
    async () => {
      if (server !== undefined) {
        shutdown = await stopServer(server);
        log = logSummary(server);
      }
      await removeDir(dataDir);
    },
    async () => {
      server = await startServer(dataDir, join(dataDir, "bench-server.log"), role);
      const readyMs = await waitReady(server);
      const credentials = await readCredentials(dataDir);
      await checkInstruments(server.url);
      const t0 = performance.now();
      const made = await createTraders(server.url, credentials.admin_token, traders);
      console.log(`  ${traders} funded accounts with keys in ${Math.round(performance.now() - t0)} ms`);
      const keysFile = join(dataDir, "bench-keys.txt");
      await writeFile(keysFile, `${made.map((t) => t.key).join("\n")}\n`);
      return await body({ server, credentials, traders: made, keysFile, readyMs });
    },
  ).catch((error: unknown) => {
    // The DATA_DIR (and the server's log in it) is gone by now: show what the server said.
    if (log.lines > 0) console.error(`server log (${log.lines} lines, first ones):\n${log.first.join("\n")}`);
    throw error;
  });
  if (shutdown.code !== 0) console.error(`  server exit after SIGTERM: ${JSON.stringify(shutdown)}`);
  return { ...result, server_log: log, shutdown };
}

export interface Measured {
  command: string;
  wrk: WrkRun["result"];
  cpu: ReturnType<typeof cpuUsage> & { node_ms_per_request: number | null; pg_ms_per_request: number | null };
  pg: {
    sessions_opened: number;
    connected_before: number;
    connected_after: number;
    orders_added: number;
    transactions_per_request: number | null;
  };
  failures?: { statuses: Record<string, number>; samples: string[]; command: string };
}

/** A warm-up run, then the measured run with CPU and PostgreSQL counters around it. */
export async function measure(inst: Instance, script: string, args: string[]): Promise<Measured> {
  const { server } = inst;
  const stats = await openPgStats(databaseUrl(server.dataDir));
  try {
    console.log(`  warm-up ${LOAD.warmup} ...`);
    await runWrk({ url: server.url, script, args, duration: LOAD.warmup });
    await analyze(databaseUrl(server.dataDir));
    await sleep(2_000); // let backends flush their pending statistics
    const before = await stats.read();
    const pm = postmasterPid(server.dataDir);
    const a = cpuSnapshot(server.pid, pm);
    console.log(`  measured run ${LOAD.duration} ...`);
    const run = await runWrk({ url: server.url, script, args, duration: LOAD.duration });
    const b = cpuSnapshot(server.pid, pm);
    await sleep(2_000);
    const after = await stats.read();
    const cpu = cpuUsage(a, b, availableParallelism());
    const n = run.result.requests;
    const measured: Measured = {
      command: run.command,
      wrk: run.result,
      cpu: {
        ...cpu,
        node_ms_per_request: n > 0 ? round((1000 * cpu.node_cpu_s) / n, 3) : null,
        pg_ms_per_request: n > 0 ? round((1000 * cpu.pg_cpu_s) / n, 3) : null,
      },
      pg: {
        sessions_opened: after.sessions - before.sessions,
        connected_before: before.connected,
        connected_after: after.connected,
        orders_added: after.orders - before.orders,
        transactions_per_request: n > 0 ? round((after.transactions - before.transactions) / n, 2) : null,
      },
    };
    if (run.result.non2xx > 0 || socketErrors(run.result) > 0) {
      console.log("  failures seen: a 3 s sampling run to capture failing responses ...");
      const s = await runWrk({ url: server.url, script, args, duration: "3s", sample: true });
      measured.failures = {
        statuses: s.statuses,
        samples: s.samples,
        command: `BENCH_SAMPLE=1 ${s.command}`,
      };
    }
    return measured;
  } finally {
    await stats.close();
  }
}
