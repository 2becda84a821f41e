// SQL of the reports module: one operation per function, over a pool or a transaction.
import { type Insertable, type Selectable, sql } from "kysely";
import type { FillsTable } from "../executions/executions.table.ts";
import type { Executor } from "../shared/executor.ts";
import type { ReportStatus, ReportsTable } from "./reports.table.ts";

export type ReportRow = Omit<Selectable<ReportsTable>, "date"> & { date: string };

const reportColumns = (db: Executor) =>
  db
    .selectFrom("reports")
    .select([
      "id",
      "account_id",
      "kind",
      "status",
      "blob_key",
      "error",
      "settlement_run_id",
      "counted_at",
      "created_at",
      "updated_at",
      sql<string>`date::text`.as("date"),
    ]);

export async function insertReports(db: Executor, rows: Insertable<ReportsTable>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto("reports").values(rows).execute();
}

export async function findReport(db: Executor, id: string): Promise<ReportRow | undefined> {
  return await reportColumns(db).where("id", "=", id).executeTakeFirst();
}

export async function findAccountReport(
  db: Executor,
  accountId: string,
  id: string,
): Promise<ReportRow | undefined> {
  return await reportColumns(db).where("id", "=", id).where("account_id", "=", accountId).executeTakeFirst();
}

/** Any status but ready → the given one; undefined when the report is ready (nothing to do). */
export async function setStatusUnlessReady(
  db: Executor,
  id: string,
  status: Exclude<ReportStatus, "ready">,
  error: string | null,
): Promise<{ id: string } | undefined> {
  return await db
    .updateTable("reports")
    .set({ status, error, updated_at: new Date() })
    .where("id", "=", id)
    .where("status", "<>", "ready")
    .returning("id")
    .executeTakeFirst();
}

/** Marks the report ready; undefined when it already was. */
export async function markReady(db: Executor, id: string, blobKey: string) {
  return await db
    .updateTable("reports")
    .set({ status: "ready", blob_key: blobKey, error: null, updated_at: new Date() })
    .where("id", "=", id)
    .where("status", "<>", "ready")
    .returning("id")
    .executeTakeFirst();
}

/**
 * Records that this report's completion was counted towards its settlement run, the first time
 * only: returns the run id then, undefined on any later call (a retried job) or without a run.
 * The row lock makes a concurrent second call wait and then see counted_at set.
 */
export async function markCounted(db: Executor, id: string): Promise<string | undefined> {
  const row = await db
    .updateTable("reports")
    .set({ counted_at: new Date() })
    .where("id", "=", id)
    .where("settlement_run_id", "is not", null)
    .where("counted_at", "is", null)
    .returning("settlement_run_id")
    .executeTakeFirst();
  return row?.settlement_run_id ?? undefined;
}

/** The columns of a fill in a statement, in their CSV order. */
export const FILL_COLUMNS = [
  "executed_at",
  "order_id",
  "symbol",
  "side",
  "quantity",
  "price",
  "fee",
  "fee_asset",
  "liquidity",
] as const;

export type StatementFill = Pick<Selectable<FillsTable>, (typeof FILL_COLUMNS)[number]>;

/** One account's fills executed in [from, to), oldest first. */
export async function fillsBetween(
  db: Executor,
  accountId: string,
  from: Date,
  to: Date,
): Promise<StatementFill[]> {
  return await db
    .selectFrom("fills")
    .select(FILL_COLUMNS)
    .where("account_id", "=", accountId)
    .where("executed_at", ">=", from)
    .where("executed_at", "<", to)
    .orderBy("executed_at")
    .orderBy("id")
    .execute();
}

/**
 * Balances per asset as the ledger stood just before `before` (the sum of every earlier entry), or
 * as it stands now when `before` is undefined.
 */
export async function balancesAt(
  db: Executor,
  accountId: string,
  before: Date | undefined,
): Promise<{ asset: string; available: string; held: string }[]> {
  const until = before === undefined ? sql`true` : sql`created_at < ${before}`;
  const r = await sql<{ asset: string; available: string; held: string }>`
    select asset,
      coalesce(sum(amount) filter (where bucket = 'available'), 0) as available,
      coalesce(sum(amount) filter (where bucket = 'held'), 0) as held
    from ledger_entries
    where account_id = ${accountId} and ${until}
    group by asset
    order by asset`.execute(db);
  return r.rows;
}

/** The account's reports, newest first. */
export async function listAccountReports(
  db: Executor,
  accountId: string,
  f: { cursor?: string | undefined; limit: number },
): Promise<ReportRow[]> {
  let q = reportColumns(db).where("account_id", "=", accountId);
  if (f.cursor !== undefined) q = q.where("id", "<", f.cursor);
  return await q
    .orderBy("id", "desc")
    .limit(f.limit + 1)
    .execute();
}
