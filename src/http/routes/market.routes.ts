// Public market data from the venue (no key, limited per client address), cached for
// CACHE_MARKET_TTL_MS. A venue failure is a 502 EXCHANGE_ERROR.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { InstrumentCatalog } from "../../modules/instruments/instruments.service.ts";
import { bucketsIn, INTERVALS } from "../../modules/market/candles.bars.ts";
import type { CandleReads } from "../../modules/market/candles.service.ts";
import type { MarketData } from "../../modules/market/market-data.ts";
import { symbolSchema } from "../../modules/orders/orders.schema.ts";
import { validation } from "../../modules/shared/errors.ts";
import { errorSchema } from "./common.ts";

const tags = ["market data"];
const params = z.object({ symbol: symbolSchema });
const errors = { 422: errorSchema, 429: errorSchema, 502: errorSchema } as const;
const config = { perAddress: true };

const ticker = z.object({
  symbol: z.string(),
  bid: z.string().nullable(),
  ask: z.string().nullable(),
  last: z.string().nullable(),
  volume_24h: z.string().describe("Quantity traded at the venue over the last 24 hours, to the minute."),
  ts: z.string(),
});
const level = z.tuple([z.string(), z.string()]);
const book = z.object({ symbol: z.string(), bids: z.array(level), asks: z.array(level), ts: z.string() });
const trades = z.object({
  data: z.array(
    z.object({
      id: z.number(),
      price: z.string(),
      quantity: z.string(),
      side: z.enum(["buy", "sell"]),
      ts: z.string(),
    }),
  ),
});

const instant = z.iso.datetime({ offset: true }).transform((text) => new Date(text));
const candleQuery = z.object({
  interval: z
    .enum(INTERVALS)
    .default("1m")
    .describe("Bar size: 1m, 5m, 15m, 1h or 1d (UTC buckets). Default 1m."),
  start: instant
    .optional()
    .describe("RFC 3339: bars opening at or after this time (the first `limit` of them, without `end`)."),
  end: instant
    .optional()
    .describe("RFC 3339: bars opening at or before this time (the latest `limit` of them, without `start`)."),
  limit: z.coerce.number().int().min(1).max(1_000).default(500),
});
const candle = z.object({
  t: z.string().describe("Open time, RFC 3339 UTC with milliseconds."),
  o: z.string(),
  h: z.string(),
  l: z.string(),
  c: z.string(),
  v: z.string().describe("Volume in the base asset."),
  n: z.number().int().describe("Number of trades."),
});
const candles = z.object({ symbol: z.string(), interval: z.enum(INTERVALS), data: z.array(candle) });

export const marketRoutes: FastifyPluginAsyncZod<{
  market: MarketData;
  catalog: InstrumentCatalog;
  candles: CandleReads;
}> = async (app, o) => {
  const listed = async (symbol: string) => encodeURIComponent((await o.catalog.get(symbol)).symbol);

  app.get(
    "/api/v1/market/:symbol/ticker",
    {
      config,
      schema: {
        tags,
        summary: "Best bid and ask, last price, 24 h volume",
        params,
        response: { 200: ticker, ...errors },
      },
    },
    async (request) => ticker.parse(await o.market.get(`${await listed(request.params.symbol)}/ticker`)),
  );

  app.get(
    "/api/v1/market/:symbol/book",
    {
      config,
      schema: {
        tags,
        summary: "Order book levels [price, quantity], best first",
        params,
        querystring: z.object({ depth: z.coerce.number().int().min(1).max(100).default(10) }),
        response: { 200: book, ...errors },
      },
    },
    async (request) =>
      book.parse(await o.market.book(await listed(request.params.symbol), request.query.depth)),
  );

  app.get(
    "/api/v1/market/:symbol/trades",
    {
      config,
      schema: {
        tags,
        summary: "Recent public trades, newest first",
        params,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
        response: { 200: trades, ...errors },
      },
    },
    async (request) =>
      trades.parse(await o.market.trades(await listed(request.params.symbol), request.query.limit)),
  );

  app.get(
    "/api/v1/market/:symbol/candles",
    {
      config,
      schema: {
        tags,
        summary: "OHLCV bars, oldest first",
        description:
          "Bars built from the venue's trades and kept in PostgreSQL: `t` the bucket's open time, `o` `h` `l` `c` prices, `v` volume in the base asset, `n` trades. Buckets are UTC, aligned on the interval (a 1d bar opens at 00:00 UTC). A bucket without a trade has no bar (no filler repeating the last close). Without `start` and `end`: the `limit` most recent bars; with `start` only: the first `limit` from it; with `end` only: the latest `limit` up to it; with both (inclusive, on the open time): every bar of the window, which may span at most `limit` buckets (422 otherwise). Bars opening before the instrument's `candles_synthetic_until` (see GET /api/v1/instruments) are synthetic, not traded. Cached like the other market data.",
        params,
        querystring: candleQuery,
        response: { 200: candles, ...errors },
      },
    },
    async (request) => {
      const { symbol } = await o.catalog.get(request.params.symbol);
      const { interval, start, end, limit } = request.query;
      if (start !== undefined && end !== undefined) {
        if (end < start) throw validation([{ path: "end", message: "must not be before start" }]);
        const buckets = bucketsIn(start.getTime(), end.getTime(), interval);
        if (buckets > limit) {
          throw validation([
            {
              path: "end",
              message: `the window spans ${buckets} ${interval} bars, more than limit (${limit}); narrow it or raise limit (at most 1000)`,
            },
          ]);
        }
      }
      return { symbol, interval, data: await o.candles.list({ symbol, interval, start, end, limit }) };
    },
  );
};

/** The venue's last price of a symbol, for marking positions. */
export const lastPrice = (market: MarketData) => async (symbol: string) =>
  ticker.parse(await market.get(`${encodeURIComponent(symbol)}/ticker`)).last ?? undefined;
