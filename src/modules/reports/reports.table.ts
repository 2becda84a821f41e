import type { ColumnType, Generated } from "kysely";

export type ReportKind = "daily_statement";
export type ReportStatus = "queued" | "running" | "ready" | "failed";

export interface ReportsTable {
  id: string;
  account_id: string;
  kind: ReportKind;
  /** DATE: select it as `date::text` (reportColumns does); pg would read it as a local-time Date. */
  date: ColumnType<string, string, never>;
  status: ColumnType<ReportStatus, ReportStatus | undefined, ReportStatus>;
  /** Where the file is in the blob store, once ready. */
  blob_key: ColumnType<string | null, never, string | null>;
  /** Why the last attempt failed (for operators; not shown to the account). */
  error: ColumnType<string | null, never, string | null>;
  /** The end-of-day run that asked for this statement, if any. */
  settlement_run_id: ColumnType<string | null, string | null | undefined, never>;
  /** Set once, when this report's completion was counted towards its settlement run. */
  counted_at: ColumnType<Date | null, never, Date>;
  created_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}
