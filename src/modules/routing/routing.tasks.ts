// route_orders (one job per placement batch) and route_order (one order): each sends its pending
// orders to the venue, then records what the venue said, in one transaction (per batch, or per
// order). When the venue answers a submit with executions (the order matched on arrival), they
// are stored and settled in that same transaction. Transient failures are retried on the guide's
// schedule (1, 2, 4, 8, 16 s, capped, with jitter, at most `maxRetries`), each order on its own; a
// refusal or exhausted retries end the order in `rejected` or `failed`, releasing its hold.

import type { Task } from "graphile-worker";
import pLimit from "p-limit";
import { z } from "zod";
import type { Logger } from "../../platform/logger.ts";
import { addJob } from "../../platform/queue.ts";
import { transact } from "../events/committed.ts";
import { storeAnswerReports } from "../executions/executions.service.ts";
import type { ExecutionReport } from "../executions/executions.table.ts";
import { type LockedOrder, lockOrders, settleIn } from "../executions/settlement.ts";
import type { InstrumentCatalog } from "../instruments/instruments.service.ts";
import { ROUTE_ORDER_TASK, routeJobKey } from "../orders/orders.placement.ts";
import { openOrders } from "../orders/orders.transitions.ts";
import type { OrderRow } from "../orders/orders.views.ts";
import { Decimal } from "../shared/decimal.ts";
import type { Executor } from "../shared/executor.ts";
import { reconcile } from "./reconcile.ts";
import { isTransient, type VenueClient, VenueRefusal, type VenueSubmit } from "./venue.client.ts";

export interface RetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetries: number;
}

export const GUIDE_RETRY: RetryPolicy = { baseDelayMs: 1_000, maxDelayMs: 300_000, maxRetries: 5 };

const payload = z.object({ order_id: z.uuid(), attempt: z.number().int().min(0).default(0) });

/** Delay before retry number `attempt + 1`: base × 2^attempt, capped, with ±50% jitter. */
export const retryDelay = (p: RetryPolicy, attempt: number, random = Math.random): number =>
  Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** attempt) * (0.5 + random());

/** The venue request for an order; market and stop orders carry their worst acceptable price. */
export function venueRequest(
  order: OrderRow,
  instrument: { reference_price: Decimal; tick_size: Decimal; taker_fee_rate: Decimal },
): VenueSubmit {
  const { reference_price: referencePrice, tick_size: tick } = instrument;
  const request: VenueSubmit = {
    client_order_id: order.id,
    owner: order.account_id,
    symbol: order.symbol,
    side: order.side,
    type: order.order_type,
    time_in_force: order.time_in_force,
    quantity: new Decimal(order.quantity).toFixed(),
  };
  if (order.trigger_price !== null) request.trigger_price = new Decimal(order.trigger_price).toFixed();
  if (order.price !== null) {
    request.price = new Decimal(order.price).toFixed();
  } else {
    // Protection. A buy never pays more per unit than its hold was sized for at placement (the
    // hold is intact until the first fill); a sell takes no less than the reference less slippage.
    const slip = new Decimal(order.slippage_tolerance ?? "0.01");
    const raw =
      order.side === "buy"
        ? new Decimal(order.hold_amount).div(
            new Decimal(order.quantity).times(instrument.taker_fee_rate.plus(1)),
          )
        : referencePrice.times(new Decimal(1).minus(slip));
    const steps = order.side === "buy" ? raw.div(tick).floor() : raw.div(tick).ceil();
    request.price = steps.times(tick).toFixed();
  }
  return request;
}

export interface RoutingDeps {
  db: Executor;
  venue: VenueClient;
  policy: RetryPolicy;
  /** Instruments: the reference price the hold was sized on, the tick, the fees to settle with. */
  catalog: InstrumentCatalog;
}

/** Where routing reports retries and failures: a task's logger, or a process logger adapted to it. */
export interface TaskLog {
  warn(message: string): void;
  error(message: string): void;
}

/** A process logger as routing's log. */
export const taskLog = (log: Logger): TaskLog => ({
  warn: (message) => log.warn(message),
  error: (message) => log.error(message),
});

/**
 * A pending order's submit: `error` is what the venue call threw, if it threw; otherwise the
 * order's execution reports the venue answered with.
 */
type Submitted = { order: LockedOrder; reports: ExecutionReport[] } | { order: LockedOrder; error: unknown };

async function submit(d: RoutingDeps, order: LockedOrder): Promise<Submitted> {
  try {
    const answer = await d.venue.submit(venueRequest(order, await d.catalog.get(order.symbol)));
    return { order, reports: answer.reports.filter((r) => r.order_id === order.id) };
  } catch (error) {
    return { order, error };
  }
}

/** Why routing closes an order: refused by the venue, or failed once retries are exhausted. */
type Closing = { status: "rejected" | "failed"; reason: string };
type Closed = Closing & { order: LockedOrder };

/**
 * Records what the venue answered, in the routing transaction. Without executions in the answers
 * and nothing to close, the accepted orders are opened (one statement). Otherwise those reports
 * are stored and settled, the orders to close closed and the other accepted orders opened, by
 * settlement's one statement: an order that matches on arrival is filled when routing commits, in
 * one transaction instead of three (routing, the webhook's inbox, settlement), and goes from
 * `pending` straight to `filled`, `partially_filled` or `expired`. The webhook's copies then carry
 * known execution ids: acknowledged and ignored. Reports the answers lacked (a resting order
 * filled later, the other side of a trade) come by webhook as before.
 */
async function recordAnswers(
  d: RoutingDeps,
  trx: Executor,
  answered: {
    opened: LockedOrder[];
    closed: Closed[];
    reports: ExecutionReport[];
  },
  log: TaskLog,
): Promise<void> {
  const { opened, closed, reports } = answered;
  if (reports.length === 0 && closed.length === 0) {
    await openOrders(trx, opened);
    return;
  }
  const locked = [...opened, ...closed.map((c) => c.order)];
  const closing = new Map(closed.map((c) => [c.order.id, { status: c.status, reason: c.reason }]));
  const ids = locked.map((o) => o.id);
  const ignored = new Set<string>();
  await settleIn(trx, d.catalog, ids, {
    locked,
    reports: await storeAnswerReports(trx, ids, reports),
    openPending: true,
    close: closing,
    ignored,
  });
  for (const id of ignored) log.warn(`reports for terminal order ${id} were ignored`);
}

/**
 * What a failed submit means, decided in the routing transaction: a refusal rejects the order; a
 * transient failure queues a retry or, once retries are exhausted, fails the order. "open" when
 * the order is open after all (a timed-out submit that arrived). Anything else is thrown.
 */
async function recordFailure(
  d: RoutingDeps,
  trx: Executor,
  { order, error }: { order: LockedOrder; error: unknown },
  attempt: number,
  log: TaskLog,
): Promise<"open" | "retry" | Closing> {
  if (error instanceof VenueRefusal) return { status: "rejected", reason: `venue: ${error.message}` };
  if (!isTransient(error)) throw error;
  if (attempt >= d.policy.maxRetries) {
    // A timed-out submit may have arrived: if the venue has the order, it is open, not failed.
    if ((await d.venue.get(order.id).catch(() => undefined)) !== undefined) return "open";
    const reason = `venue unavailable after ${attempt + 1} attempts: ${String(error)}`.slice(0, 500);
    return { status: "failed", reason };
  }
  const delay = retryDelay(d.policy, attempt);
  log.warn(`routing ${order.id} failed (attempt ${attempt + 1}); retrying in ${Math.round(delay)} ms`);
  await addJob(
    trx,
    ROUTE_ORDER_TASK,
    { order_id: order.id, attempt: attempt + 1 },
    { runAt: new Date(Date.now() + delay), jobKey: `${routeJobKey(order.id)}:retry`, maxAttempts: 6 },
  );
  return "retry";
}

/**
 * The locked orders that are still pending. A cancelled one that an earlier attempt may have
 * submitted before dying is cancelled at the venue too (unknown there is fine).
 */
async function stillPending(d: RoutingDeps, orders: LockedOrder[], mayHaveReached: boolean) {
  const pending: LockedOrder[] = [];
  for (const order of orders) {
    if (order.status === "pending") pending.push(order);
    else if (order.status === "cancelled" && mayHaveReached) await d.venue.cancel(order.id);
  }
  return pending;
}

/** One run of `route`: its job's attempt (retries count from it), its log, and how it treats failures. */
interface RouteRun {
  attempt: number;
  log: TaskLog;
  /** An earlier run of this job may have submitted the orders before dying. */
  mayHaveReached: boolean;
  /**
   * A submit that fails in an unexpected way gets a route_order job of its own, so the queue's
   * retries apply to that order alone (a batch); otherwise it fails the whole run (one order's
   * own job, which the queue retries).
   */
  ownJobOnError: boolean;
}

/**
 * Routes orders in one transaction: their rows locked (in id order) while their submits run side
 * by side (bounded by the venue client's timeouts), then every accepted order opened by one
 * statement, or with what matched on arrival settled (`recordAnswers`). The locks make a cancel
 * that arrives meanwhile wait, then find the order open (or filled) and cancel it at the venue
 * (or refuse it), instead of closing a pending order the venue is about to accept.
 */
async function route(d: RoutingDeps, orderIds: readonly string[], run: RouteRun): Promise<void> {
  await transact(d.db, async (trx) => {
    const pending = await stillPending(d, await lockOrders(trx, orderIds), run.mayHaveReached);
    const opened: LockedOrder[] = [];
    const closed: Closed[] = [];
    const reports: ExecutionReport[] = [];
    for (const submitted of await Promise.all(pending.map((order) => submit(d, order)))) {
      if (!("error" in submitted)) {
        opened.push(submitted.order);
        reports.push(...submitted.reports);
        continue;
      }
      const { order, error } = submitted;
      if (run.ownJobOnError && !(error instanceof VenueRefusal) && !isTransient(error)) {
        run.log.error(`routing ${order.id} failed: ${String(error)}; it gets a job of its own`);
        await addJob(trx, ROUTE_ORDER_TASK, { order_id: order.id }, { jobKey: routeJobKey(order.id) });
        continue;
      }
      const outcome = await recordFailure(d, trx, submitted, run.attempt, run.log);
      if (outcome === "open") opened.push(order);
      else if (outcome !== "retry") closed.push({ ...outcome, order });
    }
    await recordAnswers(d, trx, { opened, closed, reports }, run.log);
  });
}

const batchPayload = z.object({
  order_ids: z.array(z.uuid()).min(1),
  /** Queued as the fallback of routing in the placing process (see platform/fast-path.ts). */
  fallback: z.boolean().optional(),
});

/**
 * Placement batches routed at the same time by one process (each holds a pool connection during
 * its submits).
 */
const ROUTE_CONCURRENCY = 8;

/**
 * Routes orders for the queue's tasks and for the placing process right after its commit. One
 * per process: its limit is shared by every batch (each batch holds a pool connection during
 * its submits).
 */
export class Router {
  readonly #d: RoutingDeps;
  readonly #limit = pLimit(ROUTE_CONCURRENCY);

  constructor(d: RoutingDeps) {
    this.#d = d;
  }

  /** One order (a retry, a reroute by the reconciler, or a batch's failed order). */
  async one(orderId: string, attempt: number, log: TaskLog, mayHaveReached: boolean): Promise<void> {
    await route(this.#d, [orderId], { attempt, log, mayHaveReached, ownJobOnError: false });
  }

  /**
   * The orders of one placement batch, in one transaction (`route`). Run again, it skips orders
   * already routed (no longer pending; the venue is also idempotent on the order id). If the
   * batch's transaction fails, its orders are routed one by one, each failing alone into a
   * route_order job of its own.
   */
  async batch(orderIds: readonly string[], log: TaskLog, mayHaveReached: boolean): Promise<void> {
    await this.#limit(async () => {
      try {
        await route(this.#d, orderIds, { attempt: 0, log, mayHaveReached, ownJobOnError: true });
        return;
      } catch (error) {
        log.warn(`routing a batch of ${orderIds.length} failed (${String(error)}); routing them one by one`);
      }
      // One at a time: this batch keeps one pool connection, as it did.
      for (const id of orderIds) {
        try {
          await this.one(id, 0, log, true);
        } catch (error) {
          log.error(`routing ${id} failed: ${String(error)}; it gets a job of its own`);
          await transact(this.#d.db, (trx) =>
            addJob(trx, ROUTE_ORDER_TASK, { order_id: id }, { jobKey: routeJobKey(id) }),
          );
        }
      }
    });
  }
}

/** route_order: one order (a retry, a reroute by the reconciler, or a batch's failed order). */
export function routeOrderTask(router: Router): Task {
  return async (raw, helpers) => {
    const { order_id, attempt } = payload.parse(raw);
    await router.one(order_id, attempt, helpers.logger, true);
  };
}

/**
 * route_orders: the orders of one placement batch (one job for the batch instead of one per
 * order). A batch job that dies half-way runs again; so does the fallback of a placing process
 * that died before routing its batch (either may have reached the venue with some orders).
 */
export function routeOrdersTask(router: Router): Task {
  return async (raw, helpers) => {
    const { order_ids, fallback } = batchPayload.parse(raw);
    await router.batch(order_ids, helpers.logger, helpers.job.attempts > 1 || fallback === true);
  };
}

/** reconcile (every minute, once across all workers): see reconcile.ts. */
export function reconcileTask(db: Executor, venue: VenueClient, catalog: InstrumentCatalog): Task {
  return async (_payload, helpers) => {
    const r = await reconcile(db, venue, { quietMs: 5_000, limit: 1_000, catalog });
    if (r.reports > 0 || r.lost > 0 || r.rerouted > 0 || r.amended > 0 || r.failed > 0) {
      helpers.logger.warn(`reconcile repaired orders: ${JSON.stringify(r)}`);
    }
  };
}

/** expire_day_orders (00:00 UTC): the venue expires DAY orders; their reports settle as usual. */
export function expireDayOrdersTask(venue: VenueClient): Task {
  return async (_payload, helpers) => {
    const expired = await venue.endSession();
    helpers.logger.info(`trading day ended at the venue: ${expired} DAY orders expired`);
  };
}
