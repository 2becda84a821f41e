// SQL of the end-of-day settlement runs: one operation per function, never committing.
import { type Selectable, sql } from "kysely";
import type { Executor } from "../shared/executor.ts";
import type { SettlementRunsTable, SettlementSummary } from "./settlements.table.ts";

export type RunRow = Omit<Selectable<SettlementRunsTable>, "date"> & { date: string };

const runColumns = (db: Executor) =>
  db
    .selectFrom("settlement_runs")
    .select([
      "id",
      "total",
      "done",
      "status",
      "summary",
      "created_at",
      "updated_at",
      "completed_at",
      sql<string>`date::text`.as("date"),
    ]);

/** The accounts a run covers: every user account (system accounts have no statements). */
export async function listUserAccountIds(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom("accounts")
    .select("id")
    .where("kind", "=", "user")
    .orderBy("id")
    .execute();
  return rows.map((r) => r.id);
}

/** Inserts the run unless the date has one; true when inserted. */
export async function insertRun(
  db: Executor,
  row: { id: string; date: string; total: number; status: "running" | "summarizing" },
): Promise<boolean> {
  const inserted = await db
    .insertInto("settlement_runs")
    .values(row)
    .onConflict((oc) => oc.column("date").doNothing())
    .returning("id")
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function findRun(db: Executor, id: string): Promise<RunRow | undefined> {
  return await runColumns(db).where("id", "=", id).executeTakeFirst();
}

export async function findRunByDate(db: Executor, date: string): Promise<RunRow | undefined> {
  return await runColumns(db).where("date", "=", date).executeTakeFirst();
}

export async function findRunForUpdate(db: Executor, id: string): Promise<RunRow | undefined> {
  return await runColumns(db).where("id", "=", id).forUpdate().executeTakeFirst();
}

/**
 * Counts one finished statement, atomically: concurrent callers queue on the row lock and each
 * sees the count its own increment produced, so exactly one of them sees done = total.
 */
export async function incrementDone(db: Executor, id: string): Promise<{ done: number; total: number }> {
  const r = await sql<{ done: number; total: number }>`
    update settlement_runs set done = done + 1, updated_at = now()
    where id = ${id}
    returning done, total`.execute(db);
  const row = r.rows[0];
  if (row === undefined) throw new Error(`settlement run ${id} not found`);
  return row;
}

/** running → summarizing, once: true for the caller that made the change. */
export async function beginSummary(db: Executor, id: string): Promise<boolean> {
  const row = await db
    .updateTable("settlement_runs")
    .set({ status: "summarizing", updated_at: new Date() })
    .where("id", "=", id)
    .where("status", "=", "running")
    .returning("id")
    .executeTakeFirst();
  return row !== undefined;
}

export async function completeRun(db: Executor, id: string, summary: SettlementSummary): Promise<void> {
  const now = new Date();
  await db
    .updateTable("settlement_runs")
    .set({ status: "complete", summary: JSON.stringify(summary), completed_at: now, updated_at: now })
    .where("id", "=", id)
    .execute();
}

export async function statementCounts(db: Executor, runId: string) {
  const r = await sql<{ accounts: number; ready: number; failed: number }>`
    select count(*)::int as accounts,
      (count(*) filter (where status = 'ready'))::int as ready,
      (count(*) filter (where status = 'failed'))::int as failed
    from reports where settlement_run_id = ${runId}`.execute(db);
  return r.rows[0] ?? { accounts: 0, ready: 0, failed: 0 };
}

/** Fills of the run's accounts executed in [from, to), per symbol. */
export async function volumeBySymbol(db: Executor, runId: string, from: Date, to: Date) {
  const r = await sql<{ symbol: string; fills: number; quantity: string; notional: string }>`
    select f.symbol, count(*)::int as fills, sum(f.quantity) as quantity, sum(f.quantity * f.price) as notional
    from fills f
    where f.account_id in (select account_id from reports where settlement_run_id = ${runId})
      and f.executed_at >= ${from} and f.executed_at < ${to}
    group by f.symbol
    order by f.symbol`.execute(db);
  return r.rows;
}

/** Fees charged to the run's accounts on fills executed in [from, to), per asset. */
export async function feesByAsset(db: Executor, runId: string, from: Date, to: Date) {
  const r = await sql<{ asset: string; amount: string }>`
    select f.fee_asset as asset, sum(f.fee) as amount
    from fills f
    where f.account_id in (select account_id from reports where settlement_run_id = ${runId})
      and f.executed_at >= ${from} and f.executed_at < ${to}
    group by f.fee_asset
    order by f.fee_asset`.execute(db);
  return r.rows;
}

/** Settlement runs, newest first. */
export async function listRuns(
  db: Executor,
  f: { cursor?: string | undefined; limit: number },
): Promise<RunRow[]> {
  let q = runColumns(db);
  if (f.cursor !== undefined) q = q.where("id", "<", f.cursor);
  return await q
    .orderBy("id", "desc")
    .limit(f.limit + 1)
    .execute();
}
