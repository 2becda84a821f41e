// Start-up: spawn to GET /readyz 200 on a new DATA_DIR and again on the same one, idle RSS, clean SIGTERM.
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { withCleanup } from "../lib/cleanup.ts";
import { rssMiB, treeRssMiB } from "../lib/proc.ts";
import type { Row } from "../lib/report.ts";
import {
  logSummary,
  makeDataDir,
  postmasterPid,
  removeDir,
  type Server,
  startServer,
  stopServer,
  waitReady,
} from "../lib/server.ts";
import type { Outcome } from "./load.ts";

const IDLE_WAIT_MS = 5_000;

interface Start {
  data_dir: "new" | "existing";
  ready_ms: number;
  idle_rss_mib_node: number | null;
  idle_rss_mib_postgres_tree: number | null;
  sigterm_exit_code: number | null;
  sigterm_exit_signal: string | null;
  shutdown_ms: number;
  server_log: ReturnType<typeof logSummary>;
}

async function oneStart(dataDir: string, kind: Start["data_dir"], live: { server?: Server }): Promise<Start> {
  console.log(`  start on ${kind} DATA_DIR ...`);
  const server = await startServer(dataDir, join(dataDir, `bench-server-${kind}.log`));
  live.server = server;
  const readyMs = await waitReady(server);
  await sleep(IDLE_WAIT_MS);
  const rss = rssMiB(server.pid) ?? null;
  const pm = postmasterPid(dataDir);
  const pgRss = pm === undefined ? null : treeRssMiB(pm);
  const exit = await stopServer(server);
  live.server = undefined;
  console.log(
    `    ready ${Math.round(readyMs)} ms, RSS ${rss} MiB, SIGTERM exit ${exit.code} in ${exit.ms} ms`,
  );
  return {
    data_dir: kind,
    ready_ms: Math.round(readyMs),
    idle_rss_mib_node: rss,
    idle_rss_mib_postgres_tree: pgRss,
    sigterm_exit_code: exit.code,
    sigterm_exit_signal: exit.signal,
    shutdown_ms: exit.ms,
    server_log: logSummary(server),
  };
}

export async function startup(): Promise<Outcome> {
  const restarts = Number(process.env.BENCH_STARTUP_RESTARTS ?? 1);
  const dataDir = await makeDataDir();
  const live: { server?: Server } = {};
  const starts = await withCleanup(
    async () => {
      if (live.server !== undefined) await stopServer(live.server);
      await removeDir(dataDir);
    },
    async () => {
      const all = [await oneStart(dataDir, "new", live)];
      for (let i = 0; i < restarts; i++) all.push(await oneStart(dataDir, "existing", live));
      return all;
    },
  );
  const rows: Row[] = [];
  for (const s of starts) {
    const label = `${s.data_dir} DATA_DIR`;
    rows.push([`${label}: spawn -> /readyz 200 (ms)`, s.ready_ms]);
    rows.push([
      `${label}: idle RSS node / postgres tree (MiB, ${IDLE_WAIT_MS / 1000} s after ready)`,
      `${s.idle_rss_mib_node} / ${s.idle_rss_mib_postgres_tree}`,
    ]);
    rows.push([
      `${label}: SIGTERM exit code (shutdown ms)`,
      `${s.sigterm_exit_code ?? s.sigterm_exit_signal} (${s.shutdown_ms})`,
    ]);
    rows.push([`${label}: server log lines (warn+)`, s.server_log.lines]);
    for (const l of s.server_log.first.slice(0, 3)) rows.push(["  log", l]);
  }
  return { rows, data: { idle_wait_ms: IDLE_WAIT_MS, starts } };
}
