// The HTTP app over a fresh database, driven through app.inject(), and factories for its data.

import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { type AppSettings, composeApp } from "../../src/app/compose.ts";
import type { EdgeDeps, EdgeSettings } from "../../src/app/edge.ts";
import { Closers } from "../../src/app/lifecycle.ts";
import { memoryTier, type RedisTier, redisTier } from "../../src/app/redis-tier.ts";
import type { Services } from "../../src/app/services.ts";
import type { TrustProxy } from "../../src/config.ts";
import type { MetricsAccess } from "../../src/http/service-routes.ts";
import { Decimal } from "../../src/modules/shared/decimal.ts";
import { VenueClient } from "../../src/modules/trading/venue.client.ts";
import { type BlobStore, folderBlobStore } from "../../src/platform/blob-store.ts";
import { HttpClient } from "../../src/platform/http-client.ts";
import { createLogger, type Logger } from "../../src/platform/logger.ts";
import { createMetrics } from "../../src/platform/metrics.ts";
import { RedisHealth } from "../../src/platform/redis.ts";
import { venueCallSigner } from "../../src/platform/webhook-signature.ts";
import { createTestDatabase, joinTestDatabase, type TestDatabase } from "./database.ts";
import { testRedis } from "./redis-tier.ts";

export const WEBHOOK_SECRET = "test-webhook-secret";

/** Limits high enough for the tests that do not test them; streams ticking fast. */
export const TEST_EDGE: EdgeSettings = {
  orderCacheTtlMs: 300_000,
  marketCacheTtlMs: 500,
  trading: { max: 100_000, windowMs: 60_000 },
  read: { max: 100_000, windowMs: 60_000 },
  authFailures: { max: 10_000, windowMs: 60_000 },
  publicRoutes: { max: 100_000, windowMs: 60_000 },
  failOpen: true,
  heartbeatMs: 15_000,
  authTimeoutMs: 2_000,
  maxBufferBytes: 1_048_576,
  catchUpMs: 200,
  bookDepth: 10,
  streamConnectionsPerAddress: 0,
  streamConnectionsPerKey: 0,
  streamMessages: { perSecond: 100_000, burst: 100_000 },
};

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  services: Services;
  adminToken: string;
  readiness: { draining: boolean; closing: boolean };
  tier: RedisTier;
  /** Where its Redis tier lives (undefined: the in-process tier), for a second app to join. */
  redis: { url: string; prefix: string } | undefined;
  edge: EdgeDeps;
  close(): Promise<void>;
}

/**
 * A venue client for tests, signing with the test secret; by default aimed at a closed port (tests
 * that trade start a venue).
 */
export function testVenueClient(url = "http://127.0.0.1:9"): VenueClient {
  return new VenueClient(
    new HttpClient({
      baseUrl: url,
      connections: 8,
      connectTimeoutMs: 500,
      requestTimeoutMs: 2_000,
      retries: 0,
      breakerThreshold: 1_000,
      breakerHalfOpenAfterMs: 1_000,
      maxConcurrent: 64,
      maxPerSecond: 10_000,
      signer: venueCallSigner(WEBHOOK_SECRET, 300_000),
    }),
  );
}

export async function buildTestApp(
  o: {
    bodyLimit?: number;
    venue?: VenueClient;
    /** The venue client of market data; by default `venue`. */
    marketVenue?: VenueClient;
    blobs?: BlobStore;
    /** The Redis tier on the run's redis-server (true) or on this URL, instead of the in-process one. */
    redis?: boolean | string;
    edge?: Partial<EdgeSettings>;
    /**
     * Route after placement and settle after a webhook in this process, as FAST_PATH does: on by
     * default, as in production; false: by the jobs only.
     */
    fastPath?: boolean;
    /** The database's pool connects through this local port (see createTestDatabase). */
    databasePort?: number;
    /** A logger to read what the app logs; by default nothing is logged. */
    log?: Logger;
    /** As TRUST_PROXY: by default no proxy is trusted. */
    trustProxy?: TrustProxy;
    /** The listener's time limits (HTTP_REQUEST_TIMEOUT_MS, HTTP_CONNECTION_TIMEOUT_MS). */
    http?: { requestTimeoutMs: number; connectionTimeoutMs: number };
    /** Who may read /metrics (open by default, as outside production). */
    metrics?: MetricsAccess;
    /** How long each process caches API-key rows (0 by default: every request reads the key). */
    authCacheMs?: number;
    /** The demo key the console offers to loopback browsers (none by default). */
    demoKey?: string;
    /**
     * Another process of the same deployment: this app opens its own pool on that app's database
     * and its own connections under that app's Redis prefix (it must use Redis).
     */
    joining?: TestApp;
  } = {},
): Promise<TestApp> {
  const database =
    o.joining === undefined
      ? await createTestDatabase({ port: o.databasePort })
      : joinTestDatabase(o.joining.database);
  const closers = new Closers();
  closers.add("database", () => database.drop());
  try {
    const log = o.log ?? createLogger({ LOG_LEVEL: "silent", LOG_FORMAT: "json", NODE_ENV: "test" });
    const metrics = createMetrics(database.pool);
    const { tier, redis } = await testTier(log, o.joining?.redis ?? o.redis);
    closers.add("redis", () => tier.close());
    const adminToken = `adm_${randomBytes(24).toString("base64url")}`;
    const venue = o.venue ?? testVenueClient();
    const { services, readiness, api } = await composeApp({
      parts: { api: true },
      settings: testSettings(o),
      db: database.db,
      log,
      venue,
      marketVenue: o.marketVenue ?? venue,
      tier,
      // Tests that read reports pass their own store; this one is never written.
      blobs: o.blobs ?? folderBlobStore(join(tmpdir(), "bourse-test-blobs-unused")),
      metrics,
      closers,
      adminToken: async () => adminToken,
      demoKey: () => o.demoKey,
    });
    if (api === undefined) throw new Error("the test app has no API");
    return {
      app: api.server,
      database,
      services,
      adminToken,
      readiness,
      tier,
      redis,
      edge: api.edge,
      close: () => closers.closeAll(),
    };
  } catch (error) {
    await closers.closeAll().catch(() => undefined);
    throw error;
  }
}

/** The settings of a role, made for tests: limits out of the way, fast-path fallbacks a minute late. */
function testSettings(o: {
  metrics?: MetricsAccess;
  authCacheMs?: number;
  bodyLimit?: number;
  edge?: Partial<EdgeSettings>;
  fastPath?: boolean;
  trustProxy?: TrustProxy;
  http?: { requestTimeoutMs: number; connectionTimeoutMs: number };
}): AppSettings {
  return {
    services: { authCacheMs: o.authCacheMs ?? 0 },
    // A fallback delay of a minute: tests that need the jobs run them.
    fastPath: o.fastPath === false ? false : { fallbackMs: 60_000, maxPending: 64 },
    edge: { ...TEST_EDGE, ...o.edge },
    http: {
      webhook: { secret: WEBHOOK_SECRET, toleranceMs: 300_000 },
      bodyLimit: o.bodyLimit ?? 65_536,
      corsOrigins: [],
      trustProxy: o.trustProxy ?? false,
      signedUrlExpiresS: 300,
      timeouts: {
        requestMs: o.http?.requestTimeoutMs ?? 30_000,
        connectionMs: o.http?.connectionTimeoutMs ?? 120_000,
      },
      metrics: o.metrics ?? "open",
    },
  };
}

/** The in-process tier, or one on the run's redis-server (true), on the given URL, or under a given prefix. */
async function testTier(
  log: Logger,
  redis: boolean | string | { url: string; prefix: string } | undefined,
): Promise<{ tier: RedisTier; redis: { url: string; prefix: string } | undefined }> {
  const health = new RedisHealth(log);
  if (!redis) return { tier: memoryTier({ maxEntries: 10_000, guardMs: 2_000, health }), redis: undefined };
  const at = typeof redis === "object" ? redis : { url: typeof redis === "string" ? redis : undefined };
  const clients = await testRedis(at.url, "prefix" in at ? at.prefix : undefined);
  if (!(await clients.ready(5_000))) {
    await clients.close();
    throw new Error("test Redis is not reachable");
  }
  return {
    tier: redisTier(clients, { guardMs: 2_000, health }),
    redis: { url: clients.url, prefix: clients.prefix },
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export interface TestAccount {
  id: string;
  key: string;
  headers: { authorization: string };
}

/** A new account with the given deposits and a read+trade key (or the given scopes). */
export async function createAccount(
  t: TestApp,
  deposits: Record<string, string> = { USD: "100000", BTC: "10" },
  scopes: ("read" | "trade")[] = ["read", "trade"],
): Promise<TestAccount> {
  const admin = bearer(t.adminToken);
  const created = await t.app.inject({
    method: "POST",
    url: "/api/v1/admin/accounts",
    headers: admin,
    payload: { name: `acct-${randomBytes(4).toString("hex")}` },
  });
  if (created.statusCode !== 201) throw new Error(`create account: ${created.statusCode} ${created.body}`);
  const id: string = created.json().id;
  for (const [asset, amount] of Object.entries(deposits)) {
    const r = await t.app.inject({
      method: "POST",
      url: `/api/v1/admin/accounts/${id}/deposits`,
      headers: admin,
      payload: { asset, amount },
    });
    if (r.statusCode !== 201) throw new Error(`deposit: ${r.statusCode} ${r.body}`);
  }
  const k = await t.app.inject({
    method: "POST",
    url: `/api/v1/admin/accounts/${id}/keys`,
    headers: admin,
    payload: { scopes },
  });
  if (k.statusCode !== 201) throw new Error(`key: ${k.statusCode} ${k.body}`);
  const key: string = k.json().key;
  return { id, key, headers: bearer(key) };
}

let sequence = 0;
/** An account's stored balance of one asset, as decimal strings. */
export async function storedBalance(t: TestApp, accountId: string, asset: string) {
  const b = await t.database.db
    .selectFrom("balances")
    .select(["available", "held"])
    .where("account_id", "=", accountId)
    .where("asset", "=", asset)
    .executeTakeFirstOrThrow();
  return { available: new Decimal(b.available).toFixed(), held: new Decimal(b.held).toFixed() };
}

export const clientOrderId = () => `t-${process.pid}-${++sequence}-${randomBytes(3).toString("hex")}`;

export const marketBuy = (over: Record<string, unknown> = {}) => ({
  symbol: "BTC-USD",
  side: "buy",
  order_type: "market",
  quantity: "0.01",
  ...over,
});

export const limitBuy = (over: Record<string, unknown> = {}) => ({
  symbol: "BTC-USD",
  side: "buy",
  order_type: "limit",
  quantity: "0.1",
  price: "50000",
  ...over,
});
