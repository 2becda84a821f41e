// Candles in PostgreSQL: the merge of new bars into stored ones, the watermark of trades applied,
// and the reads of the REST route and the stream.
import { sql } from "kysely";
import type { Executor } from "../shared/executor.ts";
import { runNamed } from "../shared/named.ts";
import { columnNames, columns, recordset } from "../shared/recordset.ts";
import type { Bar, Interval } from "./candles.bars.ts";
import type { CandlesTable } from "./candles.table.ts";

export const CANDLE_COLUMNS = columns<CandlesTable>()({
  symbol: "text",
  interval: "text",
  t: "timestamptz",
  o: "numeric",
  h: "numeric",
  l: "numeric",
  c: "numeric",
  v: "numeric",
  n: "int",
});

export interface CandleRow {
  symbol: string;
  interval: string;
  t: Date;
  o: string;
  h: string;
  l: string;
  c: string;
  v: string;
  n: number;
}

/**
 * Locks the watermark of a symbol's trades from one venue run (made at 0 on first sight) and
 * reads it: concurrent deliveries of the same trades wait here, and the later one finds them
 * applied.
 */
export async function lockFeed(trx: Executor, symbol: string, boot: string): Promise<bigint> {
  const r = await runNamed<{ last_trade_id: string }>(
    trx,
    "candle_feed_lock",
    sql`insert into candle_feeds (symbol, venue_boot, last_trade_id) values (${symbol}, ${boot}, 0)
        on conflict (symbol, venue_boot) do update set updated_at = now()
        returning last_trade_id`,
  );
  return BigInt(r.rows[0]?.last_trade_id ?? "0");
}

export async function advanceFeed(trx: Executor, symbol: string, boot: string, lastTradeId: number) {
  await runNamed(
    trx,
    "candle_feed_advance",
    sql`update candle_feeds set last_trade_id = ${lastTradeId}, updated_at = now()
        where symbol = ${symbol} and venue_boot = ${boot}`,
  );
}

/**
 * Merges bars into the stored ones (at most one per key in a call, later in time than what is
 * stored for their key): the stored open stays, high and low widen, the close is the new one,
 * volume and count add up. Returns the merged rows.
 */
export async function mergeBars(
  trx: Executor,
  bars: readonly { symbol: string; interval: Interval; bar: Bar }[],
): Promise<CandleRow[]> {
  if (bars.length === 0) return [];
  const rows = bars.map(({ symbol, interval, bar }) => ({
    symbol,
    interval,
    t: new Date(bar.t).toISOString(),
    o: bar.o,
    h: bar.h,
    l: bar.l,
    c: bar.c,
    v: bar.v,
    n: bar.n,
  }));
  const r = await runNamed<CandleRow>(
    trx,
    "candles_merge",
    sql`insert into candles (${columnNames(CANDLE_COLUMNS)})
        select ${columnNames(CANDLE_COLUMNS)} from ${recordset("b", CANDLE_COLUMNS, rows)}
        on conflict (symbol, interval, t) do update set
          h = greatest(candles.h, excluded.h),
          l = least(candles.l, excluded.l),
          c = excluded.c,
          v = candles.v + excluded.v,
          n = candles.n + excluded.n,
          updated_at = now()
        returning symbol, interval, t, o, h, l, c, v, n`,
  );
  return r.rows;
}

/** Inserts bars where none are stored (the synthetic history): existing bars are left alone. */
export async function insertBars(
  trx: Executor,
  symbol: string,
  bars: readonly { interval: Interval; bar: Bar }[],
) {
  if (bars.length === 0) return;
  const rows = bars.map(({ interval, bar }) => ({
    symbol,
    interval,
    t: new Date(bar.t).toISOString(),
    o: bar.o,
    h: bar.h,
    l: bar.l,
    c: bar.c,
    v: bar.v,
    n: bar.n,
  }));
  await sql`insert into candles (${columnNames(CANDLE_COLUMNS)})
      select ${columnNames(CANDLE_COLUMNS)} from ${recordset("b", CANDLE_COLUMNS, rows)}
      on conflict (symbol, interval, t) do nothing`.execute(trx);
}

const CANDLE_SELECT = ["symbol", "interval", "t", "o", "h", "l", "c", "v", "n"] as const;

/**
 * Bars of a symbol and interval, oldest first: from `start` on when given (the first `limit`),
 * otherwise the `limit` latest up to `end` (both bounds inclusive, on the open time).
 */
export async function listCandles(
  db: Executor,
  q: { symbol: string; interval: Interval; start?: Date | undefined; end?: Date | undefined; limit: number },
): Promise<CandleRow[]> {
  let query = db
    .selectFrom("candles")
    .select(CANDLE_SELECT)
    .where("symbol", "=", q.symbol)
    .where("interval", "=", q.interval);
  if (q.start !== undefined) query = query.where("t", ">=", q.start);
  if (q.end !== undefined) query = query.where("t", "<=", q.end);
  const fromStart = q.start !== undefined;
  const rows = await query
    .orderBy("t", fromStart ? "asc" : "desc")
    .limit(q.limit)
    .execute();
  return fromStart ? rows : rows.reverse();
}

/** The latest bar of a symbol and interval, if any. */
export async function latestCandle(db: Executor, symbol: string, interval: Interval) {
  return await db
    .selectFrom("candles")
    .select(CANDLE_SELECT)
    .where("symbol", "=", symbol)
    .where("interval", "=", interval)
    .orderBy("t", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** The bar of a symbol and interval opening at `t`, if any. */
export async function candleAt(db: Executor, symbol: string, interval: Interval, t: Date) {
  return await db
    .selectFrom("candles")
    .select(CANDLE_SELECT)
    .where("symbol", "=", symbol)
    .where("interval", "=", interval)
    .where("t", "=", t)
    .executeTakeFirst();
}
