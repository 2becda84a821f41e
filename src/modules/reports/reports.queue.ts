// Report rows and their generate_report jobs, written together in the caller's transaction.
import type { Insertable } from "kysely";
import { jobKeys, MAX_ATTEMPTS } from "../jobs/catalogue.ts";
import { addJob } from "../jobs/queue.ts";
import type { Executor } from "../shared/executor.ts";
import { insertReports } from "./reports.repository.ts";
import type { ReportsTable } from "./reports.table.ts";

/** Attempts of one report before it is marked failed (graphile-worker backs off between them). */
export const REPORT_MAX_ATTEMPTS = MAX_ATTEMPTS.generate_report;

const CHUNK = 1_000;

/** Inserts the reports and queues one job each; they exist if and only if the transaction commits. */
export async function queueReports(trx: Executor, rows: (Insertable<ReportsTable> & { id: string })[]) {
  for (let i = 0; i < rows.length; i += CHUNK) await insertReports(trx, rows.slice(i, i + CHUNK));
  for (const r of rows) {
    await addJob(
      trx,
      "generate_report",
      { report_id: r.id },
      { jobKey: jobKeys.report(r.id), maxAttempts: REPORT_MAX_ATTEMPTS },
    );
  }
}
