// CPU and memory of the processes under test, read from /proc (Linux only).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

const CLK_TCK = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

interface ProcStat {
  ppid: number;
  /** utime + stime of the process itself (all its threads), in clock ticks. */
  own: number;
  /** cutime + cstime: children it has waited for (e.g. exited PostgreSQL backends). */
  reaped: number;
}

function readStat(pid: number): ProcStat | undefined {
  let raw: string;
  try {
    raw = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // Fields after "(comm)": state ppid ... utime(11) stime(12) cutime(13) cstime(14).
  const f = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
  const n = (i: number) => Number(f[i] ?? 0);
  return { ppid: n(1), own: n(11) + n(12), reaped: n(13) + n(14) };
}

function processTable(): Map<number, ProcStat> {
  const table = new Map<number, ProcStat>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(Number(name));
    if (s !== undefined) table.set(Number(name), s);
  }
  return table;
}

/** `root` and all its live descendants. */
function treeOf(table: Map<number, ProcStat>, root: number): number[] {
  if (!table.has(root)) return [];
  const members = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, s] of table) {
      if (members.has(s.ppid) && !members.has(pid)) {
        members.add(pid);
        grew = true;
      }
    }
  }
  return [...members];
}

/** The "cpu" line of /proc/stat: user nice system idle iowait irq softirq steal (guest is inside user). */
function machineJiffies(): { total: number; idle: number; irq: number; steal: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
  const v = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const at = (i: number) => v[i] ?? 0;
  const total = v.reduce((a, b) => a + b, 0);
  return { total, idle: at(3) + at(4), irq: at(5) + at(6), steal: at(7) };
}

export interface CpuSnapshot {
  at: number;
  node: number;
  pg: number;
  /** This harness: its own ticks, and its reaped children's (wrk runs are reaped when they end). */
  harness: number;
  wrk: number;
  total: number;
  idle: number;
  irq: number;
  steal: number;
}

/** Ticks of the Node server process, and of the PostgreSQL tree (postmaster, backends, reaped backends). */
export function cpuSnapshot(nodePid: number, postmasterPid: number | undefined): CpuSnapshot {
  const table = processTable();
  const node = table.get(nodePid)?.own ?? 0;
  let pg = 0;
  if (postmasterPid !== undefined) {
    for (const pid of treeOf(table, postmasterPid)) {
      const s = table.get(pid);
      if (s !== undefined) pg += s.own + s.reaped;
    }
  }
  const self = table.get(process.pid);
  return {
    at: performance.now(),
    node,
    pg,
    harness: self?.own ?? 0,
    wrk: self?.reaped ?? 0,
    ...machineJiffies(),
  };
}

export interface CpuUsage {
  wall_s: number;
  node_cpu_s: number;
  pg_cpu_s: number;
  /** wrk runs that ended in the window (children of this harness). */
  wrk_cpu_s: number;
  harness_cpu_s: number;
  /** Interrupt and softirq time (loopback networking); mostly already inside the stime of the process it interrupted. */
  irq_cpu_s: number;
  /** Time the hypervisor gave to other guests. */
  steal_s: number;
  /** Busy CPU of the machine outside node, postgres, wrk and this harness: other processes disturbing the
   * run, plus kernel threads (ksoftirqd). */
  other_cpu_s: number;
  /** Share of all cores busy over the window (whole machine, wrk included; steal excluded). */
  machine_busy_pct: number;
  cores: number;
}

export function cpuUsage(a: CpuSnapshot, b: CpuSnapshot, cores: number): CpuUsage {
  const total = b.total - a.total;
  const steal = b.steal - a.steal;
  const irq = b.irq - a.irq;
  const busy = total - (b.idle - a.idle) - steal;
  const known = b.node - a.node + (b.pg - a.pg) + (b.wrk - a.wrk) + (b.harness - a.harness);
  return {
    wall_s: round((b.at - a.at) / 1000, 2),
    node_cpu_s: round((b.node - a.node) / CLK_TCK, 2),
    pg_cpu_s: round((b.pg - a.pg) / CLK_TCK, 2),
    wrk_cpu_s: round((b.wrk - a.wrk) / CLK_TCK, 2),
    harness_cpu_s: round((b.harness - a.harness) / CLK_TCK, 2),
    irq_cpu_s: round(irq / CLK_TCK, 2),
    steal_s: round(steal / CLK_TCK, 2),
    other_cpu_s: round(Math.max(0, busy - known) / CLK_TCK, 2),
    machine_busy_pct: total - steal > 0 ? round((100 * busy) / (total - steal), 1) : 0,
    cores,
  };
}

/** VmRSS of one process in MiB, or undefined when it is gone. */
export function rssMiB(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m?.[1] === undefined ? undefined : round(Number(m[1]) / 1024, 1);
  } catch {
    return undefined;
  }
}

/** Sum of VmRSS over a process tree in MiB (shared pages are counted once per process). */
export function treeRssMiB(root: number): number {
  let sum = 0;
  for (const pid of treeOf(processTable(), root)) sum += rssMiB(pid) ?? 0;
  return round(sum, 1);
}

export const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

export interface TreeSnapshot {
  at: number;
  /** Ticks per name: own + reaped children of every process in the trees under its root pids. */
  ticks: Record<string, number>;
  harness: number;
  wrk: number;
  total: number;
  idle: number;
  irq: number;
  steal: number;
}

/** CPU ticks of named process trees (e.g. api: [pid1, pid2], postgres: [postmaster]). */
export function treeSnapshot(roots: Record<string, (number | undefined)[]>): TreeSnapshot {
  const table = processTable();
  const ticks: Record<string, number> = {};
  for (const [name, pids] of Object.entries(roots)) {
    let sum = 0;
    for (const root of pids) {
      if (root === undefined) continue;
      for (const pid of treeOf(table, root)) {
        const s = table.get(pid);
        if (s !== undefined) sum += s.own + s.reaped;
      }
    }
    ticks[name] = sum;
  }
  const self = table.get(process.pid);
  return {
    at: performance.now(),
    ticks,
    harness: self?.own ?? 0,
    wrk: self?.reaped ?? 0,
    ...machineJiffies(),
  };
}

export interface TreeUsage {
  wall_s: number;
  /** CPU seconds per named tree. */
  cpu_s: Record<string, number>;
  /** Children of the harness that ended in the window: wrk (and pgbench). */
  wrk_cpu_s: number;
  other_cpu_s: number;
  machine_busy_pct: number;
  steal_s: number;
}

export function treeUsage(a: TreeSnapshot, b: TreeSnapshot): TreeUsage {
  const total = b.total - a.total;
  const steal = b.steal - a.steal;
  const busy = total - (b.idle - a.idle) - steal;
  const cpu: Record<string, number> = {};
  let known = b.wrk - a.wrk + (b.harness - a.harness);
  for (const name of Object.keys(b.ticks)) {
    const d = (b.ticks[name] ?? 0) - (a.ticks[name] ?? 0);
    cpu[name] = round(d / CLK_TCK, 2);
    known += d;
  }
  return {
    wall_s: round((b.at - a.at) / 1000, 2),
    cpu_s: cpu,
    wrk_cpu_s: round((b.wrk - a.wrk) / CLK_TCK, 2),
    other_cpu_s: round(Math.max(0, busy - known) / CLK_TCK, 2),
    machine_busy_pct: total - steal > 0 ? round((100 * busy) / (total - steal), 1) : 0,
    steal_s: round(steal / CLK_TCK, 2),
  };
}
