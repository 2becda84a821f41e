// Bars from trades, without I/O: the intervals, the bucket a time falls in, and the folding of
// trades (or finer bars) into the bars of each interval. Buckets start on multiples of the
// interval counted from the Unix epoch, in UTC: a day bar opens at 00:00 UTC.
import { Decimal } from "../shared/decimal.ts";

export const INTERVALS = ["1m", "5m", "15m", "1h", "1d"] as const;
export type Interval = (typeof INTERVALS)[number];

const MINUTE = 60_000;
export const INTERVAL_MS: Record<Interval, number> = {
  "1m": MINUTE,
  "5m": 5 * MINUTE,
  "15m": 15 * MINUTE,
  "1h": 60 * MINUTE,
  "1d": 1_440 * MINUTE,
};

export const isInterval = (value: string): value is Interval =>
  (INTERVALS as readonly string[]).includes(value);

/** The open time (ms) of the bucket of `interval` that holds the instant `ms`. */
export const bucketStart = (ms: number, interval: Interval): number =>
  Math.floor(ms / INTERVAL_MS[interval]) * INTERVAL_MS[interval];

/** A bar as it is written: decimal text for prices and volume, `t` its open time in ms. */
export interface Bar {
  t: number;
  o: string;
  h: string;
  l: string;
  c: string;
  v: string;
  n: number;
}

/** A public trade of the venue as the feed delivers it. */
export interface Trade {
  id: number;
  price: string;
  quantity: string;
  ts: string;
}

/** One trade as a bar of its own instant: folding these gives the bars of any interval. */
export const tradeBar = (trade: Trade): Bar => ({
  t: Date.parse(trade.ts),
  o: trade.price,
  h: trade.price,
  l: trade.price,
  c: trade.price,
  v: trade.quantity,
  n: 1,
});

/**
 * Folds bars in time order (trades as bars, or finer bars) into the bars of `interval`, oldest
 * first: open of the first, close of the last, high and low over all, volumes and counts summed.
 */
export function fold(parts: readonly Bar[], interval: Interval): Bar[] {
  const out: Bar[] = [];
  let current: { t: number; o: string; h: Decimal; l: Decimal; c: string; v: Decimal; n: number } | undefined;
  const flush = () => {
    if (current === undefined) return;
    const { t, o, h, l, c, v, n } = current;
    out.push({ t, o, h: h.toFixed(), l: l.toFixed(), c, v: v.toFixed(), n });
  };
  for (const p of parts) {
    const t = bucketStart(p.t, interval);
    if (current === undefined || current.t !== t) {
      flush();
      current = { t, o: p.o, h: new Decimal(p.h), l: new Decimal(p.l), c: p.c, v: new Decimal(p.v), n: p.n };
      continue;
    }
    current.h = Decimal.max(current.h, p.h);
    current.l = Decimal.min(current.l, p.l);
    current.c = p.c;
    current.v = current.v.plus(p.v);
    current.n += p.n;
  }
  flush();
  return out;
}

/** Every interval's bars from the same parts, in time order. */
export function foldAll(parts: readonly Bar[]): { interval: Interval; bar: Bar }[] {
  const sorted = [...parts].sort((a, b) => a.t - b.t);
  return INTERVALS.flatMap((interval) => fold(sorted, interval).map((bar) => ({ interval, bar })));
}

/**
 * How many buckets of `interval` open within [startMs, endMs] (both inclusive): the most bars such
 * a window can hold.
 */
export function bucketsIn(startMs: number, endMs: number, interval: Interval): number {
  if (endMs < startMs) return 0;
  const size = INTERVAL_MS[interval];
  return Math.floor(endMs / size) - Math.ceil(startMs / size) + 1;
}
