// Report rows and their generate_report jobs, written together in the caller's transaction.
import type { Insertable } from "kysely";
import { addJob } from "../../platform/queue.ts";
import type { Executor } from "../shared/executor.ts";
import { insertReports } from "./reports.repository.ts";
import type { ReportsTable } from "./reports.table.ts";

export const GENERATE_REPORT_TASK = "generate_report";
/** Attempts of one report before it is marked failed (graphile-worker backs off between them). */
export const REPORT_MAX_ATTEMPTS = 5;
export const reportJobKey = (reportId: string) => `${GENERATE_REPORT_TASK}:${reportId}`;

const CHUNK = 1_000;

/** Inserts the reports and queues one job each; they exist if and only if the transaction commits. */
export async function queueReports(trx: Executor, rows: (Insertable<ReportsTable> & { id: string })[]) {
  for (let i = 0; i < rows.length; i += CHUNK) await insertReports(trx, rows.slice(i, i + CHUNK));
  for (const r of rows) {
    await addJob(
      trx,
      GENERATE_REPORT_TASK,
      { report_id: r.id },
      { jobKey: reportJobKey(r.id), maxAttempts: REPORT_MAX_ATTEMPTS },
    );
  }
}
