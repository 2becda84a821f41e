// The human table on stdout and the JSON file in bench/results/.
import { execFileSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { availableParallelism, cpus, totalmem } from "node:os";
import { join } from "node:path";
import type { Measured } from "./instance.ts";
import { round } from "./proc.ts";
import { ROOT } from "./server.ts";
import { socketErrors } from "./wrk.ts";

export type Row = [label: string, value: string | number];

export function printTable(title: string, rows: Row[]): void {
  const width = Math.max(...rows.map(([l]) => l.length));
  console.log(`\n${title}`);
  console.log("-".repeat(Math.max(title.length, width + 20)));
  for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN);

/** n, p50, p90, p99 and max of a list of latencies (ms), to two decimals. */
export function summary(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  return {
    n: s.length,
    p50: round(percentile(s, 50), 2),
    p90: round(percentile(s, 90), 2),
    p99: round(percentile(s, 99), 2),
    max: round(s.at(-1) ?? Number.NaN, 2),
  };
}

/** Rows for one measured wrk run. */
export function loadRows(m: Measured): Row[] {
  const w = m.wrk;
  const rows: Row[] = [
    ["requests", w.requests],
    ["req/s", w.rps],
    ["latency p50 / p90 / p99 / max ms", `${w.p50_ms} / ${w.p90_ms} / ${w.p99_ms} / ${w.max_ms}`],
    ["non-2xx (status >= 400)", w.non2xx],
    [
      "socket errors (connect/read/write/timeout)",
      `${socketErrors(w)} (${w.err_connect}/${w.err_read}/${w.err_write}/${w.err_timeout})`,
    ],
    ["CPU s: node / postgres (wall s)", `${m.cpu.node_cpu_s} / ${m.cpu.pg_cpu_s} (${m.cpu.wall_s})`],
    ["CPU ms per request: node / postgres", `${m.cpu.node_ms_per_request} / ${m.cpu.pg_ms_per_request}`],
    ["CPU s: wrk / irq+softirq / steal", `${m.cpu.wrk_cpu_s} / ${m.cpu.irq_cpu_s} / ${m.cpu.steal_s}`],
    ["CPU s: other processes (interference)", m.cpu.other_cpu_s],
    [`machine busy (${m.cpu.cores} cores, wrk included)`, `${m.cpu.machine_busy_pct}%`],
    ["PG sessions opened during run", m.pg.sessions_opened],
    ["PG transactions per request", `${m.pg.transactions_per_request}`],
    ["PG backends on bourse before / after", `${m.pg.connected_before} / ${m.pg.connected_after}`],
  ];
  if (m.failures !== undefined) {
    rows.push(["failing statuses (3 s sampling run)", JSON.stringify(m.failures.statuses)]);
    for (const s of m.failures.samples.slice(0, 5)) rows.push(["  sample", s]);
  }
  return rows;
}

function command(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  } catch {
    return "unknown";
  }
}

export function environment(wrkVersion: string): Record<string, unknown> {
  return {
    cores: availableParallelism(),
    cpu: cpus()[0]?.model ?? "unknown",
    mem_gib: Math.round(totalmem() / 2 ** 30),
    kernel: command("uname", ["-r"]),
    node: command(join(ROOT, "node_modules", ".bin", "node"), ["--version"]),
    git_commit: command("git", ["-C", ROOT, "rev-parse", "--short", "HEAD"]),
    git_dirty: command("git", ["-C", ROOT, "status", "--porcelain", "--", "src", "migrations"]) !== "",
    wrk: wrkVersion,
    note: "wrk, the Node server and PostgreSQL share the same cores",
  };
}

const stamp = (d: Date): string =>
  d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");

export async function writeResult(scenario: string, data: Record<string, unknown>): Promise<string> {
  const dir = join(ROOT, "bench", "results");
  await mkdir(dir, { recursive: true });
  const now = new Date();
  const file = join(dir, `${scenario}-${stamp(now)}.json`);
  await writeFile(
    file,
    `${JSON.stringify({ scenario, finished_at: now.toISOString(), ...data }, null, 2)}\n`,
  );
  return file;
}
