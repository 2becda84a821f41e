// The rescue of pending orders nobody will route. With the fast path, the API process that placed
// a batch routes it itself and writes no job for it (platform/fast-path.ts); if that process dies
// first, or its routing fails before it could queue a job, the orders stay `pending` with no job.
// Every worker looks for such orders every `FAST_PATH_FALLBACK_MS` and queues a `route_orders`
// job for those older than that, marked `fallback` (they may have reached the venue already).
// Routing is idempotent (routed orders are no longer pending; the venue knows the order id), so
// an order routed at the same moment by a slow process is routed once.
import { sql } from "kysely";
import type { Logger } from "../../platform/logger.ts";
import { type Repeating, repeat } from "../../platform/repeat.ts";
import { ROUTE_ORDER_TASK, ROUTE_ORDERS_TASK } from "../orders/orders.placement.ts";
import type { Executor } from "../shared/executor.ts";

/** Orders in one rescue job (a placement batch is at most as large). */
const RESCUE_BATCH = 64;
/** Most orders one sweep rescues; the rest wait for the next. */
const RESCUE_LIMIT = 4_096;
/** The advisory lock that lets one worker sweep at a time (two would queue the same orders twice). */
const RESCUE_LOCK = 0x7e5c_0e;

/**
 * Queues `route_orders` jobs (fallback) for the pending orders placed more than `olderThanMs` ago
 * that no routing job names: neither their batch's, nor one of their own (`route_order:<id>`,
 * or its retry). Returns how many orders it queued; 0 when another worker is sweeping.
 */
export async function rescueUnrouted(db: Executor, olderThanMs: number): Promise<number> {
  const r = await sql<{ n: number }>`/* prepared: rescue-unrouted */
    with sweeping as (
      select pg_try_advisory_xact_lock(${RESCUE_LOCK}) as held
    ), routing_jobs as (
      select j.key, j.payload from graphile_worker._private_jobs j
      where j.task_id in (select id from graphile_worker._private_tasks
        where identifier in (${ROUTE_ORDER_TASK}, ${ROUTE_ORDERS_TASK}))
    ), named as (
      select jsonb_array_elements_text(payload::jsonb -> 'order_ids') as id from routing_jobs
      union all
      select substring(key from ${`${ROUTE_ORDER_TASK}:`.length + 1} for 36) from routing_jobs
      where key like ${`${ROUTE_ORDER_TASK}:%`}
    ), lost as (
      select o.id, (row_number() over (order by o.created_at) - 1) / ${RESCUE_BATCH} as chunk
      from orders o
      where (select held from sweeping) and o.status = 'pending'
        and o.created_at < now() - make_interval(secs => ${olderThanMs / 1000})
        and o.id::text not in (select id from named)
      order by o.created_at
      limit ${RESCUE_LIMIT}
    ), queued as (
      select graphile_worker.add_job(${ROUTE_ORDERS_TASK}::text,
        json_build_object('order_ids', array_agg(id order by id), 'fallback', true)) as job
      from lost group by chunk
    )
    select (select count(*) from lost)::int as n, (select count(*) from queued)::int as jobs`.execute(db);
  return r.rows[0]?.n ?? 0;
}

/** Sweeps every `everyMs` in this (worker) process until stopped. */
export function startRescue(db: Executor, log: Logger, everyMs: number): Repeating {
  return repeat(
    everyMs,
    async () => {
      const n = await rescueUnrouted(db, everyMs);
      if (n > 0) log.warn({ orders: n }, "pending orders without a routing job were queued for routing");
    },
    (error) => log.warn({ err: error }, "the routing rescue failed; it runs again"),
  );
}
