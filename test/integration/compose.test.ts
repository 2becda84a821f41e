// The composition that the roles and the tests share: what it registers to close, and where that
// falls among what the role registers itself.
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { appSettings, composeApp } from "../../src/app/compose.ts";
import { Closers } from "../../src/app/lifecycle.ts";
import { memoryTier } from "../../src/app/redis-tier.ts";
import { parseConfig } from "../../src/config.ts";
import { folderBlobStore } from "../../src/platform/blob-store.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { createMetrics } from "../../src/platform/metrics.ts";
import { RedisHealth } from "../../src/platform/redis.ts";
import { testVenueClient } from "../support/app.ts";
import { createTestDatabase } from "../support/database.ts";

test("when an api+worker+venue role is composed, then its closers close in the declared order, with FAST_PATH on as by default", async () => {
  const database = await createTestDatabase();
  const log = createLogger({ LOG_LEVEL: "silent", LOG_FORMAT: "json", NODE_ENV: "test" });
  const closers = new Closers();
  const closed: string[] = [];
  const fake = (name: string) => async () => void closed.push(name);
  // What roles.ts registers around the composition, in the order it does.
  closers.add("database", async () => {
    closed.push("database");
    await database.drop();
  });
  closers.add("venue", fake("venue"));
  closers.add("venue client", fake("venue client"));
  closers.add("redis", fake("redis"));
  closers.add("blob store", fake("blob store"));
  const config = parseConfig({ DATA_DIR: tmpdir() }, "start");
  const composed = await composeApp({
    parts: { api: true },
    settings: appSettings(config, "secret"),
    db: database.db,
    log,
    venue: testVenueClient(),
    marketVenue: testVenueClient(),
    tier: memoryTier({ maxEntries: 100, guardMs: 1_000, health: new RedisHealth(log) }),
    blobs: folderBlobStore(join(tmpdir(), "bourse-test-blobs-unused")),
    metrics: createMetrics(database.pool),
    closers,
    adminToken: async () => undefined,
  });
  expect(composed.api).toBeDefined();
  closers.add("worker", fake("worker"));
  const order = ["venue", "http", "fast path", "worker", "redis", "venue client", "blob store", "database"];
  expect(closers.list().map((c) => c.name)).toEqual(order);
  await closers.closeAll();
  // The fakes closed in order, around the composition's own (which did not fail).
  expect(closed).toEqual(order.filter((name) => name !== "http" && name !== "fast path"));
});
