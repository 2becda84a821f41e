// The reconciler: compares the OMS's non-terminal orders with the venue and repairs what a lost
// webhook or a crash left behind. Reports the venue has for an order go into the inbox (known
// ones are ignored there), so missed fills settle in order; an order the venue no longer knows
// (it restarted and lost its book) is closed with a report that says so; a pending order that
// the venue never saw is routed again; an open limit order whose terms differ from the venue's
// (a replace the venue applied but never confirmed) takes the venue's terms, and its hold becomes
// what they need; if the account cannot fund that, the order is cancelled at the venue.
import { sql } from "kysely";
import { transact } from "../events/committed.ts";
import type { ExecutionReport } from "../executions/executions.table.ts";
import type { InstrumentCatalog } from "../instruments/instruments.service.ts";
import { jobKeys } from "../jobs/catalogue.ts";
import { addJob, ordersWithRoutingJobSql } from "../jobs/queue.ts";
import { Decimal } from "../shared/decimal.ts";
import { DomainError } from "../shared/errors.ts";
import type { Executor } from "../shared/executor.ts";
import { receiveReports } from "./inbox.ts";
import { findOrderWithTurn, holdNeeded, settleReplace } from "./replace.ts";
import { type VenueClient, VenueRefusal } from "./venue.client.ts";

/** The report that closes an order the venue does not know. */
export const lostAtVenue = (orderId: string): ExecutionReport => ({
  execution_id: `${orderId}:unknown-at-venue`,
  order_id: orderId,
  type: "cancelled",
  reason: "unknown at the venue (the venue restarted and lost its book)",
  executed_at: new Date().toISOString(),
});

export interface ReconcileResult {
  checked: number;
  reports: number;
  lost: number;
  rerouted: number;
  /** Open orders whose quantity, price or hold were brought in line with the venue. */
  amended: number;
  /** Open orders whose venue terms need more than the account could hold: cancelled at the venue. */
  unfunded: number;
  /** Orders the venue could not be asked about this run, twice (they are tried again next run). */
  failed: number;
  /** Why the first of them failed. */
  first_error?: string;
}

/** Reconciles one order that is (or should be) at the venue. */
export async function reconcileOrder(db: Executor, venue: Pick<VenueClient, "executions">, orderId: string) {
  const reports = await venue.executions(orderId);
  if (reports === undefined) return { fresh: await receiveReports(db, [lostAtVenue(orderId)]), lost: true };
  return { fresh: reports.length === 0 ? 0 : await receiveReports(db, reports), lost: false };
}

/** A routing job for the order is queued or running: its own, or its placement batch's. */
async function routingQueued(db: Executor, orderId: string): Promise<boolean> {
  const r = await sql<{ queued: boolean }>`select exists (
      select 1 from (${ordersWithRoutingJobSql()}) named where named.id = ${orderId}
    ) as queued`.execute(db);
  return r.rows[0]?.queued ?? false;
}

type Working = {
  id: string;
  status: string;
  account_id: string;
  symbol: string;
  order_type: string;
  order_class: string;
};

/**
 * After an unconfirmed replace the OMS keeps the old terms and a hold for the larger of old and
 * new; the venue's terms decide, and the hold becomes what they need (settleReplace). The order's
 * replace turn is read first: an order whose replace is at the venue is left to it, and terms are
 * recorded only if no replace took the turn while the venue was asked. An order whose venue terms
 * the account cannot fund must not rest there under-held: it is cancelled at the venue, and the
 * venue's report closes it (after any fills it made before) and releases its hold.
 */
async function alignTerms(
  db: Executor,
  venue: Pick<VenueClient, "get" | "cancel" | "executions">,
  catalog: Pick<InstrumentCatalog, "get">,
  order: Working,
): Promise<"same" | "amended" | "unfunded"> {
  const row = await findOrderWithTurn(db, order.id);
  if (row === undefined || row.turn_held) return "same";
  if (!["open", "partially_filled"].includes(row.status) || row.price === null) return "same";
  const now = await venue.get(order.id);
  if (now === undefined || now.price === null || !["open", "partially_filled"].includes(now.status))
    return "same";
  const instrument = await catalog.get(order.symbol);
  const terms = { quantity: new Decimal(now.quantity), price: new Decimal(now.price) };
  const needed = holdNeeded(row, terms, instrument);
  const same =
    terms.quantity.eq(row.quantity) && terms.price.eq(row.price) && needed.eq(new Decimal(row.hold_amount));
  if (same) return "same";
  try {
    const view = await transact(db, (trx) =>
      settleReplace(trx, order.account_id, order.id, terms, instrument, row.replace_turn),
    );
    return view === undefined ? "same" : "amended";
  } catch (error) {
    if (!(error instanceof DomainError && error.code === "INSUFFICIENT_FUNDS")) throw error;
    // A refusal means the order is no longer open there; its reports say how it ended.
    await venue.cancel(order.id).catch((refused: unknown) => {
      if (!(refused instanceof VenueRefusal)) throw refused;
    });
    await reconcileOrder(db, venue, order.id);
    return "unfunded";
  }
}

async function reconcileOne(
  db: Executor,
  venue: Pick<VenueClient, "executions" | "get" | "cancel">,
  order: Working,
  result: ReconcileResult,
  catalog: Pick<InstrumentCatalog, "get"> | undefined,
): Promise<void> {
  if (order.status === "pending" && (await venue.get(order.id)) === undefined) {
    if (await routingQueued(db, order.id)) return;
    // Never reached the venue (its routing job was lost): route it again.
    await addJob(db, "route_order", { order_id: order.id }, { jobKey: jobKeys.route(order.id) });
    result.rerouted++;
    return;
  }
  const r = await reconcileOrder(db, venue, order.id);
  result.reports += r.fresh;
  if (r.lost) result.lost++;
  // A class's legs hold as a class (settle.classes.ts), not each for its own terms, and are never amended.
  if (r.lost || catalog === undefined || order.order_type !== "limit" || order.order_class !== "simple")
    return;
  const aligned = await alignTerms(db, venue, catalog, order);
  if (aligned === "amended") result.amended++;
  if (aligned === "unfunded") result.unfunded++;
}

export async function reconcile(
  db: Executor,
  venue: Pick<VenueClient, "executions" | "get" | "cancel">,
  o: { quietMs: number; limit: number; catalog?: Pick<InstrumentCatalog, "get"> },
): Promise<ReconcileResult> {
  const result: ReconcileResult = {
    checked: 0,
    reports: 0,
    lost: 0,
    rerouted: 0,
    amended: 0,
    unfunded: 0,
    failed: 0,
  };
  const quiet = sql<Date>`now() - make_interval(secs => ${o.quietMs / 1000})`;
  const working = await db
    .selectFrom("orders")
    .select(["id", "status", "account_id", "symbol", "order_type", "order_class"])
    .where("status", "in", ["pending", "open", "partially_filled"])
    .where((eb) =>
      eb.or([
        eb.and([
          eb("status", "=", "pending"),
          eb("updated_at", "<", sql<Date>`now() - interval '60 seconds'`),
        ]),
        eb.and([eb("status", "!=", "pending"), eb("updated_at", "<", quiet)]),
      ]),
    )
    // A random sample each run: with more working orders than `limit`, every one gets its turn.
    .orderBy(sql`random()`)
    .limit(o.limit)
    .execute();
  // One order's failure (the venue down for a moment) must not stop the others. Those that
  // failed are asked once more at the end of the run, so a venue failing one call in five leaves
  // few orders for the next run (a minute later).
  const failed: Working[] = [];
  for (const order of working) {
    result.checked++;
    await reconcileOne(db, venue, order, result, o.catalog).catch(() => failed.push(order));
  }
  for (const order of failed) {
    await reconcileOne(db, venue, order, result, o.catalog).catch((error: unknown) => {
      result.failed++;
      result.first_error ??= error instanceof Error ? error.message : String(error);
    });
  }
  return result;
}
