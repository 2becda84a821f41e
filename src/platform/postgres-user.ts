// When Bourse runs as root, the embedded PostgreSQL runs as the OS user `postgres` (PostgreSQL
// refuses root), created if missing. That user must be able to enter every folder on the way to
// DATA_DIR and to the binaries; a root-only home folder (mode 0700) is the usual obstacle.
import { execFile, spawn } from "node:child_process";
import { realpath } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { promisify } from "node:util";
import type { OsUser } from "./postgres-process.ts";

const run = promisify(execFile);

const FIXES = "or set DATABASE_URL to a PostgreSQL server of your own";

async function idsOf(name: string): Promise<OsUser | undefined> {
  try {
    const [uid, gid] = await Promise.all([run("id", ["-u", name]), run("id", ["-g", name])]);
    return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
  } catch {
    return undefined;
  }
}

/** Undefined unless we are root; then the `postgres` user, created (with its group) when missing. */
export async function postgresOsUser(): Promise<OsUser | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const found = await idsOf("postgres");
  if (found !== undefined) return found;
  // The group may exist without the user.
  await run("groupadd", ["postgres"]).catch(() => undefined);
  const created = await run("useradd", ["-g", "postgres", "postgres"]).then(
    () => idsOf("postgres"),
    () => undefined,
  );
  if (created === undefined) {
    throw new Error(
      `embedded PostgreSQL cannot run as root and the OS user "postgres" it would run as could not be created: run Bourse as a normal user, create that user, ${FIXES}.`,
    );
  }
  return created;
}

/** Every folder from / down to `path`, for the path as given and as its links resolve. */
async function foldersTo(path: string): Promise<string[]> {
  const chain = (p: string): string[] => (dirname(p) === p ? [p] : [...chain(dirname(p)), p]);
  const real = await realpath(path).catch(() => path);
  return [...chain(resolve(path)), ...chain(real)];
}

/** The first folder `user` cannot enter, asked of the OS as that user (so ACLs count too). */
async function firstClosed(user: OsUser, folders: string[]): Promise<string | undefined> {
  const child = spawn(
    "sh",
    ["-c", 'for d do [ -x "$d" ] || { printf %s "$d"; exit 1; }; done', "sh", ...folders],
    {
      uid: user.uid,
      gid: user.gid,
      cwd: "/",
      stdio: ["ignore", "pipe", "ignore"],
    },
  );
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  const code = await new Promise<number | null>((done) => {
    // Unable to ask: the start itself will tell.
    child.once("error", () => done(0));
    child.once("close", (c) => done(c));
  });
  return code === 1 && out !== "" ? out : undefined;
}

/**
 * Refuses, in one sentence that says what to do, a start the `postgres` user could not carry out:
 * without this, the spawn of initdb or postgres fails with a bare EACCES.
 */
export async function checkPostgresCanEnter(
  user: OsUser,
  o: { dataDir: string; binaries: string },
): Promise<void> {
  const toBinaries = await foldersTo(o.binaries);
  const toData = await foldersTo(o.dataDir);
  const closed = await firstClosed(user, [...new Set([...toBinaries, ...toData])]);
  if (closed === undefined) return;
  const move = toBinaries.includes(closed)
    ? `clone Bourse outside ${closed}`
    : `set DATA_DIR to a folder outside ${closed}`;
  throw new Error(
    `embedded PostgreSQL runs as the OS user "postgres" when Bourse runs as root, and that user cannot enter ${closed}: run Bourse as a normal user, ${move}, ${FIXES}.`,
  );
}
