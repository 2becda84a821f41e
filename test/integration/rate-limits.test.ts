// Rate limits through the HTTP API on the shared Redis: exact under concurrency, headers on
// every limited response, 429 with Retry-After, refusals take no slot, failed authentications
// limited per IP, and the fail-open / fail-closed choice when Redis is down.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildTestApp, createAccount, limitBuy, type TestApp } from "../support/app.ts";
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

describe("failed authentication per IP", () => {
  test("when an address fails 3 times, then even a valid key from it gets 429 until the window passes", async () => {
    const a = await createAccount(t, { USD: "1000" });
    const from = { remoteAddress: "10.1.2.3" };
    for (let i = 0; i < 3; i++) {
      const r = await t.app.inject({
        method: "GET",
        url: "/api/v1/orders",
        headers: { authorization: "Bearer bk_wrong" },
        ...from,
      });
      expect(r.statusCode).toBe(401);
    }
    const blocked = await t.app.inject({ method: "GET", url: "/api/v1/orders", headers: a.headers, ...from });
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(0);
    // Other addresses are not affected, and successes never count.
    const elsewhere = await t.app.inject({
      method: "GET",
      url: "/api/v1/account",
      headers: a.headers,
      remoteAddress: "10.1.2.4",
    });
    expect(elsewhere.statusCode).toBe(200);
  });

  test("when a blocked address keeps guessing, then it gets 429 without a key lookup, and the window does not grow", async () => {
    const from = { remoteAddress: "10.1.2.9" };
    const guess = () =>
      t.app.inject({
        method: "GET",
        url: "/api/v1/orders",
        // Well-formed keys with fresh prefixes: each would cost a database lookup.
        headers: { authorization: `Bearer bk_${crypto.randomUUID().replaceAll("-", "")}abcdefgh` },
        ...from,
      });
    for (let i = 0; i < 3; i++) expect((await guess()).statusCode).toBe(401);
    // Observe (not replace) the authenticator: a refused attempt must not reach it.
    const authenticator = t.services.authenticator;
    const authenticate = authenticator.authenticate.bind(authenticator);
    let lookups = 0;
    authenticator.authenticate = (key) => {
      lookups++;
      return authenticate(key);
    };
    const refused = await Promise.all(Array.from({ length: 5 }, guess));
    expect(refused.map((r) => r.statusCode)).toEqual([429, 429, 429, 429, 429]);
    expect(refused.every((r) => r.json().error.code === "RATE_LIMITED")).toBe(true);
    expect(lookups).toBe(0);
    authenticator.authenticate = authenticate;
    // Only the 3 failures were counted in the shared window.
    expect((await t.tier.limiter.peek("authfail:10.1.2.9", { max: 10, windowMs: 60_000 })).remaining).toBe(7);
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
});
