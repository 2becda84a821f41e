// A fresh database per test file, cloned from the migrated template.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import type { Database, Db } from "../../src/modules/database.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { createDb, createPool } from "../../src/platform/postgres.ts";

const testLog = createLogger({ LOG_LEVEL: "silent", LOG_FORMAT: "json", NODE_ENV: "test" });

export interface TestDatabase {
  url: string;
  pool: pg.Pool;
  db: Db;
  drop(): Promise<void>;
}

const TEMPLATE = "bourse_template";

export function databaseUrl(name: string): string {
  const u = new URL(inject("pgAdminUrl"));
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject("pgAdminUrl") });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** An empty database (no migrations), for migration tests. */
export async function createEmptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `t_${randomBytes(6).toString("hex")}`;
  await admin((c) => c.query(`create database ${name}`));
  return { url: databaseUrl(name), drop: () => dropDatabase(name) };
}

async function dropDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`drop database if exists ${name} with (force)`));
}

function openPool(url: string, port: number | undefined): { pool: pg.Pool; db: Db } {
  const via = new URL(url);
  if (port !== undefined) via.port = String(port);
  const pool = createPool(
    {
      connectionString: via.toString(),
      max: 20,
      statementTimeoutMs: 30_000,
      connectionTimeoutMs: 10_000,
      idleTimeoutMs: 10_000,
      maxLifetimeSeconds: 0,
      applicationName: "bourse-test",
    },
    testLog,
  );
  return { pool, db: createDb<Database>(pool) };
}

/**
 * A second pool on another test's database, as a second process has: its drop() closes this pool
 * only; the database stays its creator's to drop.
 */
export function joinTestDatabase(of: TestDatabase): TestDatabase {
  const { pool, db } = openPool(of.url, undefined);
  return { url: of.url, pool, db, drop: () => db.destroy() };
}

/**
 * A fresh database cloned from the template. `port`: the pool connects through this local port
 * instead of PostgreSQL's (a proxy a test can cut).
 */
export async function createTestDatabase(o: { port?: number } = {}): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString("hex")}`;
  // Cloning needs the template idle; a concurrent clone from another file may hold it for a moment.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin((c) => c.query(`create database ${name} template ${TEMPLATE}`));
      break;
    } catch (error) {
      if (attempt >= 20 || !String(error).includes("being accessed by other users")) throw error;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  const url = databaseUrl(name);
  const { pool, db } = openPool(url, o.port);
  return {
    url,
    pool,
    db,
    drop: async () => {
      await db.destroy();
      await dropDatabase(name);
    },
  };
}
