// POST /internal/venue/market-data: the venue's public market data (ticker, book, new trades),
// signed like its execution reports, handed to pub/sub for the WebSocket clients of every API
// process. The trades are first applied to the candles in PostgreSQL (one transaction); when that
// fails the venue is answered 503 and sends the same trades again on its next push, and they are
// not published until then. Publishing is best-effort: a failed publish is logged, and the venue
// is still answered 200.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { CandleUpdate } from "../../modules/market/candles.service.ts";
import { DomainError } from "../../modules/shared/errors.ts";
import type { MarketChannel } from "../../platform/pubsub.ts";
import { acceptSignedJson } from "./signed-json.ts";

const decimal = z.string().regex(/^\d+(\.\d+)?$/);
const ts = z.iso.datetime({ offset: true });
const level = z.tuple([decimal, decimal]);

const marketSchema = z.object({
  symbol: z.string().min(1).max(20),
  ticker: z
    .object({
      bid: decimal.nullable(),
      ask: decimal.nullable(),
      last: decimal.nullable(),
      volume_24h: decimal,
      ts,
    })
    .optional(),
  book: z.object({ bids: z.array(level).max(100), asks: z.array(level).max(100), ts }).optional(),
  trades: z
    .array(
      z.object({
        id: z.number().int().positive(),
        price: decimal,
        quantity: decimal,
        side: z.enum(["buy", "sell"]),
        ts,
      }),
    )
    .min(1)
    .max(1_000)
    .optional(),
});

const WARN_EVERY_MS = 30_000;

/** Register it as its own plugin (not through fastify-plugin): its raw-body JSON parser must stay in its scope. */
export const venueMarketDataRoutes: FastifyPluginAsyncZod<{
  secret: string;
  toleranceMs: number;
  publish: (channel: MarketChannel, symbol: string, data: unknown) => Promise<void>;
  /** Applies the trades to the candles, once per trade; the bars changed, by symbol. */
  recordTrades: (
    venueBoot: string,
    markets: { symbol: string; trades: { id: number; price: string; quantity: string; ts: string }[] }[],
  ) => Promise<Map<string, CandleUpdate[]>>;
}> = async (app, o) => {
  // The signature covers the exact bytes sent, so this scope reads the body raw before parsing.
  acceptSignedJson(app, { secret: o.secret, toleranceMs: o.toleranceMs, what: "venue market data" });

  // Pushes come several times a second: while the bus is down, one warning per 30 s is enough.
  let lastWarn = Number.NEGATIVE_INFINITY;
  let failures = 0;
  let lastStoreWarn = Number.NEGATIVE_INFINITY;

  app.post(
    "/internal/venue/market-data",
    {
      // Above the API's default (64 KiB): a push may carry hundreds of trades per market.
      bodyLimit: 1_048_576,
      schema: {
        hide: true,
        body: z.object({
          // The venue's run (its boot id): trade ids start again with each.
          venue: z.string().min(1).max(64),
          markets: z.array(marketSchema).min(1).max(100),
        }),
      },
    },
    async (request) => {
      const { venue, markets } = request.body;
      const sends: [MarketChannel, string, unknown][] = [];
      for (const m of markets) {
        if (m.ticker !== undefined) sends.push(["ticker", m.symbol, m.ticker]);
        if (m.book !== undefined) sends.push(["book", m.symbol, m.book]);
      }
      const traded = markets.flatMap((m) =>
        m.trades === undefined ? [] : [{ symbol: m.symbol, trades: m.trades }],
      );
      let stored: Error | undefined;
      try {
        const candles = await o.recordTrades(venue, traded);
        for (const m of traded) sends.push(["trades", m.symbol, m.trades]);
        for (const [symbol, bars] of candles) sends.push(["candles", symbol, bars]);
      } catch (error) {
        // Not stored: the venue keeps the trades and sends them again; ticker and book go out now.
        stored = error instanceof Error ? error : new Error(String(error));
        if (Date.now() - lastStoreWarn >= WARN_EVERY_MS) {
          request.log.warn({ err: stored }, "candles not stored; the venue will send the trades again");
          lastStoreWarn = Date.now();
        }
      }
      const results = await Promise.allSettled(sends.map(([c, symbol, data]) => o.publish(c, symbol, data)));
      const first = results.findIndex((r) => r.status === "rejected");
      if (first >= 0) {
        failures += results.filter((r) => r.status === "rejected").length;
        const now = Date.now();
        if (now - lastWarn >= WARN_EVERY_MS) {
          const failed = results[first] as PromiseRejectedResult;
          const [channel, symbol] = sends[first] ?? [];
          request.log.warn(
            { err: failed.reason, channel, symbol, failures },
            "market data publish failed; dropped",
          );
          lastWarn = now;
          failures = 0;
        }
      }
      if (stored !== undefined) {
        throw new DomainError("UNAVAILABLE", "the trades could not be stored; send them again", {
          cause: stored,
        });
      }
      return { received: markets.length };
    },
  );
};
