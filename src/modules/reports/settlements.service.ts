// The end-of-day run, a fan-out and a join: one daily statement per user account, then exactly one
// summary. The run row counts finished statements; the statement whose count reaches the total
// queues the summary, in the same transaction that marks it finished.
//
// Why the summary runs once: each statement is counted at most once (reports.counted_at, set under
// the report's row lock in the transaction that finishes it, so a retried job counts nothing); the
// count is one `update … set done = done + 1 returning done`, so of any number of concurrent
// finishers exactly one reads done = total; that one also moves the run from running to
// summarizing (a conditional update) before queuing the job under a job key; and the summary
// itself locks the run and does nothing once it is complete.

import { transact } from "../events/committed.ts";
import { jobKeys, MAX_ATTEMPTS } from "../jobs/catalogue.ts";
import { addJob } from "../jobs/queue.ts";
import { Decimal, normalize } from "../shared/decimal.ts";
import { notFound } from "../shared/errors.ts";
import type { Executor } from "../shared/executor.ts";
import { newId } from "../shared/ids.ts";
import { assertNotFuture, utcDay } from "./dates.ts";
import { queueReports } from "./reports.queue.ts";
import {
  beginSummary,
  completeRun,
  feesByAsset,
  findRun,
  findRunByDate,
  findRunForUpdate,
  incrementDone,
  insertRun,
  listUserAccountIds,
  type RunRow,
  statementCounts,
  volumeBySymbol,
} from "./settlements.repository.ts";
import type { SettlementSummary } from "./settlements.table.ts";

async function queueSummary(trx: Executor, runId: string): Promise<void> {
  await addJob(
    trx,
    "summarize_settlement",
    { run_id: runId },
    { jobKey: jobKeys.summary(runId), maxAttempts: MAX_ATTEMPTS.summarize_settlement },
  );
}

/**
 * Starts the run of a date: the run row, and a statement and its job per user account, in one
 * transaction. A date has one run: asking again returns the existing one (created: false).
 */
export async function startSettlement(
  db: Executor,
  date: string,
  now = new Date(),
): Promise<{ run: RunRow; created: boolean }> {
  assertNotFuture(date, now);
  return await transact(db, async (trx) => {
    const existing = await findRunByDate(trx, date);
    if (existing !== undefined) return { run: existing, created: false };
    const accounts = await listUserAccountIds(trx);
    const id = newId();
    const status = accounts.length === 0 ? "summarizing" : "running";
    // A concurrent start of the same date waits on the unique date, then inserts nothing.
    if (!(await insertRun(trx, { id, date, total: accounts.length, status }))) {
      const winner = await findRunByDate(trx, date);
      if (winner === undefined) throw new Error(`settlement run of ${date} vanished`);
      return { run: winner, created: false };
    }
    await queueReports(
      trx,
      accounts.map((accountId) => ({
        id: newId(),
        account_id: accountId,
        kind: "daily_statement" as const,
        date,
        settlement_run_id: id,
      })),
    );
    if (accounts.length === 0) await queueSummary(trx, id);
    const run = await findRun(trx, id);
    if (run === undefined) throw new Error(`settlement run ${id} vanished`);
    return { run, created: true };
  });
}

export async function getSettlement(db: Executor, id: string): Promise<RunRow> {
  const run = await findRun(db, id);
  if (run === undefined) throw notFound("settlement run");
  return run;
}

/**
 * Counts one finished statement of a run, inside the transaction that finished it. The caller
 * must have claimed the statement (reports.markCounted) in the same transaction.
 */
export async function countFinishedStatement(
  trx: Executor,
  runId: string,
): Promise<"summary_queued" | "counted"> {
  const { done, total } = await incrementDone(trx, runId);
  if (done !== total) return "counted";
  if (!(await beginSummary(trx, runId))) return "counted";
  await queueSummary(trx, runId);
  return "summary_queued";
}

async function buildSummary(trx: Executor, run: RunRow): Promise<SettlementSummary> {
  const { from, to } = utcDay(run.date);
  const [counts, volume, fees] = await Promise.all([
    statementCounts(trx, run.id),
    volumeBySymbol(trx, run.id, from, to),
    feesByAsset(trx, run.id, from, to),
  ]);
  return {
    accounts: counts.accounts,
    statements: { ready: counts.ready, failed: counts.failed },
    fills: volume.reduce((n, v) => n + v.fills, 0),
    volume: volume.map((v) => ({
      symbol: v.symbol,
      fills: v.fills,
      quantity: normalize(v.quantity),
      notional: new Decimal(v.notional).toFixed(),
    })),
    fees: fees.map((f) => ({ asset: f.asset, amount: normalize(f.amount) })),
  };
}

/** Writes the run's summary and completes it; a complete run is left as it is. */
export async function summarizeRun(db: Executor, runId: string): Promise<"summarized" | "already_complete"> {
  return await transact(db, async (trx) => {
    const run = await findRunForUpdate(trx, runId);
    if (run === undefined) throw new Error(`settlement run ${runId} not found`);
    if (run.status === "complete") return "already_complete";
    if (run.done < run.total) {
      throw new Error(`settlement run ${runId} has ${run.done} of ${run.total} statements finished`);
    }
    await completeRun(trx, runId, await buildSummary(trx, run));
    return "summarized";
  });
}
