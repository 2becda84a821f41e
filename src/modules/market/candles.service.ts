// Candles from the venue's trades: each delivery of trades becomes one transaction that applies
// the trades above the symbol's watermark (per venue run) to the bars of every interval, so a
// trade delivered twice, or by two API processes at once, counts once. Reads of the REST route
// go through the market-data cache.
import type { Cache } from "../../platform/cache.ts";
import { normalize } from "../shared/decimal.ts";
import type { Executor } from "../shared/executor.ts";
import { foldAll, type Interval, type Trade, tradeBar } from "./candles.bars.ts";
import { advanceFeed, type CandleRow, listCandles, lockFeed, mergeBars } from "./candles.repository.ts";

/** A bar as clients see it: open time in RFC 3339 (ms, UTC), decimal strings, a trade count. */
export interface CandleView {
  t: string;
  o: string;
  h: string;
  l: string;
  c: string;
  v: string;
  n: number;
}

export const candleView = (r: Pick<CandleRow, "t" | "o" | "h" | "l" | "c" | "v" | "n">): CandleView => ({
  t: r.t.toISOString(),
  o: normalize(r.o),
  h: normalize(r.h),
  l: normalize(r.l),
  c: normalize(r.c),
  v: normalize(r.v),
  n: Number(r.n),
});

/** A bar changed by a delivery, as published to the stream hubs. */
export interface CandleUpdate extends CandleView {
  interval: Interval;
}

/**
 * Applies a delivery of trades (per symbol, oldest first, ids increasing) in one transaction and
 * returns the bars it changed by symbol, oldest first. Trades at or below the symbol's watermark
 * for this venue run are skipped; symbols that are not listed instruments are ignored.
 */
export async function recordTrades(
  db: Executor,
  boot: string,
  markets: readonly { symbol: string; trades: readonly Trade[] }[],
): Promise<Map<string, CandleUpdate[]>> {
  const changed = new Map<string, CandleUpdate[]>();
  const withTrades = markets.filter((m) => m.trades.length > 0);
  if (withTrades.length === 0) return changed;
  await db.transaction().execute(async (trx) => {
    const listed = new Set(
      (
        await trx
          .selectFrom("instruments")
          .select("symbol")
          .where(
            "symbol",
            "in",
            withTrades.map((m) => m.symbol),
          )
          .execute()
      ).map((r) => r.symbol),
    );
    // Locked in symbol order: two deliveries holding several symbols never wait on each other in a cycle.
    const ordered = withTrades
      .filter((m) => listed.has(m.symbol))
      .sort((a, b) => (a.symbol < b.symbol ? -1 : 1));
    for (const m of ordered) {
      const watermark = await lockFeed(trx, m.symbol, boot);
      const fresh = m.trades.filter((t) => BigInt(t.id) > watermark);
      if (fresh.length === 0) continue;
      const bars = foldAll(fresh.map(tradeBar)).map((b) => ({ symbol: m.symbol, ...b }));
      const merged = await mergeBars(trx, bars);
      await advanceFeed(trx, m.symbol, boot, Math.max(...fresh.map((t) => t.id)));
      changed.set(
        m.symbol,
        merged
          .map((r) => ({ interval: r.interval as Interval, ...candleView(r) }))
          .sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0)),
      );
    }
  });
  return changed;
}

export interface CandleQuery {
  symbol: string;
  interval: Interval;
  start?: Date | undefined;
  end?: Date | undefined;
  limit: number;
}

/** The REST route's reads, cached for the market-data TTL (bars change with every trade). */
export class CandleReads {
  readonly #db: Executor;
  readonly #cache: Cache;
  readonly #ttlMs: number;

  constructor(o: { db: Executor; cache: Cache; ttlMs: number }) {
    this.#db = o.db;
    this.#cache = o.cache;
    this.#ttlMs = o.ttlMs;
  }

  async list(q: CandleQuery): Promise<CandleView[]> {
    const read = async () => (await listCandles(this.#db, q)).map(candleView);
    if (this.#ttlMs === 0) return await read();
    const key = `market:candles:${q.symbol}:${q.interval}:${q.start?.getTime() ?? ""}:${q.end?.getTime() ?? ""}:${q.limit}`;
    const hit = (await this.#cache.read(key)).value;
    if (hit !== undefined) return JSON.parse(hit) as CandleView[];
    const data = await read();
    await this.#cache.set(key, JSON.stringify(data), this.#ttlMs);
    return data;
  }
}
