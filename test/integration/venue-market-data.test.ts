// The venue's market-data feed posting to the OMS route over loopback: signed, only what changed,
// handed to publish; a bad signature is refused, and a failed publish or a down OMS is no error.
import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import Fastify, { type FastifyInstance } from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { errorHandler } from "../../src/http/errors.ts";
import { venueMarketDataRoutes } from "../../src/http/routes/venue-market-data.routes.ts";
import { venueWebhookRoutes } from "../../src/http/routes/venue-webhook.routes.ts";
import { createLogger } from "../../src/platform/logger.ts";
import type { MarketChannel } from "../../src/platform/pubsub.ts";
import { SIGNATURE_HEADER, sign } from "../../src/platform/webhook-signature.ts";
import { DEFAULT_LIQUIDITY, LiquidityProvider } from "../../src/venue/liquidity.ts";
import { MarketDataFeed } from "../../src/venue/market-feed.ts";
import { Venue } from "../../src/venue/venue.ts";

const SECRET = "market-data-secret";
const URL_PATH = "/internal/venue/market-data";
const log = createLogger({ LOG_LEVEL: "silent", LOG_FORMAT: "json", NODE_ENV: "test" });

interface Published {
  channel: MarketChannel;
  symbol: string;
  data: unknown;
}

let app: FastifyInstance;
let url: string;
let published: Published[];
let requests = 0;
let failPublish = false;
/** What recordTrades was given: the venue run and the trade ids, per call. */
let recorded: { boot: string; ids: number[] }[] = [];
let failRecord = false;

beforeAll(async () => {
  app = Fastify({ bodyLimit: 65_536 }); // the API's default BODY_LIMIT_BYTES
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.addHook("onResponse", async () => {
    requests++;
  });
  // Both raw-body routes side by side, each with its own secret: their parsers must not collide.
  await app.register(venueWebhookRoutes, {
    db: {} as never,
    secret: "executions-secret",
    toleranceMs: 300_000,
  });
  await app.register(venueMarketDataRoutes, {
    secret: SECRET,
    toleranceMs: 300_000,
    publish: async (channel, symbol, data) => {
      if (failPublish) throw new Error("bus down");
      published.push({ channel, symbol, data });
    },
    // No database here (candles.test.ts has it): what the route hands over, and a failing store.
    recordTrades: async (boot, markets) => {
      if (failRecord) throw new Error("database down");
      recorded.push({ boot, ids: markets.flatMap((m) => m.trades.map((x) => x.id)) });
      return new Map();
    },
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  url = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}${URL_PATH}`;
});
afterAll(async () => {
  await app.close();
});
beforeEach(() => {
  published = [];
  failPublish = false;
  recorded = [];
  failRecord = false;
});

function quotedVenue(): Venue {
  const venue = new Venue(() => {});
  new LiquidityProvider(venue, DEFAULT_LIQUIDITY).refresh();
  return venue;
}

const marketBuy = (venue: Venue, symbol: string, quantity: string) =>
  venue.submit({
    client_order_id: randomUUID(),
    owner: "trader",
    symbol,
    side: "buy",
    type: "market",
    time_in_force: "ioc",
    quantity,
  });

const of = (channel: MarketChannel, symbol: string) =>
  published.filter((p) => p.channel === channel && p.symbol === symbol).map((p) => p.data);

describe("venue market data", () => {
  test("when orders trade, then publish gets the ticker, book and new trades; an unchanged market sends nothing", async () => {
    const venue = quotedVenue();
    const feed = new MarketDataFeed({ url, secret: SECRET, intervalMs: 20, depth: 5 }, log, venue);
    feed.start();
    try {
      // First the snapshot of every market.
      await expect.poll(() => published.length).toBe(6);
      expect(of("book", "ETH-USD")).toEqual([
        { bids: venue.book("ETH-USD", 5).bids, asks: venue.book("ETH-USD", 5).asks, ts: expect.any(String) },
      ]);

      marketBuy(venue, "BTC-USD", "1.5");
      await expect.poll(() => of("trades", "BTC-USD").length).toBe(1);
      expect(of("trades", "BTC-USD")[0]).toEqual(venue.trades("BTC-USD", 2).reverse());
      expect(of("ticker", "BTC-USD").at(-1)).toMatchObject({
        last: venue.ticker("BTC-USD").last,
        volume_24h: "1.5",
      });
      expect(of("book", "BTC-USD").at(-1)).toMatchObject({ asks: venue.book("BTC-USD", 5).asks });

      marketBuy(venue, "BTC-USD", "0.1");
      await expect.poll(() => of("trades", "BTC-USD").length).toBe(2);
      expect(of("trades", "BTC-USD")[1]).toEqual(venue.trades("BTC-USD", 1));
      // ETH and SOL never changed: nothing after their snapshot.
      expect(published.filter((p) => p.symbol !== "BTC-USD")).toHaveLength(4);

      // Nothing changes for 10 ticks: no request at all.
      const before = requests;
      await new Promise((r) => setTimeout(r, 200));
      expect(requests).toBe(before);
    } finally {
      await feed.stop();
    }
  });

  test("when a burst of trades happens in two markets between ticks, then every one is published once, in order", async () => {
    const venue = quotedVenue();
    const feed = new MarketDataFeed({ url, secret: SECRET, intervalMs: 20, depth: 5 }, log, venue);
    feed.start();
    try {
      await expect.poll(() => published.length).toBe(6);
      // Two markets × 500 trades: a push larger than the API's 64 KiB body limit.
      for (let i = 0; i < 600; i++) {
        marketBuy(venue, "SOL-USD", "0.01");
        marketBuy(venue, "BTC-USD", "0.00001");
      }
      for (const symbol of ["SOL-USD", "BTC-USD"]) {
        const ids = () =>
          of("trades", symbol).flatMap((batch) => (batch as { id: number }[]).map((t) => t.id));
        await expect.poll(ids).toHaveLength(600);
        expect(ids()).toEqual(
          venue
            .trades(symbol, 600)
            .reverse()
            .map((t) => t.id),
        );
      }
    } finally {
      await feed.stop();
    }
  });

  test("when the candles cannot be stored, then no trade is published and the feed sends the same trades again until they are", async () => {
    const venue = quotedVenue();
    const feed = new MarketDataFeed({ url, secret: SECRET, intervalMs: 20, depth: 5 }, log, venue);
    feed.start();
    try {
      await expect.poll(() => published.length).toBe(6);
      failRecord = true;
      marketBuy(venue, "ETH-USD", "0.5");
      const ids = venue
        .trades("ETH-USD", 10)
        .map((x) => x.id)
        .reverse();
      // The ticker and book still go out; the trades wait.
      await expect.poll(() => of("ticker", "ETH-USD").length).toBeGreaterThan(1);
      await new Promise((r) => setTimeout(r, 100));
      expect(of("trades", "ETH-USD")).toEqual([]);
      failRecord = false;
      await expect.poll(() => of("trades", "ETH-USD").length).toBe(1);
      expect(recorded.filter((r) => r.ids.length > 0)).toEqual([{ boot: venue.boot, ids }]);
      expect((of("trades", "ETH-USD")[0] as { id: number }[]).map((x) => x.id)).toEqual(ids);
    } finally {
      await feed.stop();
    }
  });

  test("when the body is signed with another secret, or not at all, then 401 and nothing is published", async () => {
    const payload = JSON.stringify({ venue: "boot", markets: [{ symbol: "BTC-USD", trades: [] }] });
    for (const headers of [{ [SIGNATURE_HEADER]: sign("another-secret", payload) }, {}]) {
      const r = await app.inject({
        method: "POST",
        url: URL_PATH,
        headers: { "content-type": "application/json", ...headers },
        payload,
      });
      expect(r.statusCode).toBe(401);
      expect(r.json().error.code).toBe("UNAUTHENTICATED");
    }
    // The executions route keeps its own secret: the market-data one does not open it.
    const executions = await app.inject({
      method: "POST",
      url: "/internal/venue/executions",
      headers: { "content-type": "application/json", [SIGNATURE_HEADER]: sign(SECRET, payload) },
      payload,
    });
    expect(executions.statusCode).toBe(401);
    expect(published).toEqual([]);
  });

  test("when publishing fails, then the venue is still answered 200", async () => {
    failPublish = true;
    const payload = JSON.stringify({
      venue: "boot",
      markets: [
        { symbol: "BTC-USD", book: { bids: [["50000", "1"]], asks: [], ts: new Date().toISOString() } },
      ],
    });
    const r = await app.inject({
      method: "POST",
      url: URL_PATH,
      headers: { "content-type": "application/json", [SIGNATURE_HEADER]: sign(SECRET, payload) },
      payload,
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ received: 1 });
  });

  test("when the OMS is down, then the feed warns once per 30 s and stops cleanly", async () => {
    const warnings: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        warnings.push(String(chunk));
        done();
      },
    });
    const closed = Fastify();
    await closed.listen({ host: "127.0.0.1", port: 0 });
    const address = closed.server.address();
    await closed.close(); // a port nobody listens on
    const feed = new MarketDataFeed(
      {
        url: `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}${URL_PATH}`,
        secret: SECRET,
        intervalMs: 5,
        depth: 5,
      },
      pino({ level: "warn" }, sink),
      quotedVenue(),
    );
    feed.start();
    await expect.poll(() => warnings.length).toBe(1);
    await new Promise((r) => setTimeout(r, 100));
    await feed.stop();
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0] ?? "{}")).toMatchObject({ msg: "market data push failed" });
  });
});
