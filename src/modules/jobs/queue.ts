// Queuing jobs: graphile-worker on the same PostgreSQL, so a job commits with the rows it is about.
// The only module that writes graphile-worker's SQL (`add_job`, `add_jobs`, `remove_job`) or reads
// its tables; everything else names a task from the catalogue.
import { type RawBuilder, sql } from "kysely";
import type { Executor } from "../shared/executor.ts";
import type { PayloadIn, TaskName } from "./catalogue.ts";

export interface JobOptions {
  /** Replaces a not-yet-running job with the same key instead of adding a second one. */
  jobKey?: string | undefined;
  maxAttempts?: number | undefined;
  runAt?: Date | undefined;
}

/**
 * Adds a job inside the caller's transaction: it exists if and only if the transaction commits.
 * Workers are woken by graphile-worker's NOTIFY, sent at commit.
 */
export async function addJob<T extends TaskName>(
  trx: Executor,
  task: T,
  payload: PayloadIn<T>,
  o: JobOptions = {},
): Promise<void> {
  await sql`select graphile_worker.add_job(
    ${task}::text,
    ${JSON.stringify(payload)}::json,
    run_at => ${o.runAt ?? null}::timestamptz,
    max_attempts => ${o.maxAttempts ?? null}::int,
    job_key => ${o.jobKey ?? null}::text
  )`.execute(trx);
}

/**
 * Withdraws the job with this key if no worker holds it; a running job is instead kept from
 * retrying. Its handler must still check the state it acts on.
 */
export async function removeJob(trx: Executor, jobKey: string): Promise<void> {
  await sql`select graphile_worker.remove_job(${jobKey})`.execute(trx);
}

/**
 * An expression that queues one `task` job per element of `ids` (a uuid[] parameter), the payload
 * `{ [field]: id }`, for use inside a larger statement; it calls `add_jobs` only when `ids` is not
 * empty (even with no jobs that call costs a round of work and a NOTIFY that wakes every worker).
 * Its value is the number of jobs queued.
 */
export function addJobPerIdSql(
  task: TaskName,
  field: string,
  ids: readonly string[],
  o: { maxAttempts?: number } = {},
): RawBuilder<number> {
  return sql<number>`case when cardinality(${ids}::uuid[]) > 0 then (select count(*) from graphile_worker.add_jobs(
      (select array_agg(row(${task}::text, json_build_object(${field}::text, id), null::text,
        null::timestamptz, ${o.maxAttempts ?? null}::smallint, null::text, null::smallint, null::text[])::graphile_worker.job_spec)
       from unnest(${ids}::uuid[]) as id))) else 0 end`;
}

/**
 * An expression that queues one `route_orders` job for `ids` when `when` is true, for use inside
 * placement's statement; its value is the job's id, or null.
 */
export function addRouteOrdersSql(ids: readonly string[], when: boolean): RawBuilder<string | null> {
  return sql<
    string | null
  >`case when ${when}::boolean then (graphile_worker.add_job(${"route_orders" satisfies TaskName}::text,
      json_build_object('order_ids', ${ids}::uuid[]))).id end`;
}

/**
 * A query of the ids (text) of every order a routing job names, queued or running: a batch's
 * `route_orders` job (its payload), or an order's own `route_order` job or retry (its key).
 * graphile-worker's public `jobs` view has no payload, so this reads its table as its own
 * functions do.
 */
export function ordersWithRoutingJobSql(): RawBuilder<{ id: string }> {
  return sql<{ id: string }>`select jsonb_array_elements_text(j.payload::jsonb -> 'order_ids') as id
      from graphile_worker._private_jobs j
      where j.task_id in (select id from graphile_worker._private_tasks where identifier = ${"route_orders" satisfies TaskName})
    union all
    select substring(j.key from ${"route_order:".length + 1} for 36) from graphile_worker._private_jobs j
      where j.key like ${"route_order:%"}`;
}

/**
 * An expression that queues `route_orders` jobs (marked `fallback`) for the ids of `orders` (a
 * CTE with columns `id` and `chunk`), one job per chunk; its value is the number of jobs.
 */
export function addFallbackRouteOrdersSql(orders: string): RawBuilder<number> {
  return sql<number>`(select count(*) from (select graphile_worker.add_job(${"route_orders" satisfies TaskName}::text,
      json_build_object('order_ids', array_agg(id order by id), 'fallback', true)) as job
    from ${sql.table(orders)} group by chunk) q)::int`;
}
