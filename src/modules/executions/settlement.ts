// Settlement: applies stored execution reports to the OMS, several orders in one transaction,
// each report exactly once. A trade moves the order (filled quantity, average price, status), the
// ledger (the hold released in proportion, base and quote exchanged with the venue's clearing
// account, the fee to the house), the position, and writes the fill and its events. Cancels,
// expiries and rejections close the order and release its hold.
//
// One transaction settles every unsettled report of a set of orders, in arrival order, with a
// fixed number of statements whatever the number of reports: the reads lock their rows in one
// global order (orders by id, then balances by (account, asset), positions by (account, symbol),
// accounts by id; placement, routing and cancel take the subsets they need in the same order), the
// arithmetic runs here on the locked values, and one statement writes everything. The round trips:
// lock the orders and read their reports (routing does both itself, see `SettleOptions`), lock the
// balances and positions (one statement), write. That statement's snapshot is taken before it
// waits for the balances, so a row another transaction created meanwhile (an account's first
// movement of an asset, its first fill in a symbol) is missing from it: missing positions are read
// again, and a missing balance row is created and locked, each in a statement of its own. A balance
// row created here is locked after the positions, out of the global order: only a transaction
// creating the same row can wait for it, and that one holds nothing this one still needs.

import { sql } from "kysely";
import { removeJob } from "../../platform/queue.ts";
import { transact } from "../events/committed.ts";
import { EventBatch, type NewEvent } from "../events/events.service.ts";
import type { Instrument, InstrumentCatalog } from "../instruments/instruments.service.ts";
import { FEES_ACCOUNT_ID, VENUE_ACCOUNT_ID } from "../ledger/ledger.accounts.ts";
import { assertBalanced, balanceDeltas, holdLines, type JournalLine } from "../ledger/ledger.service.ts";
import { balanceView } from "../ledger/ledger.views.ts";
import { NOTIFY_TASK } from "../notifications/notifications.tasks.ts";
import { routeJobKey } from "../orders/orders.placement.ts";
import { isTerminal } from "../orders/orders.table.ts";
import { type OrderRow, orderView } from "../orders/orders.views.ts";
import { applyFill, flat, type Position } from "../positions/positions.rules.ts";
import { Decimal } from "../shared/decimal.ts";
import { DomainError } from "../shared/errors.ts";
import type { Executor } from "../shared/executor.ts";
import { newId } from "../shared/ids.ts";
import type { ExecutionReport, FillsTable } from "./executions.table.ts";
import { fillView } from "./executions.views.ts";

export type SettleResult = "settled" | "already_settled" | "ignored";

export class SettlementError extends Error {
  override name = "SettlementError";
}

/** Ledger lines of one trade; `release` is the part of the hold this fill frees. */
export function tradeLines(o: {
  order: OrderRow;
  instrument: Instrument;
  quantity: Decimal;
  price: Decimal;
  fee: Decimal;
  release: Decimal;
}): JournalLine[] {
  const { order, instrument, quantity, fee, release } = o;
  const cost = quantity.times(o.price);
  const [base, quote, user] = [instrument.base_asset, instrument.quote_asset, order.account_id];
  const line = (
    accountId: string,
    asset: string,
    bucket: "available" | "held",
    amount: Decimal,
  ): JournalLine => ({
    accountId,
    asset,
    bucket,
    amount,
  });
  if (order.side === "buy") {
    return [
      line(user, quote, "held", release.negated()),
      line(user, quote, "available", release.minus(cost).minus(fee)),
      line(VENUE_ACCOUNT_ID, quote, "available", cost),
      line(FEES_ACCOUNT_ID, quote, "available", fee),
      line(VENUE_ACCOUNT_ID, base, "available", quantity.negated()),
      line(user, base, "available", quantity),
    ];
  }
  return [
    line(user, base, "held", release.negated()),
    line(VENUE_ACCOUNT_ID, base, "available", quantity),
    line(VENUE_ACCOUNT_ID, quote, "available", cost.negated()),
    line(user, quote, "available", cost.minus(fee)),
    line(FEES_ACCOUNT_ID, quote, "available", fee),
  ];
}

/** An order row locked for settlement, with its account's e-mail address (for the notify job). */
export type LockedOrder = OrderRow & { email: string | null };

/** A stored report, as settlement reads it from the inbox. */
export interface StoredReport {
  execution_id: string;
  order_id: string;
  payload: ExecutionReport;
}

/**
 * Locks orders for settlement, in id order (the global lock order starts with orders), with their
 * account's e-mail address.
 */
export async function lockOrders(trx: Executor, orderIds: readonly string[]): Promise<LockedOrder[]> {
  return (
    await sql<LockedOrder>`/* prepared: settle-orders */
      select o.*, (select a.email from accounts a where a.id = o.account_id) as email from orders o
      where o.id = any(${orderIds}::uuid[]) order by o.id for update`.execute(trx)
  ).rows;
}

interface Journal {
  id: string;
  kind: "trade" | "release";
  orderId: string;
  lines: JournalLine[];
}

/** A fill as its row is written. */
type FillRow = FillsTable;

/**
 * One settled report's effects on its account's event log: `fill.created` for `fill`, then
 * `events`, then the balances `journal` moved.
 */
interface Step {
  accountId: string;
  fill?: FillRow;
  events: NewEvent[];
  journal?: Journal;
}

/** What a set of reports does, computed on locked rows before anything is written. */
class Batch {
  readonly journals: Journal[] = [];
  readonly fills: FillRow[] = [];
  readonly steps: Step[] = [];
  readonly positions: {
    accountId: string;
    symbol: string;
    side: "buy" | "sell";
    quantity: Decimal;
    price: Decimal;
  }[] = [];
  readonly notify: FillRow[] = [];
  readonly removals: string[] = [];
  readonly settled: string[] = [];
  readonly results = new Map<string, SettleResult>();
  readonly changed = new Set<string>();
  readonly now: Date;
  constructor(now: Date) {
    this.now = now;
  }

  journal(kind: Journal["kind"], orderId: string, lines: JournalLine[]): Journal | undefined {
    const kept = lines.filter((l) => !l.amount.isZero());
    if (kept.length === 0) return undefined;
    assertBalanced(kept);
    const j = { id: newId(), kind, orderId, lines: kept };
    this.journals.push(j);
    return j;
  }
}

function trade(b: Batch, order: LockedOrder, report: ExecutionReport, instrument: Instrument): void {
  if (report.quantity === undefined || report.price === undefined || report.liquidity === undefined) {
    throw new SettlementError(`trade report ${report.execution_id} lacks quantity, price or liquidity`);
  }
  const quantity = new Decimal(report.quantity);
  const price = new Decimal(report.price);
  const filledBefore = new Decimal(order.filled_quantity);
  const open = new Decimal(order.quantity).minus(filledBefore);
  if (quantity.lte(0) || quantity.gt(open)) {
    throw new SettlementError(
      `trade ${report.execution_id} of ${quantity.toFixed()} exceeds the open ${open.toFixed()}`,
    );
  }
  const final = quantity.eq(open);
  const held = new Decimal(order.hold_amount);
  const rate = report.liquidity === "maker" ? instrument.maker_fee_rate : instrument.taker_fee_rate;
  const fee = quantity.times(price).times(rate);
  // A buy releases its share of the hold, and never less than this fill costs while the hold has
  // it (a fill at a price raised by a replace that is still being recorded).
  const share = held.times(quantity).div(open);
  const release = final
    ? held
    : order.side === "sell"
      ? quantity
      : Decimal.min(held, Decimal.max(share, quantity.times(price).plus(fee)));
  const journal = b.journal(
    "trade",
    order.id,
    tradeLines({ order, instrument, quantity, price, fee, release }),
  );
  const filled = filledBefore.plus(quantity);
  const average = new Decimal(order.average_fill_price ?? 0)
    .times(filledBefore)
    .plus(price.times(quantity))
    .div(filled);
  order.filled_quantity = filled.toFixed();
  order.average_fill_price = average.toFixed();
  order.status = final ? "filled" : "partially_filled";
  order.hold_amount = held.minus(release).toFixed();
  order.updated_at = b.now;
  const fill: FillRow = {
    // Given once the positions are locked (below), so that fill ids follow the order in which
    // fills reach a position, the order `bourse check` replays them in.
    id: "",
    execution_id: report.execution_id,
    order_id: order.id,
    account_id: order.account_id,
    symbol: order.symbol,
    side: order.side,
    quantity: quantity.toFixed(),
    price: price.toFixed(),
    fee: fee.toFixed(),
    fee_asset: instrument.quote_asset,
    liquidity: report.liquidity,
    executed_at: new Date(report.executed_at),
  };
  b.fills.push(fill);
  b.positions.push({ accountId: order.account_id, symbol: order.symbol, side: order.side, quantity, price });
  // The confirmation e-mail is a job of its own, and only for an account that has an address.
  if (order.email !== null) b.notify.push(fill);
  b.steps.push({
    accountId: order.account_id,
    fill,
    events: [{ type: final ? "order.filled" : "order.updated", payload: orderView(order) }],
    ...(journal === undefined ? {} : { journal }),
  });
}

function close(
  b: Batch,
  order: LockedOrder,
  status: "cancelled" | "expired" | "rejected" | "failed",
  reason: string | null,
) {
  const remaining = new Decimal(order.hold_amount);
  const journal = b.journal(
    "release",
    order.id,
    holdLines(order.account_id, order.hold_asset, remaining.negated()),
  );
  // A pending order's routing job is withdrawn if no worker has taken it yet.
  if (order.status === "pending") b.removals.push(routeJobKey(order.id));
  order.status = status;
  order.reject_reason = reason;
  order.hold_amount = "0";
  order.updated_at = b.now;
  b.steps.push({
    accountId: order.account_id,
    events: [{ type: "order.updated", payload: orderView(order) }],
    ...(journal === undefined ? {} : { journal }),
  });
}

function open(b: Batch, order: LockedOrder) {
  if (order.status !== "pending") return;
  order.status = "open";
  order.updated_at = b.now;
  b.steps.push({
    accountId: order.account_id,
    events: [{ type: "order.updated", payload: orderView(order) }],
  });
}

const key = (a: string, b: string) => `${a}/${b}`;

type BalanceRow = { account_id: string; asset: string; available: string; held: string };
type PositionRow = {
  account_id: string;
  symbol: string;
  quantity: string;
  average_entry_price: string;
  realized_pnl: string;
};

/** The balance rows the journals move, sorted by (account, asset): the order they are locked in. */
function balanceKeys(journals: Journal[]) {
  const keys = new Map<string, { account_id: string; asset: string; is_system: boolean }>();
  for (const j of journals) for (const d of balanceDeltas(j.lines)) keys.set(key(d.account_id, d.asset), d);
  return [...keys.values()].sort((x, y) =>
    key(x.account_id, x.asset) < key(y.account_id, y.asset) ? -1 : 1,
  );
}

/** The position rows the fills move, sorted by (account, symbol): the order they are locked in. */
const positionKeys = (fills: Batch["positions"]) =>
  [...new Set(fills.map((f) => key(f.accountId, f.symbol)))]
    .sort()
    .map((k) => k.split("/") as [string, string]);

/**
 * `(account_id, column) in (keys)`, with `account_id = any(…)` beside it: the lookup then stays a
 * scan of the (account_id, column) primary key even in a plan made while the table was small.
 */
function byKeys(column: "asset" | "symbol", keys: readonly (readonly [string, string])[]) {
  const accounts = keys.map(([a]) => a);
  return sql`(account_id, ${sql.ref(column)}) in (
      select * from unnest(${accounts}::uuid[], ${keys.map(([, k]) => k)}::text[]))
    and account_id = any(${accounts}::uuid[])`;
}

/** A balance key as the pair `byKeys` takes. */
const assetPair = (d: { account_id: string; asset: string }) => [d.account_id, d.asset] as const;

/**
 * Locks the balances, then the positions, in one round trip (an Append runs its inputs in order).
 * Balance rows that do not exist yet are simply missing from the answer (lockBalances creates them).
 */
async function lockBalancesAndPositions(
  trx: Executor,
  balances: { account_id: string; asset: string }[],
  positions: [string, string][],
): Promise<{ balances: BalanceRow[]; positions: PositionRow[] }> {
  if (balances.length === 0 && positions.length === 0) return { balances: [], positions: [] };
  const rows = (
    await sql<BalanceRow & PositionRow & { kind: "b" | "p" }>`/* prepared: settle-locks */
      select 'b' as kind, account_id, asset, available, held, null as symbol, null::numeric as quantity,
        null::numeric as average_entry_price, null::numeric as realized_pnl
      from (select account_id, asset, available, held from balances
        where ${byKeys("asset", balances.map(assetPair))} order by account_id, asset for update) b
      union all
      select 'p', account_id, null, null, null, symbol, quantity, average_entry_price, realized_pnl
      from (select account_id, symbol, quantity, average_entry_price, realized_pnl from positions
        where ${byKeys("symbol", positions)} order by account_id, symbol for update) p`.execute(trx)
  ).rows;
  return {
    balances: rows.filter((r) => r.kind === "b"),
    positions: rows.filter((r) => r.kind === "p"),
  };
}

/** Locks the positions again, in a statement (a snapshot) of its own. */
async function lockPositions(trx: Executor, pairs: [string, string][]): Promise<PositionRow[]> {
  return (
    await sql<PositionRow>`/* prepared: settle-positions */
      select account_id, symbol, quantity, average_entry_price, realized_pnl from positions
      where ${byKeys("symbol", pairs)} order by account_id, symbol for update`.execute(trx)
  ).rows;
}

/**
 * Takes the balances the journals move (`sorted`, their balanceKeys; `locked`: their rows already
 * locked; any missing row is created, then locked), and returns each journal's user balances after
 * it, in journal order, for the `balance.updated` events. Refuses a journal that would take a user
 * balance below zero (INSUFFICIENT_FUNDS), as `postJournal` does; the statement that writes checks
 * it again.
 */
async function lockBalances(
  trx: Executor,
  journals: Journal[],
  sorted: ReturnType<typeof balanceKeys>,
  locked: BalanceRow[],
) {
  const perJournal = journals.map((j) => balanceDeltas(j.lines));
  const lock = async () =>
    (
      await sql<BalanceRow>`/* prepared: settle-balances */
        select account_id, asset, available, held from balances
        where ${byKeys("asset", sorted.map(assetPair))} order by account_id, asset for update`.execute(trx)
    ).rows;
  let rows = locked;
  if (rows.length < sorted.length) {
    // First movement of an asset for an account: create the row, then lock it with the others.
    const found = new Set(rows.map((r) => key(r.account_id, r.asset)));
    const missing = sorted.filter((d) => !found.has(key(d.account_id, d.asset)));
    await trx
      .insertInto("balances")
      .values(
        missing.map((d) => ({
          account_id: d.account_id,
          asset: d.asset,
          available: "0",
          held: "0",
          is_system: d.is_system,
        })),
      )
      .onConflict((oc) => oc.columns(["account_id", "asset"]).doNothing())
      .execute();
    rows = await lock();
  }
  const state = new Map(
    rows.map((r) => [
      key(r.account_id, r.asset),
      { available: new Decimal(r.available), held: new Decimal(r.held) },
    ]),
  );
  const total = new Map<string, { account_id: string; asset: string; available: Decimal; held: Decimal }>();
  const moved = perJournal.map((deltas) =>
    deltas.map((d) => {
      const k = key(d.account_id, d.asset);
      const s = state.get(k);
      if (s === undefined) throw new Error(`balance ${k} was not locked`);
      s.available = s.available.plus(d.available);
      s.held = s.held.plus(d.held);
      if (!d.is_system && (s.available.isNegative() || s.held.isNegative())) {
        throw new DomainError("INSUFFICIENT_FUNDS", "not enough available balance for this order");
      }
      const t = total.get(k) ?? {
        account_id: d.account_id,
        asset: d.asset,
        available: new Decimal(0),
        held: new Decimal(0),
      };
      t.available = t.available.plus(d.available);
      t.held = t.held.plus(d.held);
      total.set(k, t);
      return {
        is_system: d.is_system,
        view: balanceView({ asset: d.asset, available: s.available.toFixed(), held: s.held.toFixed() }),
      };
    }),
  );
  const deltas = [...total.values()].map((t) => ({
    account_id: t.account_id,
    asset: t.asset,
    available: t.available.toFixed(),
    held: t.held.toFixed(),
  }));
  return { moved, deltas };
}

/** The positions' values after the fills (their rows, `locked`, are locked already). */
function nextPositions(fills: Batch["positions"], pairs: [string, string][], locked: PositionRow[]) {
  const state = new Map<string, Position>(
    locked.map((r) => [
      key(r.account_id, r.symbol),
      {
        quantity: new Decimal(r.quantity),
        averageEntryPrice: new Decimal(r.average_entry_price),
        realizedPnl: new Decimal(r.realized_pnl),
      },
    ]),
  );
  for (const f of fills) {
    const k = key(f.accountId, f.symbol);
    state.set(k, applyFill(state.get(k) ?? flat(), f.side, f.quantity, f.price));
  }
  return pairs.map(([account_id, symbol]) => {
    const p = state.get(key(account_id, symbol)) ?? flat();
    return {
      account_id,
      symbol,
      quantity: p.quantity.toFixed(),
      average_entry_price: p.averageEntryPrice.toFixed(),
      realized_pnl: p.realizedPnl.toFixed(),
    };
  });
}

const json = (v: unknown) => JSON.stringify(v);

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
  /** Collects the orders whose reports were ignored (the order was already terminal). */
  ignored?: Set<string>,
): Promise<Map<string, SettleResult>> {
  return await transact(db, (trx) => settleIn(trx, catalog, orderIds, { ignored }));
}

/** What a caller of settleIn already holds or wants besides settling the orders' reports. */
export interface SettleOptions {
  /** Collects the orders whose reports were ignored (the order was already terminal). */
  ignored?: Set<string>;
  /**
   * The orders, already locked by this transaction with `lockOrders` (routing locks them before
   * it submits): settlement does not lock them again.
   */
  locked?: readonly LockedOrder[];
  /**
   * Their unsettled reports in inbox order, read after they were locked (routing's
   * `storeAnswerReports`): settlement does not read them again.
   */
  reports?: readonly StoredReport[];
  /**
   * Routing, for orders the venue has just answered: the orders still `pending` after their
   * reports are opened, and those in `close` (refused by the venue, or given up on) closed with
   * their reason and their hold released, in the same statement. The transaction then appends
   * its events once, locking the accounts' rows in one sorted pass (two passes in two routing
   * transactions could deadlock).
   */
  openPending?: boolean;
  close?: ReadonlyMap<string, { status: "rejected" | "failed"; reason: string }>;
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
  const b = new Batch(new Date());
  const orders = new Map((o.locked ?? (await lockOrders(trx, ids))).map((row) => [row.id, row]));
  const reports =
    o.reports ??
    (
      await sql<StoredReport>`/* prepared: settle-reports */
      select execution_id, order_id, payload from execution_reports
      where order_id = any(${ids}::uuid[]) and settled_at is null order by inbox_seq`.execute(trx)
    ).rows;
  for (const stored of reports) {
    const order = orders.get(stored.order_id);
    if (order === undefined)
      throw new SettlementError(`report ${stored.execution_id} names an unknown order ${stored.order_id}`);
    const report = stored.payload;
    b.settled.push(stored.execution_id);
    if (isTerminal(order.status)) {
      b.results.set(stored.execution_id, "ignored");
      o.ignored?.add(order.id);
      continue;
    }
    b.results.set(stored.execution_id, "settled");
    b.changed.add(order.id);
    if (report.type === "trade") trade(b, order, report, await catalog.get(order.symbol));
    else if (report.type === "accepted") open(b, order);
    else close(b, order, report.type, report.reason ?? null);
  }
  for (const [id, c] of o.close ?? []) {
    const order = orders.get(id);
    if (order === undefined || order.status !== "pending") continue;
    b.changed.add(id);
    close(b, order, c.status, c.reason);
  }
  for (const order of o.openPending ? orders.values() : []) {
    if (order.status !== "pending") continue;
    b.changed.add(order.id);
    open(b, order);
  }
  if (b.steps.length === 0 && b.settled.length === 0) return b.results;
  const pairs = positionKeys(b.positions);
  const keys = balanceKeys(b.journals);
  const locked = await lockBalancesAndPositions(trx, keys, pairs);
  // A position created by a transaction that committed while this one waited for the balances
  // (it moved the same account's balances) is not in that statement's snapshot: read them again.
  if (locked.positions.length < pairs.length) locked.positions = await lockPositions(trx, pairs);
  const { moved, deltas } = await lockBalances(trx, b.journals, keys, locked.balances);
  const movedOf = new Map(b.journals.map((j, i) => [j.id, moved[i] ?? []]));
  const positions = nextPositions(b.positions, pairs, locked.positions);
  // Fills of one account and symbol settle one transaction after the other (their balance and
  // position rows are locked by now), so ids made here rise in the order positions apply them.
  for (const fill of b.fills) fill.id = newId();
  for (const k of b.removals) await removeJob(trx, k);

  // Events per account, in report order; each journal's user balances after it.
  const events = new EventBatch();
  for (const step of b.steps) {
    const balances = step.journal === undefined ? [] : (movedOf.get(step.journal.id) ?? []);
    if (step.fill !== undefined) events.add(step.accountId, "fill.created", fillView(step.fill));
    for (const e of step.events) events.add(step.accountId, e.type, e.payload);
    for (const m of balances) if (!m.is_system) events.add(step.accountId, "balance.updated", m.view);
  }
  const entries = b.journals.flatMap((j) =>
    j.lines.map((l) => ({
      id: newId(),
      journal_id: j.id,
      account_id: l.accountId,
      asset: l.asset,
      bucket: l.bucket,
      amount: l.amount.toFixed(),
      kind: j.kind,
      order_id: j.orderId,
    })),
  );
  const changed = [...b.changed].map((id) => {
    const o = orders.get(id) as LockedOrder;
    return {
      id,
      status: o.status,
      filled_quantity: o.filled_quantity,
      average_fill_price: o.average_fill_price,
      hold_amount: o.hold_amount,
      reject_reason: o.reject_reason,
      updated_at: o.updated_at,
    };
  });
  // One text whatever the batch (a named prepared statement, planned once per connection). With
  // no fill to notify, add_jobs is not called: even with no jobs it costs ~1-2 ms and sends a
  // NOTIFY that wakes every worker to find nothing.
  const notifyIds = b.notify.map((f) => f.id);
  const notify = sql`case when cardinality(${notifyIds}::uuid[]) > 0 then (select count(*) from graphile_worker.add_jobs(
          (select array_agg(row(${NOTIFY_TASK}::text, json_build_object('fill_id', id), null::text,
            null::timestamptz, 10::smallint, null::text, null::smallint, null::text[])::graphile_worker.job_spec)
           from unnest(${notifyIds}::uuid[]) as id))) else 0 end`;
  const result = await sql<{ seqs: [string, string | number][] | null }>`/* prepared: settle-write */
    with moved as (
      update balances b set available = b.available + d.available, held = b.held + d.held, updated_at = now()
      from jsonb_to_recordset(${json(deltas)}::jsonb) as d (account_id uuid, asset text, available numeric, held numeric)
      where b.account_id = d.account_id and b.asset = d.asset
        and b.account_id = any(${deltas.map((d) => d.account_id)}::uuid[])
    ), ledger as (
      insert into ledger_entries (id, journal_id, account_id, asset, bucket, amount, kind, order_id)
      select id, journal_id, account_id, asset, bucket, amount, kind, order_id
      from jsonb_to_recordset(${json(entries)}::jsonb) as e (id uuid, journal_id uuid, account_id uuid,
        asset text, bucket text, amount numeric, kind text, order_id uuid)
    ), changed as (
      update orders o set status = c.status, filled_quantity = c.filled_quantity,
        average_fill_price = c.average_fill_price, hold_amount = c.hold_amount,
        reject_reason = c.reject_reason, updated_at = c.updated_at
      from jsonb_to_recordset(${json(changed)}::jsonb) as c (id uuid, status text, filled_quantity numeric,
        average_fill_price numeric, hold_amount numeric, reject_reason text, updated_at timestamptz)
      where o.id = c.id and o.id = any(${changed.map((c) => c.id)}::uuid[])
    ), fills as (
      insert into fills (id, execution_id, order_id, account_id, symbol, side, quantity, price, fee,
        fee_asset, liquidity, executed_at)
      select * from jsonb_to_recordset(${json(b.fills)}::jsonb) as f (id uuid, execution_id text,
        order_id uuid, account_id uuid, symbol text, side text, quantity numeric, price numeric, fee numeric,
        fee_asset text, liquidity text, executed_at timestamptz)
    ), positions as (
      insert into positions (account_id, symbol, quantity, average_entry_price, realized_pnl)
      select * from jsonb_to_recordset(${json(positions)}::jsonb) as p (account_id uuid, symbol text,
        quantity numeric, average_entry_price numeric, realized_pnl numeric)
      on conflict (account_id, symbol) do update set quantity = excluded.quantity,
        average_entry_price = excluded.average_entry_price, realized_pnl = excluded.realized_pnl,
        updated_at = now()
    ), settled as (
      update execution_reports set settled_at = now() where execution_id = any(${b.settled}::text[])
    ), ${events.appendSql()}
    select ${notify} as jobs, ${EventBatch.SEQS} as seqs`.execute(trx);
  events.collect(trx, result.rows[0]?.seqs ?? null);
  return b.results;
}
