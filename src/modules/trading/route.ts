// Routing: sends pending orders to the venue and records what it said, in one transaction per
// set of orders. When the venue answers a submit with executions (the order matched on arrival),
// they are stored and settled in that same transaction. Transient failures are retried on the
// policy's schedule, each order on its own; a refusal or exhausted retries end the order in
// `rejected` or `failed`, releasing its hold.
import type { Logger } from "../../platform/logger.ts";
import { transact } from "../events/committed.ts";
import type { ExecutionReport } from "../executions/executions.table.ts";
import type { InstrumentCatalog } from "../instruments/instruments.service.ts";
import { jobKeys, MAX_ATTEMPTS } from "../jobs/catalogue.ts";
import { addJob } from "../jobs/queue.ts";
import type { Executor } from "../shared/executor.ts";
import { storeAnswerReports } from "./inbox.ts";
import type { Closing, LockedOrder } from "./settle.plan.ts";
import { lockLegs, lockOrders } from "./settle.sql.ts";
import { settleIn } from "./settle.ts";
import { openOrders } from "./transitions.ts";
import { isTransient, type VenueClient, VenueRefusal } from "./venue.client.ts";
import { type RetryPolicy, retryDelay, venueRequest } from "./venue-request.ts";

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

async function submit(d: RoutingDeps, order: LockedOrder, legs: readonly LockedOrder[]): Promise<Submitted> {
  try {
    const answer = await d.venue.submit(venueRequest(order, await d.catalog.get(order.symbol), legs));
    return { order, reports: answer.reports.filter((r) => r.order_id === order.id) };
  } catch (error) {
    return { order, error };
  }
}

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
    // Asked under the lock, so no other transaction sees the order before it is decided.
    if ((await d.venue.get(order.id).catch(() => undefined)) !== undefined) return "open";
    const reason = `venue unavailable after ${attempt + 1} attempts: ${String(error)}`.slice(0, 500);
    return { status: "failed", reason };
  }
  const delay = retryDelay(d.policy, attempt);
  log.warn(`routing ${order.id} failed (attempt ${attempt + 1}); retrying in ${Math.round(delay)} ms`);
  await addJob(
    trx,
    "route_order",
    { order_id: order.id, attempt: attempt + 1 },
    {
      runAt: new Date(Date.now() + delay),
      jobKey: jobKeys.routeRetry(order.id),
      maxAttempts: MAX_ATTEMPTS.route_order,
    },
  );
  return "retry";
}

/** One run of `route`: its job's attempt (retries count from it), its log, and how it treats failures. */
export interface RouteRun {
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
export async function route(d: RoutingDeps, orderIds: readonly string[], run: RouteRun): Promise<void> {
  const cancelled: string[] = [];
  await transact(d.db, async (trx) => {
    // An order class's legs are locked with their parent (after it: their ids are later) and go to
    // the venue with it; a leg is never submitted on its own.
    const locked = await lockOrders(trx, orderIds);
    const legs = await lockLegs(trx, locked);
    // A cancelled order that an earlier run may have submitted before dying is cancelled at the
    // venue too, after this transaction (unknown there is fine).
    if (run.mayHaveReached)
      cancelled.push(...locked.filter((o) => o.status === "cancelled").map((o) => o.id));
    const pending = locked.filter((o) => o.status === "pending" && o.parent_order_id === null);
    const legsOf = (o: LockedOrder) =>
      legs.filter((l) => l.parent_order_id === o.id && l.status === "pending");
    const opened: LockedOrder[] = [];
    const closed: Closed[] = [];
    const reports: ExecutionReport[] = [];
    // The submits run while the orders are locked: a cancel that arrives meanwhile waits, then
    // finds the order at the venue, instead of closing a pending order the venue is accepting.
    for (const submitted of await Promise.all(pending.map((order) => submit(d, order, legsOf(order))))) {
      if (!("error" in submitted)) {
        opened.push(submitted.order, ...legsOf(submitted.order));
        reports.push(...submitted.reports);
        continue;
      }
      const { order, error } = submitted;
      if (run.ownJobOnError && !(error instanceof VenueRefusal) && !isTransient(error)) {
        run.log.error(`routing ${order.id} failed: ${String(error)}; it gets a job of its own`);
        await addJob(trx, "route_order", { order_id: order.id }, { jobKey: jobKeys.route(order.id) });
        continue;
      }
      const outcome = await recordFailure(d, trx, submitted, run.attempt, run.log);
      if (outcome === "open") opened.push(order, ...legsOf(order));
      else if (outcome !== "retry") {
        closed.push({ ...outcome, order }, ...legsOf(order).map((leg) => ({ ...outcome, order: leg })));
      }
    }
    await recordAnswers(d, trx, { opened, closed, reports }, run.log);
  });
  await Promise.all(cancelled.map((id) => d.venue.cancel(id)));
}
