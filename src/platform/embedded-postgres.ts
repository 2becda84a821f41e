// A real PostgreSQL server started from DATA_DIR for zero-setup runs (`npm start`, tests, e2e).
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { chmod, chown, mkdir, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { lockDataDir, stopLeftoverPostmaster } from "./data-dir-lock.ts";
import type { Logger } from "./logger.ts";
import {
  type Binaries,
  binariesFolder,
  findBinaries,
  initdb,
  type OsUser,
  type Postmaster,
  STOP_WAIT_MS,
  startPostmaster,
} from "./postgres-process.ts";
import { checkPostgresCanEnter, postgresOsUser } from "./postgres-user.ts";

export interface EmbeddedServer {
  /** postgres://… URL of the `postgres` maintenance database. */
  url(database: string): string;
  stop(): Promise<void>;
}

/** A port the OS says is free right now; postgres binds it a moment later. */
export async function freePort(): Promise<number> {
  return await new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** The superuser password lives beside the cluster, created once with it. */
async function clusterPassword(dir: string): Promise<string> {
  const file = join(dir, "pg-password");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const password = randomBytes(18).toString("base64url");
  await writeFile(file, password, { mode: 0o600 });
  return password;
}

/** Writes the password where initdb, run as `user`, can read it; removed once read. */
async function withPasswordFile<T>(
  dir: string,
  password: string,
  user: OsUser | undefined,
  use: (file: string) => Promise<T>,
): Promise<T> {
  const file = join(dir, `pg-pwfile-${randomBytes(6).toString("hex")}`);
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  try {
    if (user !== undefined) await chown(file, user.uid, user.gid);
    return await use(file);
  } finally {
    await rm(file, { force: true });
  }
}

/** A new cluster in `clusterDir`, owned by the user PostgreSQL runs as. */
async function createCluster(
  binaries: Binaries,
  o: { root: string; clusterDir: string; password: string; user: OsUser | undefined; log: Logger },
): Promise<void> {
  o.log.info({ dir: o.clusterDir }, "initialising a new PostgreSQL cluster");
  await mkdir(o.clusterDir, { recursive: true, mode: 0o700 });
  if (o.user !== undefined) await chown(o.clusterDir, o.user.uid, o.user.gid);
  await withPasswordFile(o.root, o.password, o.user, (pwfile) =>
    initdb(binaries, { clusterDir: o.clusterDir, pwfile, user: o.user, cwd: o.root, log: o.log }),
  );
}

/**
 * Starts PostgreSQL with its cluster in `dir` (initialised only when new), on a free loopback port
 * and no Unix socket, so any number of instances can run side by side. `dir` is locked for this
 * process until stop(); a server left running by a Bourse that was killed is stopped first.
 */
export async function startEmbeddedPostgres(dir: string, log: Logger): Promise<EmbeddedServer> {
  const root = resolve(dir);
  const clusterDir = join(root, "pg");
  await mkdir(root, { recursive: true });
  await chmod(root, 0o755).catch(() => undefined);
  const lock = await lockDataDir(root, log);
  let postmaster: Postmaster | undefined;
  // If this process exits without stopping the server (a crash, process.exit), stop it anyway:
  // a signal and a file removal are all an exit handler can do.
  const onExit = () => {
    postmaster?.signalStop();
    lock.releaseNow();
  };
  process.once("exit", onExit);
  try {
    const password = await clusterPassword(root);
    const binaries = await findBinaries();
    const user = await postgresOsUser();
    if (user !== undefined)
      await checkPostgresCanEnter(user, { dataDir: root, binaries: binariesFolder(binaries) });
    await stopLeftoverPostmaster(clusterDir, log, STOP_WAIT_MS);
    if (!existsSync(join(clusterDir, "PG_VERSION"))) {
      await createCluster(binaries, { root, clusterDir, password, user, log });
    }
    const port = await freePort();
    postmaster = await startPostmaster(binaries, {
      clusterDir,
      user,
      cwd: root,
      log,
      flags: [
        "-p",
        String(port),
        "-c",
        "listen_addresses=127.0.0.1",
        "-c",
        "unix_socket_directories=",
        "-c",
        // DB_POOL_MAX goes up to 200, all opened at start, and a worker adds its queue and heartbeats.
        "max_connections=256",
      ],
    }).catch((cause: unknown) => {
      throw new Error(`embedded PostgreSQL did not start from ${clusterDir}`, { cause });
    });
    log.info({ port, postmaster_pid: postmaster.pid }, "embedded PostgreSQL started");
    const running = postmaster;
    return {
      url: (database) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
      stop: async () => {
        await running.stop();
        process.removeListener("exit", onExit);
        await lock.release();
        log.info("embedded PostgreSQL stopped");
      },
    };
  } catch (error) {
    process.removeListener("exit", onExit);
    await lock.release();
    throw error;
  }
}
