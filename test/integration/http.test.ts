import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { bearer, buildTestApp, createAccount, limitBuy, type TestApp } from "../support/app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ bodyLimit: 2048 });
});
afterAll(async () => {
  await t.close();
});

const errorShape = { error: { code: expect.any(String), message: expect.any(String) } };

describe("errors have one shape", () => {
  test("when the JSON is malformed, then 400 BAD_REQUEST", async () => {
    const a = await createAccount(t);
    const r = await t.app.inject({
      method: "POST",
      url: "/api/v1/orders",
      headers: { ...a.headers, "content-type": "application/json" },
      payload: '{"symbol": ',
    });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ error: { code: "BAD_REQUEST" } });
  });

  test("when the content type is not JSON, then 400 BAD_REQUEST", async () => {
    const a = await createAccount(t);
    const r = await t.app.inject({
      method: "POST",
      url: "/api/v1/orders",
      headers: { ...a.headers, "content-type": "text/plain" },
      payload: "hello",
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe("BAD_REQUEST");
  });

  test("when the body is over the limit, then 413 PAYLOAD_TOO_LARGE", async () => {
    const a = await createAccount(t);
    const r = await t.app.inject({
      method: "POST",
      url: "/api/v1/orders",
      headers: a.headers,
      payload: { ...limitBuy(), padding: "x".repeat(4096) },
    });
    expect(r.statusCode).toBe(413);
    expect(r.json().error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  test("when a limit order has no price, then 422 says price is required and for which orders", async () => {
    const a = await createAccount(t);
    const { price: _omitted, ...noPrice } = limitBuy();
    const r = await t.app.inject({
      method: "POST",
      url: "/api/v1/orders",
      headers: a.headers,
      payload: noPrice,
    });
    expect(r.statusCode).toBe(422);
    expect(r.json()).toEqual({
      error: {
        code: "VALIDATION_ERROR",
        message: "the request is invalid; see details",
        details: [{ path: "price", message: "price is required for limit and stop_limit orders" }],
      },
    });
  });

  test("when a query string is wrong, then 422 names the parameter and what it must be", async () => {
    const a = await createAccount(t);
    const r = await t.app.inject({ method: "GET", url: "/api/v1/orders?limit=0", headers: a.headers });
    expect(r.statusCode).toBe(422);
    expect(r.json().error.details).toEqual([{ path: "limit", message: "limit must be at least 1" }]);
  });

  test("when the route does not exist, then 404 NOT_FOUND", async () => {
    const r = await t.app.inject({ method: "GET", url: "/api/v1/nothing-here" });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject(errorShape);
    const put = await t.app.inject({ method: "PUT", url: "/api/v1/nothing-here" });
    expect(put.statusCode).toBe(404);
    expect(put.headers.allow).toBeUndefined();
  });

  test("when the path exists under other methods, then 405 METHOD_NOT_ALLOWED with an Allow header", async () => {
    const r = await t.app.inject({ method: "PUT", url: "/api/v1/orders?symbol=BTC-USD" });
    expect(r.statusCode).toBe(405);
    expect(r.headers.allow).toBe("DELETE, GET, HEAD, POST");
    expect(r.json()).toEqual({
      error: {
        code: "METHOD_NOT_ALLOWED",
        message: "PUT is not allowed on /api/v1/orders; use DELETE, GET, HEAD or POST",
      },
    });
  });

  test("when a path with a parameter exists under other methods, then 405 lists them", async () => {
    const r = await t.app.inject({
      method: "POST",
      url: "/api/v1/orders/0190a3b2-0000-7000-8000-000000000000",
    });
    expect(r.statusCode).toBe(405);
    expect(r.headers.allow).toBe("DELETE, GET, HEAD, PATCH");
  });

  test.each([
    ["no Authorization header", {}],
    ["a malformed key", bearer("nope")],
    ["an unknown key", bearer(`bk_${"A".repeat(40)}`)],
    ["a Basic scheme", { authorization: "Basic abc" }],
  ])("when the request has %s, then 401 UNAUTHENTICATED", async (_name, headers) => {
    const r = await t.app.inject({ method: "GET", url: "/api/v1/account", headers });
    expect(r.statusCode).toBe(401);
    expect(r.json().error.code).toBe("UNAUTHENTICATED");
  });

  test("when a read-only key places an order, then 403 FORBIDDEN and a read works", async () => {
    const a = await createAccount(t, { USD: "100000" }, ["read"]);
    const r = await t.app.inject({
      method: "POST",
      url: "/api/v1/orders",
      headers: a.headers,
      payload: limitBuy(),
    });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe("FORBIDDEN");
    expect(
      (await t.app.inject({ method: "GET", url: "/api/v1/account", headers: a.headers })).statusCode,
    ).toBe(200);
  });

  test("when an API key is used on an admin route, then 401 says admin routes need the admin token", async () => {
    const a = await createAccount(t);
    const r = await t.app.inject({
      method: "POST",
      url: "/api/v1/admin/accounts",
      headers: a.headers,
      payload: { name: "x" },
    });
    expect(r.statusCode).toBe(401);
    expect(r.json().error).toEqual({
      code: "UNAUTHENTICATED",
      message:
        "this is an account's API key; admin routes (/api/v1/admin/…) need the admin token (ADMIN_TOKEN)",
    });
  });

  test("when the admin token is used on a user route, then 401 says it works only on admin routes", async () => {
    const r = await t.app.inject({ method: "GET", url: "/api/v1/account", headers: bearer(t.adminToken) });
    expect(r.statusCode).toBe(401);
    expect(r.json().error).toEqual({
      code: "UNAUTHENTICATED",
      message:
        "this is the admin token, which works only on /api/v1/admin routes; user routes take an account's API key (bk_…)",
    });
  });

  test("when another admin-style token is used on a user route, then 401 says user routes take an API key", async () => {
    const r = await t.app.inject({ method: "GET", url: "/api/v1/account", headers: bearer("adm_elsewhere") });
    expect(r.statusCode).toBe(401);
    expect(r.json().error.message).toBe(
      "this looks like the admin token, for /api/v1/admin routes only; user routes and the stream take an API key (bk_…)",
    );
  });
});

describe("request ids and headers", () => {
  test("when a request id is sent, then it is echoed; otherwise one is generated", async () => {
    const echoed = await t.app.inject({
      method: "GET",
      url: "/healthz",
      headers: { "x-request-id": "abc-123" },
    });
    expect(echoed.headers["x-request-id"]).toBe("abc-123");
    const generated = await t.app.inject({ method: "GET", url: "/healthz" });
    expect(generated.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    const onError = await t.app.inject({ method: "GET", url: "/nope" });
    expect(onError.headers["x-request-id"]).toBeDefined();
  });

  test("when any response is sent, then security headers are set and CORS is closed", async () => {
    const r = await t.app.inject({
      method: "GET",
      url: "/healthz",
      headers: { origin: "https://evil.example" },
    });
    expect(r.headers["x-content-type-options"]).toBe("nosniff");
    expect(r.headers["access-control-allow-origin"]).toBeUndefined();
  });
});

describe("service routes", () => {
  test("when the schema is current, then /readyz is 200; while draining it is 503", async () => {
    expect((await t.app.inject({ method: "GET", url: "/readyz" })).statusCode).toBe(200);
    t.readiness.draining = true;
    try {
      const r = await t.app.inject({ method: "GET", url: "/readyz" });
      expect(r.statusCode).toBe(503);
      // Still serving while load balancers take it out of rotation…
      expect((await t.app.inject({ method: "GET", url: "/api/v1/instruments" })).statusCode).toBe(200);
      // …until the listener closes.
      t.readiness.closing = true;
      const api = await t.app.inject({ method: "GET", url: "/api/v1/instruments" });
      expect(api.statusCode).toBe(503);
      expect(api.json().error.code).toBe("UNAVAILABLE");
    } finally {
      t.readiness.draining = false;
      t.readiness.closing = false;
    }
  });

  test("when /metrics is scraped, then it has request durations by route and pool usage", async () => {
    await t.app.inject({ method: "GET", url: "/api/v1/instruments" });
    const r = await t.app.inject({ method: "GET", url: "/metrics" });
    expect(r.body).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/instruments",status_code="200"\}/,
    );
    expect(r.body).toMatch(/db_pool_connections \d+/);
  });

  test("when /openapi.json is read, then it is OpenAPI 3.1 with the order routes and examples", async () => {
    const doc = (await t.app.inject({ method: "GET", url: "/openapi.json" })).json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/v1/orders", "/api/v1/orders/{id}", "/api/v1/account"]),
    );
    expect(JSON.stringify(doc)).toContain('"examples":["BTC-USD"]');
    const docs = await t.app.inject({ method: "GET", url: "/docs/" });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers["content-type"]).toContain("text/html");
    expect(docs.headers["content-security-policy"]).toContain("script-src 'self' 'unsafe-inline'");
    expect(docs.body).toContain('<script src="js/scalar.js"></script>');
    expect(docs.body).toContain('"url": "/openapi.json"');
    const bare = await t.app.inject({ method: "GET", url: "/docs" });
    expect(bare.statusCode).toBe(301);
    expect(bare.headers.location).toBe("/docs/");
  });

  test("when /docs is asked for without its slash, then 301 to /docs/ with a body that links there", async () => {
    const r = await t.app.inject({ method: "GET", url: "/docs" });
    expect(r.statusCode).toBe(301);
    expect(r.headers.location).toBe("/docs/");
    expect(r.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(r.body).toContain('<a href="/docs/">/docs/</a>');
  });

  test("when /docs loads its script, then it gets the bundle @scalar/fastify-api-reference serves, byte for byte", async () => {
    const mine = await t.app.inject({ method: "GET", url: "/docs/js/scalar.js" });
    expect(mine.statusCode).toBe(200);
    expect(mine.headers["content-type"]).toBe("application/javascript; charset=utf-8");
    expect(mine.headers["content-security-policy"]).toContain("default-src 'self'");
    // The plugin itself, on an app of its own (importing it is what the server no longer does).
    const { default: apiReference } = await import("@scalar/fastify-api-reference");
    const theirs = Fastify({ logger: false });
    await theirs.register(apiReference, { routePrefix: "/docs", configuration: { url: "/openapi.json" } });
    try {
      const expected = await theirs.inject({ method: "GET", url: "/docs/js/scalar.js" });
      expect(expected.statusCode).toBe(200);
      expect(mine.rawPayload.length).toBe(expected.rawPayload.length);
      expect(mine.rawPayload.equals(expected.rawPayload)).toBe(true);
    } finally {
      await theirs.close();
    }
  });

  test("when instruments are listed, then the defaults are there with their precision", async () => {
    const r = await t.app.inject({ method: "GET", url: "/api/v1/instruments" });
    const symbols = r.json().data.map((i: { symbol: string }) => i.symbol);
    expect(symbols).toEqual(expect.arrayContaining(["BTC-USD", "ETH-USD", "SOL-USD"]));
    expect(r.json().data.find((i: { symbol: string }) => i.symbol === "BTC-USD")).toMatchObject({
      tick_size: "0.01",
      lot_size: "0.00001",
      min_quantity: "0.0001",
      base_asset_precision: "0.00000001",
      quote_asset_precision: "0.01",
    });
  });
});
