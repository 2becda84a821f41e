// One measured wrk run against any server: warm-up, then the run with CPU per named process tree
// and new PostgreSQL sessions of one database around it.
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { type TreeUsage, treeSnapshot, treeUsage } from "./proc.ts";
import type { Row } from "./report.ts";
import { analyze, urlOf } from "./stack.ts";
import { LOAD, runWrk, socketErrors, type WrkResult } from "./wrk.ts";

export interface WrkSpec {
  url: string;
  script: string;
  args: string[];
  env?: Record<string, string>;
  /** The warm-up's arguments when they differ (the peer's GET warm-up walks every id once). */
  warmupArgs?: string[];
  /** Runs between the warm-up and the measured run (e.g. wait for a queue to drain). */
  afterWarmup?: () => Promise<unknown>;
  /** Root pids of the processes to account CPU to, by name; read when the run starts. */
  roots: () => Record<string, (number | undefined)[]>;
  /** pg_stat_database of this database: sessions opened during the run. */
  database: string;
  /** PostgreSQL maintenance URL for the session counter. */
  adminUrl: string;
  /** Counters read right before and right after the measured run (orders, queue length, ...). */
  counters?: () => Promise<Record<string, number>>;
}

export interface WrkMeasured {
  command: string;
  wrk: WrkResult;
  cpu: TreeUsage;
  pg_sessions_opened: number;
  counters: { before: Record<string, number>; after: Record<string, number> };
}

export async function sessions(adminUrl: string, database: string): Promise<number> {
  const c = new pg.Client({ connectionString: adminUrl, application_name: "bourse-bench" });
  await c.connect();
  try {
    const r = await c.query<{ s: string }>(
      "select sessions::text as s from pg_stat_database where datname = $1",
      [database],
    );
    return Number(r.rows[0]?.s ?? 0);
  } finally {
    await c.end();
  }
}

export async function measureWrk(spec: WrkSpec): Promise<WrkMeasured> {
  const common = { url: spec.url, script: spec.script, env: spec.env };
  console.log(`    warm-up ${LOAD.warmup} ...`);
  await runWrk({ ...common, args: spec.warmupArgs ?? spec.args, duration: LOAD.warmup });
  if (spec.afterWarmup !== undefined) await spec.afterWarmup();
  await analyze(urlOf(spec.database));
  await sleep(2_000); // backends flush pending statistics at most once a second
  const s0 = await sessions(spec.adminUrl, spec.database);
  const c0 = (await spec.counters?.()) ?? {};
  const roots = spec.roots();
  const a = treeSnapshot(roots);
  console.log(`    measured run ${LOAD.duration} ...`);
  const run = await runWrk({ ...common, args: spec.args, duration: LOAD.duration });
  const b = treeSnapshot(roots);
  const c1 = (await spec.counters?.()) ?? {};
  await sleep(2_000);
  const s1 = await sessions(spec.adminUrl, spec.database);
  const w = run.result;
  console.log(
    `    ${w.rps} req/s, p50/p99 ${w.p50_ms}/${w.p99_ms} ms, non-2xx ${w.non2xx}, socket errors ${socketErrors(w)}`,
  );
  return {
    command: run.command,
    wrk: w,
    cpu: treeUsage(a, b),
    pg_sessions_opened: s1 - s0,
    counters: { before: c0, after: c1 },
  };
}

export function measuredRows(label: string, m: WrkMeasured): Row[] {
  const w = m.wrk;
  const cpu = Object.entries(m.cpu.cpu_s)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  return [
    [
      `${label}: req/s, p50/p90/p99/max ms`,
      `${w.rps}  ${w.p50_ms} / ${w.p90_ms} / ${w.p99_ms} / ${w.max_ms}`,
    ],
    [
      `${label}: non-2xx, socket errors, new PG sessions`,
      `${w.non2xx}, ${socketErrors(w)}, ${m.pg_sessions_opened}`,
    ],
    [
      `${label}: CPU s`,
      `${cpu}, wrk ${m.cpu.wrk_cpu_s}, other ${m.cpu.other_cpu_s}; busy ${m.cpu.machine_busy_pct}%`,
    ],
  ];
}
