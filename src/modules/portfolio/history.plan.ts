// The equity curve of an account, without I/O: balances per asset carried bucket by bucket,
// marked at each bucket's close (the last earlier close where the bucket has no bar, USD at 1),
// and profit/loss against the first point with deposits and withdrawals taken out.
import { Decimal } from "../shared/decimal.ts";

export const PERIODS = { "1D": 1, "1W": 7, "1M": 30, "3M": 90, "1A": 365 } as const;
export type Period = keyof typeof PERIODS;

/** Alpaca's timeframes and the candle interval whose closes mark each. */
export const TIMEFRAMES = {
  "1Min": { ms: 60_000, interval: "1m" },
  "5Min": { ms: 300_000, interval: "5m" },
  "15Min": { ms: 900_000, interval: "15m" },
  "1H": { ms: 3_600_000, interval: "1h" },
  "1D": { ms: 86_400_000, interval: "1d" },
} as const;
export type Timeframe = keyof typeof TIMEFRAMES;

/** The most points one answer may hold: a finer timeframe needs a shorter period. */
export const MAX_POINTS = 3_000;

/** The quote asset of equity: its price is 1. */
export const USD = "USD";

/** Alpaca's default timeframe for a period: 1Min under 7 days, 15Min under 30, else 1D. */
export function defaultTimeframe(period: Period): Timeframe {
  const days = PERIODS[period];
  return days < 7 ? "1Min" : days < 30 ? "15Min" : "1D";
}

/** The buckets of a period ending now: open times (ms) from the bucket holding now − period to the one holding now. */
export function bucketsOf(period: Period, timeframe: Timeframe, nowMs: number): number[] {
  const step = TIMEFRAMES[timeframe].ms;
  const first = Math.floor((nowMs - PERIODS[period] * 86_400_000) / step) * step;
  const last = Math.floor(nowMs / step) * step;
  const out: number[] = [];
  for (let t = first; t <= last; t += step) out.push(t);
  return out;
}

export const pointCount = (period: Period, timeframe: Timeframe): number =>
  Math.floor((PERIODS[period] * 86_400_000) / TIMEFRAMES[timeframe].ms) + 1;

export interface HistoryInput {
  buckets: readonly number[];
  /** Balances per asset before the first bucket, and whether the account had any entry then. */
  opening: ReadonlyMap<string, string>;
  hadEntries: boolean;
  /** Per bucket open time: the entries' sum per asset, and the part of it that deposits and withdrawals moved. */
  moves: ReadonlyMap<number, ReadonlyMap<string, { amount: string; flow: string }>>;
  /** The USD-quoted symbol of each asset that has one. */
  symbolOf: ReadonlyMap<string, string>;
  /** Per symbol: the last close before the first bucket, and the close of each bucket that has a bar. */
  openingPrices: ReadonlyMap<string, string>;
  closes: ReadonlyMap<string, ReadonlyMap<number, string>>;
}

export interface History {
  timestamp: number[];
  equity: string[];
  profit_loss: string[];
  profit_loss_pct: string[];
  base_value: string;
}

const cents = (d: Decimal) => d.toDecimalPlaces(2);

/**
 * One point per bucket at whose end the account had any ledger entry and every asset it held
 * had a price. Equity and profit/loss are rounded to the cent (half to even), the percentage (a
 * fraction: 0.01 is 1 %) to six decimals, computed from the rounded figures so they agree.
 */
export function planHistory(input: HistoryInput): History {
  const balances = new Map<string, Decimal>([...input.opening].map(([a, v]) => [a, new Decimal(v)]));
  const prices = new Map<string, Decimal>([...input.openingPrices].map(([s, c]) => [s, new Decimal(c)]));
  let seen = input.hadEntries;
  let flows = new Decimal(0);
  let base: { equity: Decimal; flows: Decimal } | undefined;
  const out: History = { timestamp: [], equity: [], profit_loss: [], profit_loss_pct: [], base_value: "0" };
  for (const t of input.buckets) {
    for (const [symbol, closes] of input.closes) {
      const c = closes.get(t);
      if (c !== undefined) prices.set(symbol, new Decimal(c));
    }
    const priceOf = (asset: string): Decimal | undefined => {
      if (asset === USD) return new Decimal(1);
      const symbol = input.symbolOf.get(asset);
      return symbol === undefined ? undefined : prices.get(symbol);
    };
    let flowsKnown = true;
    for (const [asset, move] of input.moves.get(t) ?? []) {
      seen = true;
      balances.set(asset, (balances.get(asset) ?? new Decimal(0)).plus(move.amount));
      const flow = new Decimal(move.flow);
      if (flow.isZero()) continue;
      const price = priceOf(asset);
      if (price === undefined) flowsKnown = false;
      else flows = flows.plus(flow.times(price));
    }
    if (!seen || !flowsKnown) continue;
    let equity = new Decimal(0);
    let priced = true;
    for (const [asset, balance] of balances) {
      if (balance.isZero()) continue;
      const price = priceOf(asset);
      if (price === undefined) {
        priced = false;
        break;
      }
      equity = equity.plus(balance.times(price));
    }
    if (!priced) continue;
    const point = { equity: cents(equity), flows: cents(flows) };
    base ??= point;
    // Money brought in or taken out since the first point is capital, not profit.
    const invested = base.equity.plus(point.flows).minus(base.flows);
    const pnl = point.equity.minus(invested);
    out.timestamp.push(t / 1_000);
    out.equity.push(point.equity.toFixed());
    out.profit_loss.push(pnl.toFixed());
    out.profit_loss_pct.push(invested.gt(0) ? pnl.div(invested).toDecimalPlaces(6).toFixed() : "0");
  }
  out.base_value = base?.equity.toFixed() ?? "0";
  return out;
}
