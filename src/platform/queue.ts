// The job queue: graphile-worker on the same PostgreSQL, so a job commits with the rows it is about.

import type { Kysely } from "kysely";
import { sql } from "kysely";

export interface JobOptions {
  /** Replaces a not-yet-running job with the same key instead of adding a second one. */
  jobKey?: string;
  maxAttempts?: number;
  runAt?: Date;
  queueName?: string;
}

/**
 * Adds a job inside the caller's transaction: it exists if and only if the transaction commits.
 * Workers are woken by graphile-worker's NOTIFY, sent at commit.
 */
export async function addJob<DB>(
  trx: Kysely<DB>,
  task: string,
  payload: object,
  o: JobOptions = {},
): Promise<void> {
  await sql`select graphile_worker.add_job(
    ${task},
    ${JSON.stringify(payload)}::json,
    queue_name => ${o.queueName ?? null}::text,
    run_at => ${o.runAt ?? null}::timestamptz,
    max_attempts => ${o.maxAttempts ?? null}::int,
    job_key => ${o.jobKey ?? null}::text
  )`.execute(trx);
}

/**
 * Withdraws the job with this key if no worker holds it; a running job is instead kept from
 * retrying. Its handler must still check the state it acts on.
 */
export async function removeJob<DB>(trx: Kysely<DB>, jobKey: string): Promise<void> {
  await sql`select graphile_worker.remove_job(${jobKey})`.execute(trx);
}
