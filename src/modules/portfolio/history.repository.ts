// The reads of the equity curve: the balances at its first bucket, the ledger entries summed per
// bucket after it, and the candle closes that mark them.
import { sql } from "kysely";
import type { Executor } from "../shared/executor.ts";

/** Kinds of journal that bring money in or take it out of an account (not trading). */
export const FLOW_KINDS = ["deposit", "withdrawal"] as const;

/**
 * The account's balances at `before`: today's totals less what moved since, in one statement (a
 * snapshot), so that the read does not grow with the account's whole history. `hadEntries`: any
 * entry before `before` (an empty account has no point there).
 */
export async function openingBalances(db: Executor, accountId: string, before: Date) {
  const rows = (
    await sql<{ asset: string; amount: string; had_entries: boolean }>`
      select b.asset, b.available + b.held - coalesce(m.amount, 0) as amount,
        exists (select 1 from ledger_entries e where e.account_id = ${accountId} and e.created_at < ${before})
          as had_entries
      from balances b
      left join (select asset, sum(amount) as amount from ledger_entries
        where account_id = ${accountId} and created_at >= ${before} group by asset) m on m.asset = b.asset
      where b.account_id = ${accountId}`.execute(db)
  ).rows;
  return {
    balances: rows.map(({ asset, amount }) => ({ asset, amount })),
    hadEntries: rows.some((r) => r.had_entries),
  };
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
