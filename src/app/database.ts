// Opens PostgreSQL for a role: the given DATABASE_URL, or an embedded server from DATA_DIR.
import { join } from "node:path";
import pg from "pg";
import type { Config } from "../config.ts";
import type { Db, Database as Schema } from "../modules/database.ts";
import { type EmbeddedServer, startEmbeddedPostgres } from "../platform/embedded-postgres.ts";
import type { Logger } from "../platform/logger.ts";
import { migrateLatest } from "../platform/migrations.ts";
import { createDb, createPool, endPool } from "../platform/postgres.ts";

export const EMBEDDED_DATABASE = "bourse";

export interface Database {
  pool: pg.Pool;
  db: Db;
  url: string;
  embedded: EmbeddedServer | undefined;
  close(): Promise<void>;
}

async function ensureDatabase(maintenanceUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (found.rowCount === 0) await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
}

/**
 * In embedded mode the schema is brought up to date on open, except for `migrate` itself, which
 * must see the schema as it is.
 */
export async function openDatabase(config: Config, log: Logger, role: string): Promise<Database> {
  let embedded: EmbeddedServer | undefined;
  let url: string;
  if (config.DATABASE_URL === undefined) {
    embedded = await startEmbeddedPostgres(join(config.DATA_DIR), log);
    url = embedded.url(EMBEDDED_DATABASE);
    try {
      await ensureDatabase(embedded.url("postgres"), EMBEDDED_DATABASE);
    } catch (error) {
      // Stopped in order, as after any other failed start, not left to the exit handler.
      await embedded.stop();
      throw error;
    }
  } else {
    url = config.DATABASE_URL.reveal();
  }
  const pool = createPool(
    {
      connectionString: url,
      max: config.DB_POOL_MAX,
      // Migrations may rewrite big tables: no statement timeout for them.
      statementTimeoutMs: role === "migrate" ? 0 : config.DB_STATEMENT_TIMEOUT_MS,
      connectionTimeoutMs: config.DB_CONNECTION_TIMEOUT_MS,
      idleTimeoutMs: config.DB_IDLE_TIMEOUT_MS,
      maxLifetimeSeconds: config.DB_MAX_LIFETIME_S,
      applicationName: `bourse-${role}`,
    },
    log,
  );
  const db = createDb<Schema>(pool);
  const close = async () => {
    // Kysely ends the pool; its connections are closed before the server stops.
    await endPool(pool, () => db.destroy());
    await embedded?.stop();
  };
  try {
    if (embedded !== undefined && role !== "migrate") {
      const applied = await migrateLatest(db, pool);
      if (applied.length > 0) log.info({ applied }, "migrations applied to the embedded database");
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { pool, db, url, embedded, close };
}
