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
import { addFallbackRouteOrdersSql, ordersWithRoutingJobSql } from "../jobs/queue.ts";
import type { Executor } from "../shared/executor.ts";
import { runNamed } from "../shared/named.ts";

/** Orders in one rescue job. */
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
  const query = sql`
    with sweeping as (
      select pg_try_advisory_xact_lock(${RESCUE_LOCK}) as held
    ), named as (
      ${ordersWithRoutingJobSql()}
    ), lost as (
      select o.id, (row_number() over (order by o.created_at) - 1) / ${RESCUE_BATCH} as chunk
      from orders o
      where (select held from sweeping) and o.status = 'pending'
        and o.created_at < now() - make_interval(secs => ${olderThanMs / 1000})
        and o.id::text not in (select id from named)
      order by o.created_at
      limit ${RESCUE_LIMIT}
    )
    select (select count(*) from lost)::int as n, ${addFallbackRouteOrdersSql("lost")} as jobs`;
  const r = await runNamed<{ n: number }>(db, "rescue-unrouted", query);
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
