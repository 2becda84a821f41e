// Production mode on loopback: NODE_ENV=production, two `bourse api` processes, one `worker`, one
// `venue`, on one PostgreSQL (DATABASE_URL) and one redis-server (REDIS_URL). An order placed
// through API 1 streams its fill to a client of API 2; the rate limit is shared by both; Redis
// killed and restarted mid-run loses no event for a client that resumes.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, test } from "vitest";
import { freePort } from "../../src/platform/embedded-postgres.ts";
import { createEmptyDatabase } from "../support/database.ts";
import { type Json, requestJson } from "../support/http.ts";
import { type Started, startBourse } from "../support/process.ts";
import { type RedisServer, startRedisServer } from "../support/redis.ts";
import { authenticated, connectStream, type StreamClient } from "../support/stream-client.ts";

let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
let redis: RedisServer;
const running: Started[] = [];
const clients: StreamClient[] = [];
let env: Record<string, string>;
let api1: Started;
let api2: Started;
let workerMetrics: string;

const call = (base: string, method: string, path: string, token?: string, body?: unknown) =>
  requestJson(`${base}${path}`, method, token, body);

beforeAll(async () => {
  database = await createEmptyDatabase();
  redis = await startRedisServer();
  const [api1Port, venuePort] = [await freePort(), await freePort()];
  env = {
    NODE_ENV: "production",
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    ADMIN_TOKEN: randomBytes(24).toString("base64url"),
    VENUE_WEBHOOK_SECRET: randomBytes(24).toString("base64url"),
    VENUE_URL: `http://127.0.0.1:${venuePort}`,
    VENUE_PORT: String(venuePort),
    // The venue reports to API 1, as it would to a load balancer.
    OMS_WEBHOOK_URL: `http://127.0.0.1:${api1Port}/internal/venue/executions`,
    LIQUIDITY_REFRESH_MS: "500",
    RATE_LIMIT_TRADING_MAX: "30",
    STREAM_CATCHUP_MS: "500",
    LOG_LEVEL: "warn",
  };
  const migrate = spawnSync(process.execPath, ["src/main.ts", "migrate", "latest"], {
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  expect(migrate.status, migrate.stderr).toBe(0);
  running.push(await startBourse(["venue"], env, 30_000, `${env.VENUE_URL}/healthz`));
  api1 = await startBourse(["api"], { ...env, PORT: String(api1Port) });
  api2 = await startBourse(["api"], env);
  workerMetrics = `http://127.0.0.1:${await freePort()}/metrics`;
  const worker = await startBourse(
    ["worker"],
    { ...env, WORKER_METRICS_PORT: new URL(workerMetrics).port },
    30_000,
    workerMetrics,
  );
  running.push(api1, api2, worker);
}, 90_000);

afterAll(async () => {
  for (const c of clients) await c.close().catch(() => undefined);
  for (const p of running) await p.stop("SIGTERM");
  await redis.stop();
  await database.drop();
});

async function newAccount(): Promise<{ id: string; key: string }> {
  const admin = env.ADMIN_TOKEN ?? "";
  const account = (await call(api1.baseUrl, "POST", "/api/v1/admin/accounts", admin, { name: "prod" })).body;
  for (const [asset, amount] of [
    ["USD", "1000000"],
    ["BTC", "10"],
  ]) {
    await call(api1.baseUrl, "POST", `/api/v1/admin/accounts/${account.id}/deposits`, admin, {
      asset,
      amount,
    });
  }
  const key = (await call(api1.baseUrl, "POST", `/api/v1/admin/accounts/${account.id}/keys`, admin, {})).body
    .key;
  return { id: account.id, key };
}

async function stream(base: string, key: string): Promise<StreamClient> {
  const c = await connectStream(base, { key });
  clients.push(c);
  await c.waitFor(authenticated);
  return c;
}

const restingBuy = { symbol: "BTC-USD", side: "buy", order_type: "limit", quantity: "0.001", price: "1000" };
const seqs = (c: StreamClient): number[] => c.events().map((e: Json) => e.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

test("when an order is placed through API 1, then its fill streams to a client of API 2, with the venue's trades", async () => {
  const a = await newAccount();
  const c = await stream(api2.baseUrl, a.key);
  c.send({ op: "subscribe", channel: "trades", symbol: "BTC-USD" });
  await c.waitFor((m) => m.some((x) => x.type === "subscribed"));
  const placed = await call(api1.baseUrl, "POST", "/api/v1/orders", a.key, {
    symbol: "BTC-USD",
    side: "buy",
    order_type: "market",
    quantity: "0.01",
  });
  expect(placed.status).toBe(201);
  await c.waitFor((m) => m.some((x) => x.type === "order.filled" && x.data.id === placed.body.id), 15_000);
  const fill = c.events().find((e: Json) => e.type === "fill.created");
  expect(fill.data).toMatchObject({ order_id: placed.body.id, symbol: "BTC-USD", side: "buy" });
  expect(seqs(c)).toEqual(range(c.messages[0].head_seq + 1, c.messages[0].head_seq + c.events().length));
  // The venue's public trades went to API 1 and reached API 2 through Redis.
  await c.waitFor((m) => m.some((x) => x.type === "trades" && x.symbol === "BTC-USD"), 10_000);
}, 30_000);

test("when one key sends 40 orders alternating between the two APIs, then exactly 30 pass: the limit is shared", async () => {
  const a = await newAccount();
  const statuses: number[] = [];
  for (let i = 0; i < 40; i++) {
    const base = i % 2 === 0 ? api1.baseUrl : api2.baseUrl;
    statuses.push((await call(base, "POST", "/api/v1/orders", a.key, restingBuy)).status);
  }
  expect(statuses.filter((s) => s === 201)).toHaveLength(30);
  expect(statuses.filter((s) => s === 429)).toHaveLength(10);
}, 30_000);

test("when Redis is killed and restarted mid-run, then a resuming client and a connected one miss no event", async () => {
  const a = await newAccount();
  const stay = await stream(api2.baseUrl, a.key);
  const start = stay.messages[0].head_seq as number;
  const leaver = await stream(api2.baseUrl, a.key);
  const place = async (base: string) =>
    expect((await call(base, "POST", "/api/v1/orders", a.key, restingBuy)).status).toBe(201);
  for (let i = 0; i < 3; i++) await place(api1.baseUrl);
  // Each order: order.updated (pending), balance.updated, then order.updated (open) once routed.
  await leaver.waitFor(() => leaver.events().length === 9, 10_000);
  await leaver.close();
  const lastSeen = leaver.events().at(-1).seq as number;

  await redis.kill();
  // Orders keep flowing (rate limits fail open); the connected client catches up from PostgreSQL.
  for (let i = 0; i < 3; i++) await place(i % 2 === 0 ? api1.baseUrl : api2.baseUrl);
  await stay.waitFor(() => stay.events().length === 18, 10_000);
  await redis.restart();
  for (let i = 0; i < 3; i++) await place(api1.baseUrl);

  // Resume at connection: the greeting, every event after lastSeen, then live, each once.
  const back = await connectStream(`${api2.baseUrl}`, { key: a.key, query: `after_seq=${lastSeen}` });
  clients.push(back);
  const final = start + 27;
  await back.waitFor(() => back.events().at(-1)?.seq === final, 15_000);
  await stay.waitFor(() => stay.events().at(-1)?.seq === final, 15_000);
  expect(seqs(back)).toEqual(range(lastSeen + 1, final));
  expect(seqs(stay)).toEqual(range(start + 1, final));
}, 60_000);

test("when Prometheus scrapes the worker, then its own metrics are there (position_check's gauge included)", async () => {
  const text = await (await fetch(workerMetrics)).text();
  expect(text).toContain("# TYPE position_mismatches gauge");
  expect(text).toContain("redis_errors_total");
});
