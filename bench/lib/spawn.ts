// Long-running processes the harness starts (Bourse roles on an external PostgreSQL, the Python
// peer's uvicorn and Celery): spawned with a log file, stopped by pid, also on failure or Ctrl-C.
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readdirSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { withCleanup } from "./cleanup.ts";

export interface Proc {
  name: string;
  child: ChildProcess;
  pid: number;
  logFile: string;
  exited: Promise<void>;
  exit?: { code: number | null; signal: string | null };
  stop(): Promise<void>;
}

/** Spawns `cmd args` with its output in `logFile`; `stop()` sends SIGTERM, then SIGKILL to it and its descendants. */
export function startProc(
  name: string,
  cmd: string,
  args: string[],
  o: { cwd: string; env: Record<string, string | undefined>; logFile: string },
): Proc {
  const fd = openSync(o.logFile, "a");
  const child = spawn(cmd, args, { cwd: o.cwd, env: o.env, detached: true, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`could not spawn ${name}`);
  const pid = child.pid;
  const proc: Proc = {
    name,
    child,
    pid,
    logFile: o.logFile,
    exited: new Promise((done) =>
      child.on("exit", (code, signal) => {
        proc.exit = { code, signal };
        done();
      }),
    ),
    async stop() {
      if (proc.exit !== undefined) return;
      const family = descendants(pid);
      child.kill("SIGTERM");
      const late = await Promise.race([proc.exited.then(() => false), sleep(20_000).then(() => true)]);
      if (late) {
        console.error(`  ${name} (pid ${pid}) ignored SIGTERM for 20 s: SIGKILL`);
        child.kill("SIGKILL");
      }
      await proc.exited;
      // Children a parent left behind (e.g. a uvicorn worker of a killed master).
      for (const p of family) {
        try {
          process.kill(p, "SIGKILL");
        } catch {
          // gone, as it should be
        }
      }
    },
  };
  return proc;
}

/** Runs `body` with the processes `start` returns; stops them all afterwards, also on failure. */
export async function withProcs<T>(procs: Proc[], body: () => Promise<T>): Promise<T> {
  return await withCleanup(async () => {
    for (const p of [...procs].reverse()) await p.stop();
  }, body);
}

/** Pids of every live descendant of `root`. */
export function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const raw = readFileSync(`/proc/${name}/stat`, "utf8");
      parent.set(Number(name), Number(raw.slice(raw.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // exited meanwhile
    }
  }
  const out: number[] = [];
  let frontier = [root];
  while (frontier.length > 0) {
    const next = [...parent].filter(([, pp]) => frontier.includes(pp)).map(([p]) => p);
    out.push(...next);
    frontier = next;
  }
  return out;
}

/** Polls `url` until it answers 200; throws with the log's tail when the process exits or time runs out. */
export async function waitHttp(proc: Proc, url: string, timeoutMs = 60_000): Promise<number> {
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs) {
    if (proc.exit !== undefined)
      throw new Error(`${proc.name} exited during start-up\n${tail(proc.logFile)}`);
    const status = await fetch(url, { signal: AbortSignal.timeout(2_000) })
      .then(async (r) => {
        await r.arrayBuffer();
        return r.status;
      })
      .catch(() => 0);
    if (status === 200) return performance.now() - t0;
    await sleep(50);
  }
  throw new Error(`${proc.name} not ready at ${url} after ${timeoutMs} ms\n${tail(proc.logFile)}`);
}

export function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}
