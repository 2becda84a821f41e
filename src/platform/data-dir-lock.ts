// One Bourse process at a time owns a DATA_DIR's embedded PostgreSQL: it writes DATA_DIR/bourse.pid
// at start and removes it when it stops. A Bourse killed outright (SIGKILL, the OOM killer) leaves
// both the file and its postmaster, which outlives its parent; the next start sees that the file's
// process is gone and stops that postmaster before starting its own.
import { execFileSync } from "node:child_process";
import { readFileSync, readlinkSync, unlinkSync } from "node:fs";
import { readFile, realpath, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "./logger.ts";

export const LOCK_FILE = "bourse.pid";

type Liveness = "running" | "zombie" | "gone";

/** /proc/<pid>/stat's fields after the command name, which may hold spaces and parentheses. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

/** A zombie has exited but was not reaped yet; it still answers signal 0. */
export function livenessOf(pid: number): Liveness {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return "gone";
  }
  return statFields(pid)?.[0] === "Z" ? "zombie" : "running";
}

/**
 * When a process started, in clock ticks since boot: with its pid, it tells the process that wrote
 * a lock file from a later one that was given the same pid. Unknown without /proc.
 */
function startTimeOf(pid: number): string | undefined {
  return statFields(pid)?.[19];
}

interface Holder {
  pid: number;
  started: string | undefined;
}

function holderAlive(holder: Holder): boolean {
  // Our own pid: an earlier process that was given the same one (as in a container, restarted).
  if (holder.pid === process.pid) return false;
  if (livenessOf(holder.pid) !== "running") return false;
  const started = startTimeOf(holder.pid);
  return holder.started === undefined || started === undefined || started === holder.started;
}

async function readHolder(file: string): Promise<{ text: string; holder: Holder | undefined }> {
  const text = await readFile(file, "utf8").catch(() => "");
  try {
    const parsed = JSON.parse(text) as { pid?: unknown; started?: unknown };
    if (typeof parsed.pid === "number") {
      const started = typeof parsed.started === "string" ? parsed.started : undefined;
      return { text, holder: { pid: parsed.pid, started } };
    }
  } catch {
    // an empty or torn file: its writer died at once
  }
  return { text, holder: undefined };
}

export interface DataDirLock {
  release(): Promise<void>;
  /** For a process `exit` handler, which cannot wait. */
  releaseNow(): void;
}

/**
 * Takes DATA_DIR for this process, taking over a lock file whose process is gone; refuses, with
 * what to do, while another live process holds it.
 */
export async function lockDataDir(dir: string, log: Logger): Promise<DataDirLock> {
  const file = join(dir, LOCK_FILE);
  const mine = JSON.stringify({ pid: process.pid, started: startTimeOf(process.pid) });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(file, `${mine}\n`, { flag: "wx", mode: 0o644 });
      const release = async () => {
        if ((await readFile(file, "utf8").catch(() => "")).trim() === mine) await unlink(file);
      };
      const releaseNow = () => {
        try {
          if (readFileSync(file, "utf8").trim() === mine) unlinkSync(file);
        } catch {
          // already gone
        }
      };
      return { release, releaseNow };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const { text, holder } = await readHolder(file);
    if (holder !== undefined && holderAlive(holder)) {
      throw new Error(
        `another Bourse process (pid ${holder.pid}) uses DATA_DIR ${dir} and its embedded PostgreSQL: stop it, or set DATA_DIR to another folder.`,
      );
    }
    log.warn(
      { file, holder_pid: holder?.pid },
      "taking over DATA_DIR from a Bourse process that did not stop cleanly",
    );
    // Only the stale content: another start may have taken it over a moment ago.
    if ((await readFile(file, "utf8").catch(() => "")) === text) await unlink(file).catch(() => undefined);
  }
  throw new Error(
    `could not take DATA_DIR ${dir}: ${file} keeps changing; is another Bourse starting there?`,
  );
}

/** Whether `pid` is a postmaster of `clusterDir` (it works in its data folder). True when unknown. */
async function isPostmasterOf(pid: number, clusterDir: string): Promise<boolean> {
  try {
    return readlinkSync(`/proc/${pid}/cwd`) === (await realpath(clusterDir));
  } catch {
    // No /proc (macOS), or the process is not ours to inspect.
  }
  try {
    return execFileSync("ps", ["-o", "command=", "-p", String(pid)], { encoding: "utf8" }).includes(
      "postgres",
    );
  } catch {
    return true;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (livenessOf(pid) === "running") {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

/**
 * Stops a postmaster still running from `clusterDir` (postmaster.pid names it) once no Bourse holds
 * the lock: fast shutdown, then immediate, then SIGKILL. Call only while holding the lock.
 */
export async function stopLeftoverPostmaster(clusterDir: string, log: Logger, waitMs: number): Promise<void> {
  const file = join(clusterDir, "postmaster.pid");
  const text = await readFile(file, "utf8").catch(() => undefined);
  const pid = Number.parseInt(text?.split("\n")[0] ?? "", 10);
  if (!Number.isInteger(pid) || pid <= 0) return;
  const liveness = livenessOf(pid);
  if (liveness === "gone") return; // PostgreSQL clears a lock file whose process is gone
  if (liveness === "running" && !(await isPostmasterOf(pid, clusterDir))) {
    // The pid was given to another process since (after a reboot): the file is stale.
    log.warn({ file, stale_pid: pid }, "removing a stale postmaster.pid");
    await unlink(file).catch(() => undefined);
    return;
  }
  if (liveness === "running") {
    log.warn(
      { postmaster_pid: pid },
      "stopping the PostgreSQL server left running by a Bourse process that did not stop",
    );
    const steps: [NodeJS.Signals, number][] = [
      ["SIGINT", waitMs],
      ["SIGQUIT", 5_000],
      ["SIGKILL", 5_000],
    ];
    let stopped = false;
    for (const [signal, ms] of steps) {
      try {
        process.kill(pid, signal);
      } catch {
        // gone meanwhile
      }
      stopped = await waitGone(pid, ms);
      if (stopped) break;
      log.warn({ postmaster_pid: pid, signal, ms }, "the leftover PostgreSQL server did not stop in time");
    }
    if (!stopped) {
      throw new Error(
        `the PostgreSQL server (pid ${pid}) left running in ${clusterDir} by an earlier Bourse would not stop: stop it, then start again.`,
      );
    }
  }
  // A zombie, or a server killed outright, leaves the file naming a pid PostgreSQL takes as alive.
  if ((await readFile(file, "utf8").catch(() => undefined)) === text)
    await unlink(file).catch(() => undefined);
}
