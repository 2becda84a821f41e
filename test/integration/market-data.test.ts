// Public market data through the HTTP API against a real venue on loopback: a limit per client
// address, one venue call for concurrent identical misses, a few cached book and trade sizes, and
// a venue budget of its own that cannot open the trading client's breaker.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { venueClients } from "../../src/app/venue-clients.ts";
import { buildTestApp, type TestApp, WEBHOOK_SECRET } from "../support/app.ts";
import { startTestVenue, type TestVenue } from "../support/venue.ts";

const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

/** The venue's market-data calls, as the venue received them. */
function countMarketCalls(v: TestVenue): string[] {
  const calls: string[] = [];
  v.server.server.on("request", (request: { url?: string }) => {
    if (request.url?.startsWith("/v1/markets/")) calls.push(request.url);
  });
  return calls;
}

let v: TestVenue;
let t: TestApp;
let calls: string[];
beforeAll(async () => {
  // Latency at the venue, so that requests sent together overlap there.
  v = await startTestVenue({ latencyMs: 100 });
  calls = countMarketCalls(v);
  t = await buildTestApp({
    venue: v.client,
    edge: { publicRoutes: { max: 5, windowMs: 60_000 }, marketCacheTtlMs: 5_000 },
  });
});
afterAll(async () => {
  await t.close();
  await v.server.close();
});

let address = 0;
/** A client address of its own, so that tests do not share a public window. */
const nextAddress = () => `10.1.${Math.floor(++address / 250)}.${address % 250}`;

const get = (url: string, remoteAddress: string) => t.app.inject({ method: "GET", url, remoteAddress });

describe("a limit per client address on public routes", () => {
  test("when one address passes the limit, then it gets 429 with Retry-After while another address gets 200", async () => {
    const [a, b] = [nextAddress(), nextAddress()];
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await get("/api/v1/market/BTC-USD/ticker", a);
      seen.push(`${r.statusCode}:${r.headers["ratelimit-remaining"]}`);
    }
    expect(seen).toEqual(["200:4", "200:3", "200:2", "200:1", "200:0", "429:0"]);
    const refused = await get("/api/v1/instruments", a);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe("RATE_LIMITED");
    expect(refused.headers["ratelimit-limit"]).toBe("5");
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    const other = await get("/api/v1/market/BTC-USD/ticker", b);
    expect(other.statusCode).toBe(200);
    expect(other.headers["ratelimit-remaining"]).toBe("4");
  });
});

describe("the venue calls of market data", () => {
  test("when many clients miss the same key at once, then one venue call serves them all", async () => {
    const before = calls.length;
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => get("/api/v1/market/ETH-USD/ticker", nextAddress())),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
    expect(new Set(responses.map((r) => r.body)).size).toBe(1);
    expect(calls.slice(before)).toEqual(["/v1/markets/ETH-USD/ticker"]);
  });

  test("when clients ask for books of depth 7 and 9, then one cached venue call of a larger size serves both", async () => {
    const before = calls.length;
    const seven = await get("/api/v1/market/BTC-USD/book?depth=7", nextAddress());
    const nine = await get("/api/v1/market/BTC-USD/book?depth=9", nextAddress());
    expect([seven.statusCode, nine.statusCode]).toEqual([200, 200]);
    expect(calls.slice(before)).toEqual(["/v1/markets/BTC-USD/book?depth=10"]);
    // Each answer has at most the levels it asked for.
    const three = (await get("/api/v1/market/BTC-USD/book?depth=3", nextAddress())).json();
    expect(three.bids.length).toBe(3);
    expect(three.asks.length).toBe(3);
  });

  test("when clients ask for 30 and 40 trades, then one venue call serves both", async () => {
    const before = calls.length;
    const a = await get("/api/v1/market/BTC-USD/trades?limit=30", nextAddress());
    const b = await get("/api/v1/market/BTC-USD/trades?limit=40", nextAddress());
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(calls.slice(before)).toHaveLength(1);
  });
});

/** A venue that fails every market-data call (an overloaded feed) and forwards the rest. */
async function failingMarkets(target: string): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.url?.startsWith("/v1/markets/")) {
      response.writeHead(503, { "content-type": "application/json" }).end('{"error":{"message":"busy"}}');
      return;
    }
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => {
      const body = chunks.length === 0 ? undefined : Buffer.concat(chunks);
      // The calls and answers are signed: their headers pass through as they are.
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter(
          (e): e is [string, string] =>
            typeof e[1] === "string" && e[0] !== "host" && e[0] !== "content-length",
        ),
      );
      fetch(`${target}${request.url}`, { method: request.method, headers, body }).then(
        async (r) => {
          const text = await r.text();
          const answer = Object.fromEntries(
            [...r.headers].filter(([name]) => name !== "content-length" && name !== "content-encoding"),
          );
          response.writeHead(r.status, answer).end(text);
        },
        () => response.writeHead(502).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

describe("the market-data budget", () => {
  test("when the venue fails every market-data call, then the trading client's breaker stays closed", async () => {
    const venue = await startTestVenue();
    const proxy = await failingMarkets(urlOf(venue.server.server));
    const clients = venueClients(
      {
        connectTimeoutMs: 500,
        requestTimeoutMs: 2_000,
        retries: 0,
        breakerThreshold: 3,
        breakerOpenMs: 60_000,
        trading: { maxConcurrent: 16, maxPerSecond: 1_000 },
        marketData: { maxConcurrent: 4, maxPerSecond: 1_000 },
        secret: WEBHOOK_SECRET,
        toleranceMs: 300_000,
      },
      urlOf(proxy),
    );
    const app = await buildTestApp({
      venue: clients.trading,
      marketVenue: clients.marketData,
      edge: { marketCacheTtlMs: 0 },
    });
    try {
      for (let i = 0; i < 5; i++) {
        const r = await app.app.inject({ method: "GET", url: "/api/v1/market/BTC-USD/ticker" });
        expect(r.statusCode).toBe(502);
      }
      // An order the venue does not know: answered (404 → undefined), not refused by an open breaker.
      await expect(clients.trading.get("no-such-order")).resolves.toBeUndefined();
    } finally {
      await app.close();
      await clients.close();
      await new Promise((resolve) => proxy.close(resolve));
      await venue.server.close();
    }
  });
});
