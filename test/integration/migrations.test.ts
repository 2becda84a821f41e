import Fastify from "fastify";
import { sql } from "kysely";
import type pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import { registerServiceRoutes } from "../../src/http/service-routes.ts";
import type { Database, Db } from "../../src/modules/database.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { createMetrics } from "../../src/platform/metrics.ts";
import {
  listMigrations,
  migrateDown,
  migrateLatest,
  migrateNone,
  schemaState,
} from "../../src/platform/migrations.ts";
import { createDb, createPool } from "../../src/platform/postgres.ts";
import { createEmptyDatabase } from "../support/database.ts";

const log = createLogger({ LOG_LEVEL: "silent", LOG_FORMAT: "json", NODE_ENV: "test" });
let empty: Awaited<ReturnType<typeof createEmptyDatabase>>;
let pool: pg.Pool;
let db: Db;

beforeAll(async () => {
  empty = await createEmptyDatabase();
  pool = createPool(
    {
      connectionString: empty.url,
      max: 3,
      statementTimeoutMs: 30_000,
      connectionTimeoutMs: 10_000,
      idleTimeoutMs: 10_000,
      maxLifetimeSeconds: 0,
      applicationName: "bourse-test",
    },
    log,
  );
  db = createDb<Database>(pool);
});
afterAll(async () => {
  await db.destroy();
  await empty.drop();
});

test("when all migrations are applied, rolled back and applied again, then the schema ends current", async () => {
  const all = (await listMigrations(db)).map((m) => m.name);
  expect(all.length).toBeGreaterThanOrEqual(2);
  expect(await migrateLatest(db, pool)).toEqual(all.map((n) => `applied ${n}`));
  expect((await schemaState(db)).ready).toBe(true);
  const instruments = await sql<{ n: number }>`select count(*)::int as n from instruments`.execute(db);
  expect(instruments.rows[0]?.n).toBeGreaterThanOrEqual(3);

  expect(await migrateNone(db)).toEqual([...all].reverse().map((n) => `reverted ${n}`));
  const tables = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables
    where table_schema = 'public' and table_name not like 'kysely_%'`.execute(db);
  expect(tables.rows[0]?.n).toBe(0);

  await migrateLatest(db, pool);
  expect((await schemaState(db)).pending).toEqual([]);
});

test("when the schema is behind, then /readyz is 503 and says to migrate", async () => {
  await migrateDown(db);
  const app = Fastify();
  registerServiceRoutes(app, {
    db,
    metrics: createMetrics(undefined),
    readiness: { draining: false, closing: false },
    metricsAccess: "open",
  });
  try {
    const r = await app.inject({ method: "GET", url: "/readyz" });
    expect(r.statusCode).toBe(503);
    expect(r.json().reason).toMatch(/pending migrations .*bourse migrate latest/);
  } finally {
    await app.close();
    await migrateLatest(db, pool);
  }
});
