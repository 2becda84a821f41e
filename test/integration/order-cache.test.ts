// GET /orders/{id} through the cache, on Redis and in process: hits after the first read, and
// every change (a cancel over HTTP, a fill settled by the worker) visible on the next read.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { orderCacheKey } from "../../src/modules/orders/orders.cache.ts";
import { buildTestApp, createAccount, limitBuy, type TestApp } from "../support/app.ts";
import { trade } from "../support/fills.ts";

describe.each([
  ["redis", true],
  ["in-process", false],
])("order reads on the %s cache", (_name, redis) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ redis });
  });
  afterAll(async () => {
    await t.close();
  });

  const get = async (headers: Record<string, string>, id: string) =>
    await t.app.inject({ method: "GET", url: `/api/v1/orders/${id}`, headers });

  test("when an order is read twice, then the second read is the cached copy, byte for byte", async () => {
    const a = await createAccount(t);
    const id = (
      await t.app.inject({ method: "POST", url: "/api/v1/orders", headers: a.headers, payload: limitBuy() })
    ).json().id;
    const first = await get(a.headers, id);
    expect(first.statusCode).toBe(200);
    expect(first.headers["content-type"]).toMatch(/^application\/json/);
    expect((await t.tier.cache.read(orderCacheKey(a.id, id))).value).toBe(first.body);
    const second = await get(a.headers, id);
    expect(second.body).toBe(first.body);
    expect(second.json()).toMatchObject({ id, status: "pending", symbol: "BTC-USD" });
  });

  test("when the order is cancelled, then the next read shows it cancelled", async () => {
    const a = await createAccount(t);
    const id = (
      await t.app.inject({ method: "POST", url: "/api/v1/orders", headers: a.headers, payload: limitBuy() })
    ).json().id;
    expect((await get(a.headers, id)).json().status).toBe("pending");
    const cancelled = await t.app.inject({
      method: "POST",
      url: `/api/v1/orders/${id}/cancel`,
      headers: a.headers,
    });
    expect(cancelled.statusCode).toBe(200);
    expect((await get(a.headers, id)).json().status).toBe("cancelled");
  });

  test("when the worker settles a fill, then the next read shows it filled", async () => {
    const a = await createAccount(t);
    const id = await trade(t, a, { quantity: "0.1", price: "50000" });
    expect((await get(a.headers, id)).json()).toMatchObject({ status: "filled", filled_quantity: "0.1" });
  });

  test("when another account asks for the order, then it is a 404, cached or not", async () => {
    const a = await createAccount(t);
    const b = await createAccount(t);
    const id = (
      await t.app.inject({ method: "POST", url: "/api/v1/orders", headers: a.headers, payload: limitBuy() })
    ).json().id;
    await get(a.headers, id);
    expect((await get(b.headers, id)).statusCode).toBe(404);
  });
});

test("when values are in Redis, then every key has a TTL", async () => {
  const t = await buildTestApp({ redis: true });
  try {
    const a = await createAccount(t);
    const id = (
      await t.app.inject({ method: "POST", url: "/api/v1/orders", headers: a.headers, payload: limitBuy() })
    ).json().id;
    await t.app.inject({ method: "GET", url: `/api/v1/orders/${id}`, headers: a.headers });
    await t.app.inject({ method: "POST", url: `/api/v1/orders/${id}/cancel`, headers: a.headers });
    const { testRedis } = await import("../support/redis-tier.ts");
    const r = await testRedis();
    try {
      expect(await r.ready(5_000)).toBe(true);
      // Every key of the run's Redis (other test files' too): -1 would be a key without TTL; -2 one
      // that expired since KEYS listed it.
      const keys = await r.commands.keys("*");
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) expect(await r.commands.pttl(key), key).not.toBe(-1);
    } finally {
      await r.close();
    }
  } finally {
    await t.close();
  }
});
