// One PostgreSQL server for the whole run: TEST_DATABASE_URL when given, else an embedded one in a
// temporary folder. A template database is migrated once; each test file clones it.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../src/platform/embedded-postgres.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { migrateLatest } from "../../src/platform/migrations.ts";
import { createDb, createPool } from "../../src/platform/postgres.ts";
import { startRedisServer } from "./redis.ts";

export const TEMPLATE = "bourse_template";

declare module "vitest" {
  export interface ProvidedContext {
    /** URL of the maintenance database of the test server (…/postgres). */
    pgAdminUrl: string;
    /** URL of the test run's Redis; each test file keeps to its own key prefix. */
    redisUrl: string;
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export default async function setup(project: TestProject) {
  // TEST_PG_LOG=debug shows PostgreSQL's own log lines (errors, deadlock reports) among the output.
  const log = createLogger({
    LOG_LEVEL: process.env.TEST_PG_LOG === "debug" ? "debug" : "warn",
    LOG_FORMAT: "json",
    NODE_ENV: "test",
  });
  let adminUrl = process.env.TEST_DATABASE_URL;
  let stop: () => Promise<void> = async () => {};
  if (adminUrl === undefined || adminUrl === "") {
    const dir = await mkdtemp(join(tmpdir(), "bourse-test-pg-"));
    await chmod(dir, 0o755);
    const server = await startEmbeddedPostgres(dir, log);
    adminUrl = server.url("postgres");
    stop = async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE}`);
  await admin.query(`create database ${TEMPLATE}`);
  const pool = createPool(
    {
      connectionString: withDatabase(adminUrl, TEMPLATE),
      max: 2,
      statementTimeoutMs: 60_000,
      connectionTimeoutMs: 10_000,
      idleTimeoutMs: 10_000,
      maxLifetimeSeconds: 0,
      applicationName: "bourse-test-setup",
    },
    log,
  );
  const db = createDb(pool);
  await migrateLatest(db, pool);
  await db.destroy();
  await admin.end();
  project.provide("pgAdminUrl", adminUrl);
  // TEST_REDIS_URL when given, else a redis-server of our own.
  let redisUrl = process.env.TEST_REDIS_URL;
  let stopRedis: () => Promise<void> = async () => {};
  if (redisUrl === undefined || redisUrl === "") {
    const redis = await startRedisServer();
    redisUrl = redis.url;
    stopRedis = () => redis.stop();
  }
  project.provide("redisUrl", redisUrl);
  return async () => {
    await stopRedis();
    await stop();
  };
}
