// The trading module's job handlers; their names and payloads are the job catalogue's.
import type { Task } from "graphile-worker";
import type { InstrumentCatalog } from "../instruments/instruments.service.ts";
import { parsePayload } from "../jobs/catalogue.ts";
import type { Executor } from "../shared/executor.ts";
import { type ExpireDeps, expireOrder } from "./expire.ts";
import { settleBatch, settleOrQueue } from "./inbox.ts";
import { reconcile } from "./reconcile.ts";
import type { Router } from "./router.ts";
import type { VenueClient } from "./venue.client.ts";

/** route_order: one order (a retry, a reroute by the reconciler, or a batch's failed order). */
export function routeOrderTask(router: Router): Task<"route_order"> {
  return async (raw, helpers) => {
    const { order_id, attempt } = parsePayload("route_order", raw);
    await router.one(order_id, { attempt, log: helpers.logger, mayHaveReached: true });
  };
}

/**
 * route_orders: the orders of one placement batch (one job for the batch instead of one per
 * order). A batch job that dies half-way runs again; so does the fallback of a placing process
 * that died before routing its batch (either may have reached the venue with some orders).
 */
export function routeOrdersTask(router: Router): Task<"route_orders"> {
  return async (raw, helpers) => {
    const { order_ids, fallback } = parsePayload("route_orders", raw);
    await router.batch(order_ids, {
      log: helpers.logger,
      mayHaveReached: helpers.job.attempts > 1 || fallback === true,
    });
  };
}

/**
 * settle_fill: settles every stored, unsettled report of its orders (those of one webhook call),
 * in arrival order per order, many orders per transaction. A job of one order fails and is
 * retried when that order cannot settle; in a larger job, such an order gets a job of its own.
 */
export function settleFillTask(db: Executor, catalog: InstrumentCatalog): Task<"settle_fill"> {
  return async (raw, helpers) => {
    const { order_ids } = parsePayload("settle_fill", raw);
    if (order_ids.length > 1) return await settleOrQueue(db, catalog, order_ids, helpers.logger);
    const out = await settleBatch(db, catalog, order_ids);
    for (const id of out.ignored) helpers.logger.warn(`reports for terminal order ${id} were ignored`);
    if (out.failed[0] !== undefined) throw out.failed[0].error;
  };
}

/** reconcile (every minute, once across all workers): see reconcile.ts. */
export function reconcileTask(
  db: Executor,
  venue: VenueClient,
  catalog: InstrumentCatalog,
): Task<"reconcile"> {
  return async (_payload, helpers) => {
    const r = await reconcile(db, venue, { quietMs: 5_000, limit: 1_000, catalog });
    if (r.reports > 0 || r.lost > 0 || r.rerouted > 0 || r.amended > 0 || r.unfunded > 0 || r.failed > 0) {
      helpers.logger.warn(`reconcile repaired orders: ${JSON.stringify(r)}`);
    }
  };
}

/** expire_order (at a GTD order's expire_at): see expire.ts. */
export function expireOrderTask(d: ExpireDeps): Task<"expire_order"> {
  return async (raw, helpers) => {
    const { order_id } = parsePayload("expire_order", raw);
    await expireOrder(d, order_id, helpers.logger);
  };
}

/** expire_day_orders (00:00 UTC): the venue expires DAY orders; their reports settle as usual. */
export function expireDayOrdersTask(venue: VenueClient): Task<"expire_day_orders"> {
  return async (_payload, helpers) => {
    const expired = await venue.endSession();
    helpers.logger.info(`trading day ended at the venue: ${expired} DAY orders expired`);
  };
}
