// Public market data from the venue (no key, limited per client address), cached for
// CACHE_MARKET_TTL_MS. A venue failure is a 502 EXCHANGE_ERROR.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { InstrumentCatalog } from "../../modules/instruments/instruments.service.ts";
import type { MarketData } from "../../modules/market/market-data.ts";
import { symbolSchema } from "../../modules/orders/orders.schema.ts";
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

export const marketRoutes: FastifyPluginAsyncZod<{ market: MarketData; catalog: InstrumentCatalog }> = async (
  app,
  o,
) => {
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
};

/** The venue's last price of a symbol, for marking positions. */
export const lastPrice = (market: MarketData) => async (symbol: string) =>
  ticker.parse(await market.get(`${encodeURIComponent(symbol)}/ticker`)).last ?? undefined;
