// The reads of the equity curve: an account's ledger entries summed per asset (before a time, and
// per bucket after it), and the candle closes that mark them.
import { sql } from "kysely";
import type { Executor } from "../shared/executor.ts";

/** Kinds of journal that bring money in or take it out of an account (not trading). */
export const FLOW_KINDS = ["deposit", "withdrawal"] as const;

export async function openingBalances(db: Executor, accountId: string, before: Date) {
  return (
    await sql<{ asset: string; amount: string; entries: string }>`
      select asset, sum(amount) as amount, count(*) as entries from ledger_entries
      where account_id = ${accountId} and created_at < ${before}
      group by asset`.execute(db)
  ).rows;
}

/** Per bucket of `stepMs` (aligned on the Unix epoch) and asset: the entries' sum, and its deposits and withdrawals. */
export async function bucketedMoves(
  db: Executor,
  accountId: string,
  o: { from: Date; to: Date; stepMs: number },
) {
  return (
    await sql<{ asset: string; b: Date; amount: string; flow: string }>`
      select asset,
        date_bin(${o.stepMs} * interval '1 millisecond', created_at, timestamptz '1970-01-01 00:00:00+00') as b,
        sum(amount) as amount,
        coalesce(sum(amount) filter (where kind in (${sql.join(FLOW_KINDS)})), 0) as flow
      from ledger_entries
      where account_id = ${accountId} and created_at >= ${o.from} and created_at <= ${o.to}
      group by asset, b`.execute(db)
  ).rows;
}

/** Per symbol, the close of its last bar of `interval` opening before `before`. */
export async function closesBefore(db: Executor, symbols: readonly string[], interval: string, before: Date) {
  if (symbols.length === 0) return [];
  return await db
    .selectFrom("candles")
    .distinctOn("symbol")
    .select(["symbol", "c"])
    .where("interval", "=", interval)
    .where("symbol", "in", symbols)
    .where("t", "<", before)
    .orderBy("symbol")
    .orderBy("t", "desc")
    .execute();
}

export async function closesBetween(
  db: Executor,
  symbols: readonly string[],
  interval: string,
  o: { from: Date; to: Date },
) {
  if (symbols.length === 0) return [];
  return await db
    .selectFrom("candles")
    .select(["symbol", "t", "c"])
    .where("interval", "=", interval)
    .where("symbol", "in", symbols)
    .where("t", ">=", o.from)
    .where("t", "<=", o.to)
    .execute();
}
