// wrk: installed on demand, run with a Lua script, its RESULT/SAMPLE lines parsed.
import { spawn, spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { withCleanup } from "./cleanup.ts";
import { ROOT } from "./server.ts";

export const LUA_DIR = join(ROOT, "bench", "lua");

export const LOAD = {
  threads: Number(process.env.BENCH_THREADS ?? 2),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 64),
  duration: process.env.BENCH_DURATION ?? "15s",
  warmup: process.env.BENCH_WARMUP ?? "5s",
  timeout: "10s",
};

export interface WrkResult {
  requests: number;
  duration_s: number;
  rps: number;
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  max_ms: number;
  /** wrk's errors.status: responses with status >= 400. */
  non2xx: number;
  err_connect: number;
  err_read: number;
  err_write: number;
  err_timeout: number;
  /** 400 latency quantiles in ms at equal steps (each 0.25% of requests), from the DIST line. */
  dist?: number[];
}

export interface WrkRun {
  result: WrkResult;
  /** From a sampling run only: "status body" of the first failing responses per thread. */
  samples: string[];
  /** From a sampling run only: count per HTTP status. */
  statuses: Record<string, number>;
  command: string;
}

const has = (cmd: string): boolean => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;

/** Returns wrk's version line; runs `apt-get install -y wrk` first when it is missing. */
export function ensureWrk(): string {
  if (!has("wrk")) {
    console.log("wrk not found: running `apt-get install -y wrk`");
    let r = spawnSync("apt-get", ["install", "-y", "wrk"], { stdio: "inherit" });
    if (r.status !== 0) {
      console.log("apt-get install failed: running `apt-get update` and trying again");
      spawnSync("apt-get", ["update"], { stdio: "inherit" });
      r = spawnSync("apt-get", ["install", "-y", "wrk"], { stdio: "inherit" });
    }
    if (r.status !== 0 || !has("wrk"))
      throw new Error("could not install wrk (apt-get install -y wrk failed)");
  }
  const v = spawnSync("wrk", ["-v"], { encoding: "utf8" });
  return `${v.stdout}${v.stderr}`.split("\n")[0]?.trim() ?? "wrk";
}

export interface WrkOptions {
  url: string;
  script: string;
  args: string[];
  duration: string;
  /** Defines response() in the scripts to keep samples of failing responses (slower; diagnosis only). */
  sample?: boolean;
  /** Extra environment for the Lua script (BENCH_PORTS, BENCH_PEER_SCRIPT). */
  env?: Record<string, string>;
}

export async function runWrk(o: WrkOptions): Promise<WrkRun> {
  const argv = [
    `-t${LOAD.threads}`,
    `-c${LOAD.connections}`,
    `-d${o.duration}`,
    "--timeout",
    LOAD.timeout,
    "--latency",
    "-s",
    resolve(LUA_DIR, o.script),
    o.url,
    "--",
    ...o.args,
  ];
  const extra = Object.entries(o.env ?? {}).map(([k, v]) => `${k}=${v} `);
  const command = `${extra.join("")}wrk ${argv.join(" ")}`;
  const child = spawn("wrk", argv, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...o.env, BENCH_SAMPLE: o.sample === true ? "1" : "0" },
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const closed = new Promise<number | null>((done) => child.on("close", done));
  const code = await withCleanup(
    async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    },
    () => closed,
  );
  if (code !== 0) throw new Error(`${command} exited with ${code}\n${out}${err}`);
  return { result: parseResult(out, command), ...parseSamples(out), command };
}

function kv(line: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const part of line.trim().split(/\s+/).slice(1)) {
    const [k, v] = part.split("=");
    if (k !== undefined && v !== undefined) m.set(k, Number(v));
  }
  return m;
}

function parseResult(out: string, command: string): WrkResult {
  const line = out.split("\n").find((l) => l.startsWith("RESULT "));
  if (line === undefined) throw new Error(`no RESULT line from ${command}:\n${out}`);
  const m = kv(line);
  const get = (k: string): number => {
    const v = m.get(k);
    if (v === undefined || Number.isNaN(v)) throw new Error(`RESULT line lacks ${k}: ${line}`);
    return v;
  };
  return {
    requests: get("requests"),
    duration_s: get("duration_s"),
    rps: get("rps"),
    p50_ms: get("p50_ms"),
    p90_ms: get("p90_ms"),
    p99_ms: get("p99_ms"),
    max_ms: get("max_ms"),
    // The peer's own done() names it non2xx3xx.
    non2xx: m.has("non2xx") ? get("non2xx") : get("non2xx3xx"),
    err_connect: get("err_connect"),
    err_read: get("err_read"),
    err_write: get("err_write"),
    err_timeout: get("err_timeout"),
    ...parseDist(out),
  };
}

function parseDist(out: string): { dist?: number[] } {
  const line = out.split("\n").find((l) => l.startsWith("DIST "));
  return line === undefined ? {} : { dist: line.slice(5).trim().split(" ").map(Number) };
}

function parseSamples(out: string): { samples: string[]; statuses: Record<string, number> } {
  const samples: string[] = [];
  const statuses: Record<string, number> = {};
  for (const line of out.split("\n")) {
    if (line.startsWith("SAMPLE ")) samples.push(line.slice(7));
    if (line.startsWith("STATUS ")) {
      for (const [k, v] of kv(line)) statuses[k] = (statuses[k] ?? 0) + v;
    }
  }
  return { samples, statuses };
}

export const socketErrors = (r: WrkResult): number =>
  r.err_connect + r.err_read + r.err_write + r.err_timeout;
