// GET /account/portfolio/history: the account's equity in USD per bucket of a period, from its
// ledger entries marked at the candles' closes.
import type { InstrumentCatalog } from "../instruments/instruments.service.ts";
import { validation } from "../shared/errors.ts";
import type { Executor } from "../shared/executor.ts";
import {
  bucketsOf,
  type History,
  MAX_POINTS,
  type Period,
  planHistory,
  pointCount,
  TIMEFRAMES,
  type Timeframe,
  USD,
} from "./history.plan.ts";
import { bucketedMoves, closesBefore, closesBetween, openingBalances } from "./history.repository.ts";

export async function portfolioHistory(
  db: Executor,
  catalog: InstrumentCatalog,
  accountId: string,
  o: { period: Period; timeframe: Timeframe; now: Date },
): Promise<History & { timeframe: Timeframe }> {
  if (pointCount(o.period, o.timeframe) > MAX_POINTS) {
    throw validation([
      {
        path: "timeframe",
        message: `period ${o.period} at ${o.timeframe} makes ${pointCount(o.period, o.timeframe)} points, more than ${MAX_POINTS}: choose a coarser timeframe or a shorter period`,
      },
    ]);
  }
  const { ms: stepMs, interval } = TIMEFRAMES[o.timeframe];
  const buckets = bucketsOf(o.period, o.timeframe, o.now.getTime());
  const first = new Date(buckets[0] ?? o.now.getTime());
  const last = new Date(buckets.at(-1) ?? o.now.getTime());
  const symbolOf = new Map(
    (await catalog.all()).filter((i) => i.quote_asset === USD).map((i) => [i.base_asset, i.symbol]),
  );
  const symbols = [...symbolOf.values()];
  const [opening, moves, before, closes] = await Promise.all([
    openingBalances(db, accountId, first),
    bucketedMoves(db, accountId, { from: first, to: o.now, stepMs }),
    closesBefore(db, symbols, interval, first),
    closesBetween(db, symbols, interval, { from: first, to: last }),
  ]);
  const movesByBucket = new Map<number, Map<string, { amount: string; flow: string }>>();
  for (const m of moves) {
    const t = m.b.getTime();
    const inBucket = movesByBucket.get(t) ?? new Map();
    inBucket.set(m.asset, { amount: m.amount, flow: m.flow });
    movesByBucket.set(t, inBucket);
  }
  const closesBySymbol = new Map<string, Map<number, string>>();
  for (const c of closes) {
    const bySymbol = closesBySymbol.get(c.symbol) ?? new Map<number, string>();
    bySymbol.set(c.t.getTime(), c.c);
    closesBySymbol.set(c.symbol, bySymbol);
  }
  const history = planHistory({
    buckets,
    opening: new Map(opening.balances.map((r) => [r.asset, r.amount])),
    hadEntries: opening.hadEntries,
    moves: movesByBucket,
    symbolOf,
    openingPrices: new Map(before.map((r) => [r.symbol, r.c])),
    closes: closesBySymbol,
  });
  return { ...history, timeframe: o.timeframe };
}
