// Settlement: applies stored execution reports to the OMS, several orders in one transaction, each
// report exactly once, with a fixed number of statements whatever the number of reports:
//   lock the orders and read their reports (routing has done both already, see `SettleOptions`);
//   plan (settle.plan.ts); lock the balances and positions the plan moves (one statement);
//   compute their new values (settle.ledger.ts); write everything (one statement, batch-write.ts).
// The lock statement's snapshot is taken before it waits for the balances, so a row another
// transaction created meanwhile (an account's first movement of an asset, its first fill in a
// symbol) is missing from it: missing positions are read again, and a missing balance row is
// created and locked, each in a statement of its own. A balance row created here is locked after
// the positions, out of the global order: only a transaction creating the same row can wait for
// it, and that one holds nothing this one still needs.
import { transact } from "../events/committed.ts";
import { fillView } from "../executions/executions.views.ts";
import type { Instrument, InstrumentCatalog } from "../instruments/instruments.service.ts";
import { jobKeys, MAX_ATTEMPTS } from "../jobs/catalogue.ts";
import { addJobPerIdSql, removeJob } from "../jobs/queue.ts";
import type { Executor } from "../shared/executor.ts";
import { newId } from "../shared/ids.ts";
import { BatchWrite, type LedgerEntryRow, orderState } from "./batch-write.ts";
import { applyJournals, balanceKeys, type Moved, nextPositions, positionKeys } from "./settle.ledger.ts";
import {
  type Closing,
  type LockedOrder,
  planSettlement,
  type SettlementPlan,
  type SettleResult,
  type StoredReport,
} from "./settle.plan.ts";
import {
  lockBalancesAndPositions,
  lockMissingBalances,
  lockOrdersWithClass,
  lockPositions,
  unsettledReports,
} from "./settle.sql.ts";

/** What a caller of settleIn already holds or wants besides settling the orders' reports. */
export interface SettleOptions {
  /** Collects the orders whose reports were ignored (the order was already terminal). */
  ignored?: Set<string> | undefined;
  /** The orders, already locked by this transaction (routing locks them before it submits). */
  locked?: readonly LockedOrder[] | undefined;
  /** Their unsettled reports in inbox order, read after they were locked (routing's inbox insert). */
  reports?: readonly StoredReport[] | undefined;
  /**
   * Routing, for orders the venue has just answered: open the orders still `pending` after their
   * reports, and close those in `close` (refused by the venue, or given up on) with their reason,
   * in the same statement, so the transaction appends its events once (two passes over the
   * accounts' rows in two routing transactions could deadlock).
   */
  openPending?: boolean | undefined;
  close?: ReadonlyMap<string, Closing> | undefined;
}

/**
 * Settles every stored, unsettled report of these orders, in arrival order, in one transaction.
 * Idempotent: a report settles once; running it again changes nothing. A report about a terminal
 * order is recorded and ignored (a terminal order never changes). Any error rolls back the whole
 * set. Returns the result per execution id of the reports it found unsettled.
 */
export async function settleOrders(
  db: Executor,
  catalog: InstrumentCatalog,
  orderIds: readonly string[],
  o: { ignored?: Set<string> | undefined } = {},
): Promise<Map<string, SettleResult>> {
  return await transact(db, (trx) => settleIn(trx, catalog, orderIds, o));
}

/** settleOrders in the caller's transaction (opened with `transact`). */
export async function settleIn(
  trx: Executor,
  catalog: InstrumentCatalog,
  orderIds: readonly string[],
  o: SettleOptions = {},
): Promise<Map<string, SettleResult>> {
  const ids = [...new Set(orderIds)].sort();
  if (ids.length === 0) return new Map();
  const orders = new Map((o.locked ?? (await lockOrdersWithClass(trx, ids))).map((row) => [row.id, row]));
  const reports = o.reports ?? (await unsettledReports(trx, ids));
  const plan = planSettlement(orders, reports, {
    instruments: await instrumentsOf(catalog, orders.values()),
    close: o.close,
    openPending: o.openPending,
  });
  for (const id of plan.ignored) o.ignored?.add(id);
  if (plan.steps.length === 0 && plan.settled.length === 0) return plan.results;

  const balances = balanceKeys(plan.journals);
  const positions = positionKeys(plan.positions);
  const locked = await lockBalancesAndPositions(trx, balances, positions);
  // A position created by a transaction that committed while this one waited for the balances
  // (it moved the same account's balances) is not in that statement's snapshot: read them again.
  if (locked.positions.length < positions.length) locked.positions = await lockPositions(trx, positions);
  const lockedBalances = await lockMissingBalances(trx, balances, locked.balances);
  const { moved, deltas } = applyJournals(plan.journals, lockedBalances);
  // Fills of one account and symbol settle one transaction after the other (their balance and
  // position rows are locked by now), so ids made here rise in the order positions apply them.
  for (const fill of plan.fills) fill.id = newId();
  for (const id of plan.withdrawRouting) await removeJob(trx, jobKeys.route(id));

  const write = new BatchWrite()
    .moveBalances(deltas)
    .insertLedgerEntries(ledgerEntries(plan))
    .updateOrders([...plan.changed].map((id) => orderState(changed(orders, id))))
    .insertFills(plan.fills)
    .upsertPositions(nextPositions(plan.positions, positions, locked.positions))
    .markSettled(plan.settled);
  addEvents(write, plan, moved);
  await write.run(
    trx,
    "settle-write",
    addJobPerIdSql(
      "notify",
      "fill_id",
      plan.notify.map((f) => f.id),
      { maxAttempts: MAX_ATTEMPTS.notify },
    ),
  );
  return plan.results;
}

async function instrumentsOf(catalog: InstrumentCatalog, orders: Iterable<LockedOrder>) {
  const symbols = new Set([...orders].map((order) => order.symbol));
  const instruments = new Map<string, Instrument>();
  for (const symbol of symbols) instruments.set(symbol, await catalog.get(symbol));
  return instruments;
}

/** Events per account, in report order: the fill, the order's, then each journal's user balances after it. */
function addEvents(write: BatchWrite, plan: SettlementPlan, moved: ReadonlyMap<string, Moved[]>) {
  for (const step of plan.steps) {
    const balances = step.journal === undefined ? [] : (moved.get(step.journal.id) ?? []);
    if (step.fill !== undefined) write.events.add(step.accountId, "fill.created", fillView(step.fill));
    for (const e of step.events) write.events.add(step.accountId, e.type, e.payload);
    for (const m of balances) if (!m.is_system) write.events.add(step.accountId, "balance.updated", m.view);
  }
}

/**
 * The plan's ledger entries. A trade's journal is named by its fill's id (numbered by now): the
 * ledger then names the fill each movement of money belongs to (the account's activities).
 */
function ledgerEntries(plan: SettlementPlan): LedgerEntryRow[] {
  const fillOf = new Map<string, string>();
  for (const s of plan.steps)
    if (s.fill !== undefined && s.journal !== undefined) fillOf.set(s.journal.id, s.fill.id);
  return plan.journals.flatMap((j) =>
    j.lines.map((l) => ({
      id: newId(),
      journal_id: fillOf.get(j.id) ?? j.id,
      account_id: l.accountId,
      asset: l.asset,
      bucket: l.bucket,
      amount: l.amount.toFixed(),
      kind: j.kind,
      order_id: j.orderId,
    })),
  );
}

function changed(orders: ReadonlyMap<string, LockedOrder>, id: string): LockedOrder {
  const order = orders.get(id);
  if (order === undefined) throw new Error(`changed order ${id} was not locked`);
  return order;
}
