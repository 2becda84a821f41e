// Rate limits through the HTTP API on the shared Redis: exact under concurrency, headers on
// every limited response, 429 with Retry-After, refusals take no slot, failed authentications
// limited per address and per key prefix (never valid credentials), and the fail-open /
// fail-closed choice when Redis is down.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { bearer, buildTestApp, createAccount, limitBuy, type TestApp } from "../support/app.ts";
import { startRedisServer } from "../support/redis.ts";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({
    redis: true,
    edge: {
      trading: { max: 100, windowMs: 60_000 },
      read: { max: 5, windowMs: 60_000 },
      authFailures: { max: 3, windowMs: 60_000 },
    },
  });
});
afterAll(async () => {
  await t.close();
});

describe("per-key limits", () => {
  test("when 200 orders arrive at once against a limit of 100, then exactly 100 pass and 100 get 429", async () => {
    const a = await createAccount(t, { USD: "10000000" });
    const responses = await Promise.all(
      Array.from({ length: 200 }, () =>
        t.app.inject({
          method: "POST",
          url: "/api/v1/orders",
          headers: a.headers,
          payload: limitBuy({ price: "100", quantity: "1" }),
        }),
      ),
    );
    const codes = responses.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(100);
    expect(codes.filter((c) => c === 429)).toHaveLength(100);
    const refused = responses.find((r) => r.statusCode === 429);
    expect(refused?.json().error.code).toBe("RATE_LIMITED");
    expect(Number(refused?.headers["retry-after"])).toBeGreaterThan(0);
    expect(refused?.headers["ratelimit-remaining"]).toBe("0");
    for (const r of responses) {
      expect(r.headers["ratelimit-limit"]).toBe("100");
      expect(r.headers["ratelimit-reset"]).toBeDefined();
    }
    // Exactly 100 orders exist: the refused requests never reached the service.
    const count = await t.database.db
      .selectFrom("orders")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("account_id", "=", a.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(100);
  });

  test("when reads pass their own limit, then trading has its own window, and other keys are untouched", async () => {
    const a = await createAccount(t, { USD: "1000" });
    const b = await createAccount(t, { USD: "1000" });
    const remaining: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await t.app.inject({ method: "GET", url: "/api/v1/orders", headers: a.headers });
      remaining.push(`${r.statusCode}:${r.headers["ratelimit-remaining"]}`);
    }
    expect(remaining).toEqual(["200:4", "200:3", "200:2", "200:1", "200:0", "429:0"]);
    const other = await t.app.inject({ method: "GET", url: "/api/v1/orders", headers: b.headers });
    expect(other.statusCode).toBe(200);
    const trade = await t.app.inject({
      method: "POST",
      url: "/api/v1/orders",
      headers: a.headers,
      payload: limitBuy({ price: "100", quantity: "1" }),
    });
    expect(trade.statusCode).toBe(201);
  });

  test("when a route is public, then its limit is the client address's, not a key's", async () => {
    const r = await t.app.inject({ method: "GET", url: "/api/v1/instruments" });
    expect(r.statusCode).toBe(200);
    expect(r.headers["ratelimit-limit"]).toBe("100000");
    const probe = await t.app.inject({ method: "GET", url: "/healthz" });
    expect(probe.headers["ratelimit-limit"]).toBeUndefined();
  });
});

describe("failed authentication per address and per key", () => {
  const wrongKey = () => `bk_${crypto.randomUUID().replaceAll("-", "")}abcdefgh`;
  const orders = (authorization: string | undefined, remoteAddress: string, more: object = {}) =>
    t.app.inject({
      method: "GET",
      url: "/api/v1/orders",
      headers: { ...(authorization === undefined ? {} : { authorization }), ...more },
      remoteAddress,
    });
  const failuresLeft = async (window: string) =>
    (await t.tier.limiter.peek(window, { max: 3, windowMs: 60_000 })).remaining;

  test("when an address fails 3 times, then its failing attempts get 429, while a valid key and the admin token from it still work", async () => {
    const a = await createAccount(t, { USD: "1000" });
    const readOnly = await createAccount(t, {}, ["read"]);
    const from = "10.1.2.3";
    for (let i = 0; i < 3; i++) expect((await orders(`Bearer ${wrongKey()}`, from)).statusCode).toBe(401);
    const refused = await orders(`Bearer ${wrongKey()}`, from);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe("RATE_LIMITED");
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    expect((await orders("Bearer not-a-key", from)).statusCode).toBe(429);
    // Valid credentials are never throttled by failures: not the key, not the admin token.
    const valid = await orders(a.headers.authorization, from);
    expect(valid.statusCode).toBe(200);
    expect(valid.headers["ratelimit-limit"]).toBe("5");
    const admin = await t.app.inject({
      method: "POST",
      url: "/api/v1/admin/accounts",
      headers: bearer(t.adminToken),
      payload: { name: "from-a-throttled-address" },
      remoteAddress: from,
    });
    expect(admin.statusCode).toBe(201);
    // A valid key without the route's scope is a valid key: 403, not 429.
    const placed = await t.app.inject({
      method: "POST",
      url: "/api/v1/orders",
      headers: readOnly.headers,
      payload: limitBuy({ price: "100", quantity: "1" }),
      remoteAddress: from,
    });
    expect(placed.statusCode).toBe(403);
    // Other addresses are not affected.
    expect((await orders(`Bearer ${wrongKey()}`, "10.1.2.4")).statusCode).toBe(401);
  });

  test("when requests come without an Authorization header, then they get 401 and count as no failure", async () => {
    const from = "10.1.3.1";
    for (let i = 0; i < 10; i++) {
      const r = await orders(undefined, from);
      expect(r.statusCode).toBe(401);
      expect(r.json().error.code).toBe("UNAUTHENTICATED");
    }
    expect((await orders("Basic dXNlcjpwYXNz", from)).statusCode).toBe(401);
    expect(await failuresLeft(`authfail:${from}`)).toBe(3);
    const a = await createAccount(t, { USD: "1000" });
    expect((await orders(a.headers.authorization, from)).statusCode).toBe(200);
  });

  test("when wrong secrets name a real key's prefix from several addresses, then that prefix is throttled, and the real key still works", async () => {
    const a = await createAccount(t, { USD: "1000" });
    const prefix = a.key.slice(0, 12);
    const wrongSecret = () => `${prefix}${crypto.randomUUID().replaceAll("-", "").slice(0, 31)}`;
    for (let i = 0; i < 3; i++)
      expect((await orders(`Bearer ${wrongSecret()}`, `10.2.0.${i + 1}`)).statusCode).toBe(401);
    expect((await orders(`Bearer ${wrongSecret()}`, "10.2.0.9")).statusCode).toBe(429);
    expect(await failuresLeft(`authfail:key:${prefix}`)).toBe(0);
    // The prefix is throttled, not the address: another key's failure from there is a plain 401.
    expect((await orders(`Bearer ${wrongKey()}`, "10.2.0.9")).statusCode).toBe(401);
    expect((await orders(a.headers.authorization, "10.2.0.9")).statusCode).toBe(200);
  });

  test("when a throttled address keeps guessing, then every guess gets 429 and its window does not grow", async () => {
    const from = "10.1.2.9";
    for (let i = 0; i < 3; i++) expect((await orders(`Bearer ${wrongKey()}`, from)).statusCode).toBe(401);
    const refused = await Promise.all(Array.from({ length: 5 }, () => orders(`Bearer ${wrongKey()}`, from)));
    expect(refused.map((r) => r.statusCode)).toEqual([429, 429, 429, 429, 429]);
    expect(refused.every((r) => r.json().error.code === "RATE_LIMITED")).toBe(true);
    // Only the 3 failures were counted in the shared window.
    expect((await t.tier.limiter.peek(`authfail:${from}`, { max: 10, windowMs: 60_000 })).remaining).toBe(7);
  });

  test("when a client names another address in X-Forwarded-For through an untrusted peer, then its failures still count against the peer", async () => {
    const peer = "10.3.0.1";
    for (let i = 0; i < 3; i++) {
      const r = await orders(`Bearer ${wrongKey()}`, peer, { "x-forwarded-for": `192.0.2.${i + 1}` });
      expect(r.statusCode).toBe(401);
    }
    expect((await orders(`Bearer ${wrongKey()}`, peer, { "x-forwarded-for": "192.0.2.50" })).statusCode).toBe(
      429,
    );
    expect(await failuresLeft("authfail:192.0.2.1")).toBe(3);
  });

  test("when TRUST_PROXY names the proxies or counts the hops, then only a trusted proxy's X-Forwarded-For entry is the client", async () => {
    const listed = await buildTestApp({
      trustProxy: ["10.0.0.0/8"],
      edge: { authFailures: { max: 3, windowMs: 60_000 } },
    });
    const hops = await buildTestApp({ trustProxy: 1, edge: { authFailures: { max: 3, windowMs: 60_000 } } });
    try {
      const fail = (app: TestApp, remoteAddress: string, xff: string) =>
        app.app.inject({
          method: "GET",
          url: "/api/v1/orders",
          headers: { authorization: `Bearer ${wrongKey()}`, "x-forwarded-for": xff },
          remoteAddress,
        });
      const left = async (app: TestApp, ip: string) =>
        (await app.tier.limiter.peek(`authfail:${ip}`, { max: 3, windowMs: 60_000 })).remaining;
      // Through the proxy, with a forged entry the client put first: the proxy's entry counts.
      await fail(listed, "10.0.0.1", "198.51.100.7, 203.0.113.5");
      expect(await left(listed, "203.0.113.5")).toBe(2);
      expect(await left(listed, "198.51.100.7")).toBe(3);
      // Straight from an untrusted peer: its header is ignored.
      await fail(listed, "192.0.2.20", "203.0.113.6");
      expect(await left(listed, "192.0.2.20")).toBe(2);
      expect(await left(listed, "203.0.113.6")).toBe(3);
      // One hop: the right-most entry, the one the proxy added.
      await fail(hops, "10.0.0.1", "198.51.100.7, 203.0.113.5");
      expect(await left(hops, "203.0.113.5")).toBe(2);
      expect(await left(hops, "198.51.100.7")).toBe(3);
    } finally {
      await listed.close();
      await hops.close();
    }
  });
});

describe("when Redis is down", () => {
  test("then fail-open admits requests unchecked, fail-closed answers 503, and both recover when it returns", async () => {
    const server = await startRedisServer();
    const limits = { trading: { max: 2, windowMs: 60_000 } };
    const open = await buildTestApp({ redis: server.url, edge: { ...limits, failOpen: true } });
    const shut = await buildTestApp({ redis: server.url, edge: { ...limits, failOpen: false } });
    try {
      const a = await createAccount(open, { USD: "100000" });
      const b = await createAccount(shut, { USD: "100000" });
      const order = (app: TestApp, headers: Record<string, string>) =>
        app.app.inject({
          method: "POST",
          url: "/api/v1/orders",
          headers,
          payload: limitBuy({ price: "100", quantity: "1" }),
        });
      expect((await order(open, a.headers)).statusCode).toBe(201);
      await server.kill();
      await expect.poll(async () => (await order(shut, b.headers)).statusCode).toBe(503);
      const admitted = await Promise.all([1, 2, 3].map(() => order(open, a.headers)));
      expect(admitted.map((r) => r.statusCode)).toEqual([201, 201, 201]);
      expect(admitted[0]?.headers["ratelimit-limit"]).toBeUndefined();
      const unavailable = await order(shut, b.headers);
      expect(unavailable.json().error.code).toBe("UNAVAILABLE");
      // Redis returns (empty): both limit again, without a restart.
      await server.restart();
      await expect.poll(async () => (await order(shut, b.headers)).statusCode, { timeout: 10_000 }).toBe(201);
      await expect.poll(async () => (await order(open, a.headers)).statusCode, { timeout: 10_000 }).toBe(429);
    } finally {
      await open.close();
      await shut.close();
      await server.stop();
    }
  });

  test("then with fail-open, bad keys from one address are still throttled by this process, and valid keys pass", async () => {
    const server = await startRedisServer();
    const app = await buildTestApp({
      redis: server.url,
      edge: { failOpen: true, authFailures: { max: 3, windowMs: 60_000 } },
    });
    try {
      const a = await createAccount(app, { USD: "1000" });
      await server.kill();
      const attempt = (authorization: string) =>
        app.app.inject({
          method: "GET",
          url: "/api/v1/orders",
          headers: { authorization },
          remoteAddress: "10.4.0.1",
        });
      const codes: number[] = [];
      for (let i = 0; i < 5; i++)
        codes.push((await attempt(`Bearer bk_${"x".repeat(36)}${i}abc`)).statusCode);
      expect(codes).toEqual([401, 401, 401, 429, 429]);
      expect((await attempt(a.headers.authorization)).statusCode).toBe(200);
    } finally {
      await app.close();
      await server.stop();
    }
  });
});
