// The synthetic history of a new database: minute bars of a seeded random walk (the liquidity
// provider's kind of walk, in integer ticks) that ends at the instrument's reference price, so a
// first run's chart is not empty. Written only for an instrument without any bar, under its row
// lock, and marked on the instrument (`candles_synthetic_until`): bars opening before it are
// made up, not traded.
import { sql } from "kysely";
import { Decimal } from "../shared/decimal.ts";
import type { Executor } from "../shared/executor.ts";
import { type Bar, bucketStart, foldAll } from "./candles.bars.ts";
import { insertBars } from "./candles.repository.ts";

export interface WalkOptions {
  seed: number;
  /** Open time (ms) of the bar after the last synthetic one: the walk ends just before it. */
  endMs: number;
  minutes: number;
  endPrice: Decimal;
  tickSize: Decimal;
  lotSize: Decimal;
  /** Standard deviation of one step of the walk, as a fraction of the price. */
  volatility: number;
  stepsPerMinute: number;
}

/** mulberry32: small, fast, seedable; for made-up prices, not for secrets. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const gaussian = (random: () => number) =>
  Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

/**
 * The minute bars, oldest first. The walk runs backwards from the end price (a random walk
 * reversed is one too), in whole ticks, so the last bar closes exactly at the end price.
 */
export function syntheticMinutes(o: WalkOptions): Bar[] {
  const random = seeded(o.seed);
  const steps = o.minutes * o.stepsPerMinute;
  const path = new Array<number>(steps + 1);
  let price = Math.max(1, o.endPrice.div(o.tickSize).round().toNumber());
  path[steps] = price;
  for (let k = steps - 1; k >= 0; k--) {
    price = Math.max(1, Math.round(price * (1 + o.volatility * gaussian(random))));
    path[k] = price;
  }
  const tick = (steps: number) => o.tickSize.times(steps).toFixed();
  const first = o.endMs - o.minutes * 60_000;
  const bars: Bar[] = [];
  for (let m = 0; m < o.minutes; m++) {
    const slice = path.slice(m * o.stepsPerMinute, (m + 1) * o.stepsPerMinute + 1);
    const n = 1 + Math.floor(random() * 20);
    let lots = 0;
    for (let i = 0; i < n; i++) lots += 1 + Math.floor(random() * 1_000);
    bars.push({
      t: first + m * 60_000,
      o: tick(slice[0] ?? price),
      h: tick(Math.max(...slice)),
      l: tick(Math.min(...slice)),
      c: tick(slice.at(-1) ?? price),
      v: o.lotSize.times(lots).toFixed(),
      n,
    });
  }
  return bars;
}

/** A number from a symbol, mixed into the seed so the markets do not move alike. */
const symbolSeed = (symbol: string) =>
  [...symbol].reduce((h, ch) => Math.imul(h ^ ch.charCodeAt(0), 16777619), 2166136261);

/**
 * Writes the synthetic history of every instrument that has no bar yet, each in a transaction of
 * its own that locks the instrument first (two processes starting at once write it once).
 * Returns the symbols it wrote.
 */
export async function backfillCandles(
  db: Executor,
  o: { now: Date; hours: number; seed: number; volatility: number; stepsPerMinute: number },
): Promise<string[]> {
  if (o.hours <= 0) return [];
  const endMs = bucketStart(o.now.getTime(), "1m");
  const written: string[] = [];
  const symbols = await db.selectFrom("instruments").select("symbol").orderBy("symbol").execute();
  for (const { symbol } of symbols) {
    const done = await db.transaction().execute(async (trx) => {
      const instrument = await trx
        .selectFrom("instruments")
        .select(["reference_price", "tick_size", "lot_size"])
        .where("symbol", "=", symbol)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const any = await sql<{
        one: number;
      }>`select 1 as one from candles where symbol = ${symbol} limit 1`.execute(trx);
      if (any.rows.length > 0) return false;
      const minutes = syntheticMinutes({
        seed: (o.seed ^ symbolSeed(symbol)) >>> 0,
        endMs,
        minutes: Math.round(o.hours * 60),
        endPrice: new Decimal(instrument.reference_price),
        tickSize: new Decimal(instrument.tick_size),
        lotSize: new Decimal(instrument.lot_size),
        volatility: o.volatility,
        stepsPerMinute: o.stepsPerMinute,
      });
      await insertBars(trx, symbol, foldAll(minutes));
      await trx
        .updateTable("instruments")
        .set({ candles_synthetic_until: new Date(endMs) })
        .where("symbol", "=", symbol)
        .execute();
      return true;
    });
    if (done) written.push(symbol);
  }
  return written;
}
