// The HTTP app over a fresh database, driven through app.inject(), and factories for its data.
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { buildServices, type Services } from "../../src/app/services.ts";
import { buildServer } from "../../src/http/server.ts";
import { VenueClient } from "../../src/modules/routing/venue.client.ts";
import { type BlobStore, folderBlobStore } from "../../src/platform/blob-store.ts";
import { HttpClient } from "../../src/platform/http-client.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { createMetrics } from "../../src/platform/metrics.ts";
import { createTestDatabase, type TestDatabase } from "./database.ts";

export const WEBHOOK_SECRET = "test-webhook-secret";

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  services: Services;
  adminToken: string;
  readiness: { draining: boolean; closing: boolean };
  close(): Promise<void>;
}

/** A venue client for tests; by default aimed at a closed port (tests that trade start a venue). */
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
    }),
  );
}

export async function buildTestApp(
  o: { bodyLimit?: number; venue?: VenueClient; blobs?: BlobStore } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const log = createLogger({ LOG_LEVEL: "silent", LOG_FORMAT: "json", NODE_ENV: "test" });
  const venue = o.venue ?? testVenueClient();
  const services = buildServices(database.db, { authCacheMs: 0, venue });
  const adminToken = `adm_${randomBytes(24).toString("base64url")}`;
  const readiness = { draining: false, closing: false };
  const app = await buildServer({
    log,
    db: database.db,
    metrics: createMetrics(database.pool),
    readiness,
    ...services,
    venue,
    adminToken,
    venueWebhook: { secret: WEBHOOK_SECRET, toleranceMs: 300_000 },
    bodyLimit: o.bodyLimit ?? 65_536,
    corsOrigins: [],
    trustProxy: false,
    // Tests that read reports pass their own store; this one is never written.
    blobs: o.blobs ?? folderBlobStore(join(tmpdir(), "bourse-test-blobs-unused")),
    signedUrlExpiresS: 300,
  });
  await app.ready();
  return {
    app,
    database,
    services,
    adminToken,
    readiness,
    close: async () => {
      await app.close();
      await database.drop();
    },
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
export const clientOrderId = () => `t-${process.pid}-${++sequence}-${randomBytes(3).toString("hex")}`;

export const limitBuy = (over: Record<string, unknown> = {}) => ({
  symbol: "BTC-USD",
  side: "buy",
  order_type: "limit",
  quantity: "0.1",
  price: "50000",
  ...over,
});
