// The embedded PostgreSQL of `start` as a new user meets it: a DATA_DIR the `postgres` user cannot
// reach when run as root, a Bourse killed with SIGKILL whose postmaster lives on, a second Bourse
// on a DATA_DIR in use.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { LOCK_FILE, livenessOf } from "../../src/platform/data-dir-lock.ts";
import { freePort } from "../../src/platform/embedded-postgres.ts";
import { type Started, startBourse } from "../support/process.ts";

const folders: string[] = [];
const running: Started[] = [];

async function newFolder(mode: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "bourse-embedded-"));
  await chmod(dir, mode);
  folders.push(dir);
  return dir;
}

async function postmasterPid(dataDir: string): Promise<number | undefined> {
  const text = await readFile(join(dataDir, "pg", "postmaster.pid"), "utf8").catch(() => "");
  const pid = Number.parseInt(text.split("\n")[0] ?? "", 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

// Every process started here goes, the postmasters a killed Bourse left included.
afterAll(async () => {
  for (const r of running) {
    if (r.child.exitCode === null && r.child.signalCode === null) await r.stop("SIGKILL");
  }
  for (const dir of folders) {
    const pid = await postmasterPid(dir);
    if (pid === undefined || livenessOf(pid) !== "running") continue;
    process.kill(pid, "SIGQUIT");
    for (let i = 0; i < 50 && livenessOf(pid) === "running"; i++)
      await new Promise((r) => setTimeout(r, 100));
  }
  for (const dir of folders) await rm(dir, { recursive: true, force: true });
});

/** Runs `node src/main.ts <args>` to its end. */
async function runToEnd(args: string[], env: Record<string, string>) {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !["DATABASE_URL", "NODE_ENV"].includes(k)),
  );
  const child = spawn(process.execPath, ["src/main.ts", ...args], {
    env: { ...inherited, LOG_FORMAT: "json", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const code = await new Promise<number | null>((done, fail) => {
    child.once("error", fail);
    child.once("close", (c) => done(c));
  });
  return { code, stdout, stderr };
}

test.skipIf(process.getuid?.() !== 0)(
  "when run as root with DATA_DIR under a folder only root may enter, then it exits 1 with one sentence saying what to do",
  async () => {
    const closed = await newFolder(0o700);
    const dataDir = join(closed, "data");
    const { code, stdout, stderr } = await runToEnd(["migrate", "latest"], { DATA_DIR: dataDir });
    expect(code, stderr).toBe(1);
    const lines = stderr.trim().split("\n");
    expect(lines, stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^bourse: embedded PostgreSQL runs as the OS user "postgres"/);
    expect(lines[0]).toContain(`cannot enter ${closed}:`);
    expect(lines[0]).toMatch(/run Bourse as a normal user.*DATA_DIR.*or set DATABASE_URL/);
    expect(`${stdout}${stderr}`).not.toMatch(/^\s+at /m);
    expect(`${stdout}${stderr}`).not.toMatch(/EACCES/);
    // Nothing is left holding the folder: a later start with a folder the user may enter works.
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    expect(existsSync(join(dataDir, "pg", "PG_VERSION"))).toBe(false);
  },
  60_000,
);

test("when a Bourse was killed with SIGKILL, then the next start stops its postmaster and starts; a second start while one runs is refused", async () => {
  const dataDir = join(await newFolder(0o755), "data");
  await mkdir(dataDir);
  const killed = await startBourse(["start"], { DATA_DIR: dataDir });
  running.push(killed);
  const orphan = await postmasterPid(dataDir);
  expect(orphan).toBeDefined();
  // Only the Bourse process: its postmaster lives on, as after an OOM kill.
  expect(await killed.stop("SIGKILL")).toBeNull();
  expect(livenessOf(orphan ?? 0)).toBe("running");
  expect(existsSync(join(dataDir, LOCK_FILE))).toBe(true);

  const restarted = await startBourse(["start"], { DATA_DIR: dataDir }, 60_000);
  running.push(restarted);
  expect(restarted.output()).toContain("stopping the PostgreSQL server left running");
  expect(livenessOf(orphan ?? 0)).not.toBe("running");
  expect(await postmasterPid(dataDir)).not.toBe(orphan);

  // A live Bourse keeps its DATA_DIR: another start is refused and leaves it running.
  const refused = await runToEnd(["start"], { DATA_DIR: dataDir, PORT: String(await freePort()) });
  expect(refused.code, refused.stderr).toBe(1);
  expect(refused.stderr.trim()).toBe(
    `bourse: another Bourse process (pid ${restarted.child.pid}) uses DATA_DIR ${dataDir} and its embedded PostgreSQL: stop it, or set DATA_DIR to another folder.`,
  );
  expect((await fetch(`${restarted.baseUrl}/readyz`)).status).toBe(200);

  expect(await restarted.stop("SIGTERM"), restarted.output()).toBe(0);
  expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  expect(await postmasterPid(dataDir)).toBeUndefined();
}, 180_000);
