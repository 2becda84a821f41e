// generate_report: builds a report's file into the blob store. A failed attempt is recorded on the
// report and retried by the queue; after the last one the report is failed for good.
import type { Task } from "graphile-worker";
import type { BlobStore } from "../../platform/blob-store.ts";
import { parsePayload } from "../jobs/catalogue.ts";
import type { Executor } from "../shared/executor.ts";
import { generateReport, recordFailure } from "./reports.service.ts";

export function generateReportTask(db: Executor, blobs: BlobStore): Task<"generate_report"> {
  return async (raw, helpers) => {
    const { report_id } = parsePayload("generate_report", raw);
    try {
      const outcome = await generateReport(db, blobs, report_id);
      if (outcome === "already_ready") helpers.logger.debug(`report ${report_id} was already ready`);
    } catch (error) {
      const attempt = { attempts: helpers.job.attempts, maxAttempts: helpers.job.max_attempts };
      try {
        const state = await recordFailure(db, report_id, error, attempt);
        if (state === "failed") helpers.logger.error(`report ${report_id} failed for good: ${String(error)}`);
      } catch (recording) {
        helpers.logger.error(`could not record the failure of report ${report_id}: ${String(recording)}`);
      }
      throw error;
    }
  };
}
