// Settlement's planner, pure: what a set of execution reports does to their orders, computed on the
// locked order rows before anything is written. A trade fills the order (filled quantity, average
// price, status), releases its share of the hold, exchanges base and quote with the venue's
// clearing account and pays the fee to the house, and moves the position; cancels, expiries and
// rejections close the order and release what it holds; an acceptance opens a pending order.
import type { ExecutionReport, FillsTable } from "../executions/executions.table.ts";
import type { Instrument } from "../instruments/instruments.service.ts";
import { assertBalanced, holdLines, type JournalLine } from "../ledger/ledger.service.ts";
import { buyHoldNeeded } from "../orders/orders.rules.ts";
import { isTerminal } from "../orders/orders.table.ts";
import { type OrderRow, orderView } from "../orders/orders.views.ts";
import { Decimal, floorTo } from "../shared/decimal.ts";
import { newId } from "../shared/ids.ts";
import { type FillMoney, fillMoney } from "./fill-money.ts";
import { entryOf, heir, holdBasis, isExit, takeHold } from "./settle.classes.ts";
import { tradeLines } from "./trade-lines.ts";

export type SettleResult = "settled" | "already_settled" | "ignored";

export class SettlementError extends Error {
  override name = "SettlementError";
}

/** An order row locked for settlement, with its account's e-mail address (for the notify job). */
export type LockedOrder = OrderRow & { email: string | null };

/** A stored report, as settlement reads it from the inbox. */
export interface StoredReport {
  execution_id: string;
  order_id: string;
  payload: ExecutionReport;
}

export interface Journal {
  id: string;
  kind: "trade" | "release";
  orderId: string;
  lines: JournalLine[];
}

/** A position change of one fill. */
export interface PositionMove {
  accountId: string;
  symbol: string;
  side: "buy" | "sell";
  quantity: Decimal;
  price: Decimal;
}

/** One event of an account, before it is numbered. */
export interface PlannedEvent {
  type: string;
  payload: unknown;
}

/**
 * One settled report's effects on its account's event log: `fill.created` for `fill`, then
 * `events`, then the balances `journal` moved.
 */
export interface Step {
  accountId: string;
  fill?: FillsTable;
  events: PlannedEvent[];
  journal?: Journal;
}

/** Why routing closes an order it could not place. */
export interface Closing {
  status: "rejected" | "failed";
  reason: string;
}

/** What a set of reports does, computed on locked rows before anything is written. */
export interface SettlementPlan {
  journals: Journal[];
  /** The fills, ids given once the positions are locked (`numberFills`). */
  fills: FillsTable[];
  steps: Step[];
  positions: PositionMove[];
  /** Fills whose account has an e-mail address: each gets a confirmation job. */
  notify: FillsTable[];
  /** Pending orders closed here: their routing job is withdrawn. */
  withdrawRouting: string[];
  /** Execution ids of the reports this plan consumed (settled or ignored). */
  settled: string[];
  results: Map<string, SettleResult>;
  /** Orders whose row changes. */
  changed: Set<string>;
  /** Orders whose reports were ignored: the order was already terminal. */
  ignored: Set<string>;
}

class Planner {
  readonly plan: SettlementPlan = {
    journals: [],
    fills: [],
    steps: [],
    positions: [],
    notify: [],
    withdrawRouting: [],
    settled: [],
    results: new Map(),
    changed: new Set(),
    ignored: new Set(),
  };
  readonly #now: Date;

  constructor(now: Date) {
    this.#now = now;
  }

  #journal(kind: Journal["kind"], orderId: string, lines: JournalLine[]): Journal | undefined {
    const kept = lines.filter((l) => !l.amount.isZero());
    if (kept.length === 0) return undefined;
    assertBalanced(kept);
    const j = { id: newId(), kind, orderId, lines: kept };
    this.plan.journals.push(j);
    return j;
  }

  trade(
    order: LockedOrder,
    report: ExecutionReport,
    instrument: Instrument,
    orders: ReadonlyMap<string, LockedOrder>,
  ): void {
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
    // An exit of a class trades on the class's one hold (taken over from the leg that had it),
    // shared over what the exits may still close together.
    const exit = isExit(order);
    const shared = exit ? holdBasis(order, orders) : open;
    if (exit) for (const moved of takeHold(order, orders)) this.plan.changed.add(moved.id);
    const held = new Decimal(order.hold_amount);
    const money = fillMoney(order, { quantity, price, liquidity: report.liquidity }, instrument);
    const release =
      final || (exit && quantity.gte(shared))
        ? held
        : this.#release(order, { quantity, open: shared, money, instrument });
    const lines = tradeLines({
      order,
      instrument,
      quantity,
      notional: money.notional,
      fee: money.fee,
      release,
    });
    // A bracket's or oto's buy entry: what it bought is held at once for its exits (their one hold).
    const carrier = entryOf(order, orders)?.id === order.id ? heir(order, orders) : undefined;
    if (carrier !== undefined && order.side === "buy") {
      const base = instrument.base_asset;
      lines.push({
        accountId: order.account_id,
        asset: base,
        bucket: "available",
        amount: quantity.negated(),
      });
      lines.push({ accountId: order.account_id, asset: base, bucket: "held", amount: quantity });
      carrier.hold_amount = new Decimal(carrier.hold_amount).plus(quantity).toFixed();
      this.plan.changed.add(carrier.id);
    }
    const journal = this.#journal("trade", order.id, lines);
    const filled = filledBefore.plus(quantity);
    const average = new Decimal(order.average_fill_price ?? 0)
      .times(filledBefore)
      .plus(price.times(quantity))
      .div(filled);
    order.filled_quantity = filled.toFixed();
    order.average_fill_price = average.toFixed();
    order.status = final ? "filled" : "partially_filled";
    order.hold_amount = held.minus(release).toFixed();
    order.filled_notional = money.after.notional.toFixed();
    order.fee_accrued = money.after.feeAccrued.toFixed();
    order.fee_charged = money.after.feeCharged.toFixed();
    order.updated_at = this.#now;
    const fill: FillsTable = {
      id: "",
      execution_id: report.execution_id,
      order_id: order.id,
      account_id: order.account_id,
      symbol: order.symbol,
      side: order.side,
      quantity: quantity.toFixed(),
      price: price.toFixed(),
      fee: money.fee.toFixed(),
      fee_asset: instrument.quote_asset,
      liquidity: report.liquidity,
      executed_at: new Date(report.executed_at),
    };
    this.plan.fills.push(fill);
    this.plan.positions.push({
      accountId: order.account_id,
      symbol: order.symbol,
      side: order.side,
      quantity,
      price,
    });
    // The confirmation e-mail is a job of its own, and only for an account that has an address.
    if (order.email !== null) this.plan.notify.push(fill);
    this.plan.steps.push({
      accountId: order.account_id,
      fill,
      events: [{ type: final ? "order.filled" : "order.updated", payload: orderView(order) }],
      ...(journal === undefined ? {} : { journal }),
    });
  }

  /**
   * What a fill that is not the order's last frees of its hold. A sell frees the quantity sold. A
   * buy frees what the fill charged, and up to its share of the hold (hold × quantity / open
   * quantity, rounded down to the quote's precision) as long as the hold keeps what the open rest
   * can still be charged at the order's limit price (`buyHoldNeeded`); a market or stop buy frees
   * what it charged. Never more than the hold (a fill at a price raised by a replace that is
   * still being recorded takes the rest from the available balance).
   */
  #release(
    order: LockedOrder,
    o: { quantity: Decimal; open: Decimal; money: FillMoney; instrument: Instrument },
  ): Decimal {
    const held = new Decimal(order.hold_amount);
    if (order.side === "sell") return o.quantity;
    const charged = o.money.notional.plus(o.money.fee);
    const share = floorTo(held.times(o.quantity).div(o.open), o.instrument.quote_decimals);
    const free =
      order.price === null
        ? charged
        : Decimal.min(
            share,
            held.minus(
              buyHoldNeeded(o.open.minus(o.quantity), new Decimal(order.price), o.money.after, o.instrument),
            ),
          );
    return Decimal.min(held, Decimal.max(charged, free));
  }

  close(
    order: LockedOrder,
    status: "cancelled" | "expired" | "rejected" | "failed" | "filled",
    reason: string | null,
    orders: ReadonlyMap<string, LockedOrder> = new Map(),
  ) {
    // An exit closing while another exit of its class still works hands the class's hold on to it.
    const next = isExit(order) ? heir(order, orders) : undefined;
    if (next !== undefined) {
      next.hold_amount = new Decimal(next.hold_amount).plus(order.hold_amount).toFixed();
      order.hold_amount = "0";
      this.plan.changed.add(next.id);
    }
    const remaining = new Decimal(order.hold_amount);
    const journal = this.#journal(
      "release",
      order.id,
      holdLines(order.account_id, order.hold_asset, remaining.negated()),
    );
    // A pending order's routing job is withdrawn if no worker has taken it yet.
    if (order.status === "pending") this.plan.withdrawRouting.push(order.id);
    order.status = status;
    order.reject_reason = reason;
    order.hold_amount = "0";
    order.updated_at = this.#now;
    this.plan.steps.push({
      accountId: order.account_id,
      events: [{ type: status === "filled" ? "order.filled" : "order.updated", payload: orderView(order) }],
      ...(journal === undefined ? {} : { journal }),
    });
  }

  /**
   * A trailing stop's mark moved at the venue: the order records it and its trigger. Marks only
   * improve, so a report older than the one recorded (a late copy, a reconciler's read) changes
   * nothing.
   */
  trail(order: LockedOrder, report: ExecutionReport) {
    if (
      order.order_type !== "trailing_stop" ||
      report.hwm === undefined ||
      report.trigger_price === undefined
    ) {
      throw new SettlementError(`trail report ${report.execution_id} is not about a trailing stop's mark`);
    }
    const hwm = new Decimal(report.hwm);
    if (order.hwm !== null && !(order.side === "sell" ? hwm.gt(order.hwm) : hwm.lt(order.hwm))) return;
    order.hwm = hwm.toFixed();
    order.trigger_price = new Decimal(report.trigger_price).toFixed();
    order.updated_at = this.#now;
    this.plan.steps.push({
      accountId: order.account_id,
      events: [{ type: "order.updated", payload: orderView(order) }],
    });
  }

  open(order: LockedOrder) {
    if (order.status !== "pending") return;
    order.status = "open";
    order.updated_at = this.#now;
    this.plan.steps.push({
      accountId: order.account_id,
      events: [{ type: "order.updated", payload: orderView(order) }],
    });
  }
}

/**
 * A notional order that traded for its whole notional (to within one lot) is filled: the venue
 * ends it `notional_spent`, as its quantity was only a bound.
 */
const notionalSpent = (order: LockedOrder, report: ExecutionReport): boolean =>
  order.notional !== null &&
  report.type === "expired" &&
  report.reason === "notional_spent" &&
  new Decimal(order.filled_quantity).gt(0);

/** What the planner is given besides the orders and their reports. */
export interface PlanOptions {
  /** The instruments of the orders' symbols. */
  instruments: ReadonlyMap<string, Instrument>;
  /** Orders to close that are still pending after their reports (routing: refused or given up). */
  close?: ReadonlyMap<string, Closing> | undefined;
  /** Open every order still pending after its reports (routing: the venue accepted them). */
  openPending?: boolean | undefined;
  now?: Date;
}

/**
 * Applies the reports, in inbox order, to the locked orders (their rows are updated in place), then
 * routing's closes and opens. A report about a terminal order is consumed and ignored.
 */
export function planSettlement(
  orders: ReadonlyMap<string, LockedOrder>,
  reports: readonly StoredReport[],
  o: PlanOptions,
): SettlementPlan {
  const p = new Planner(o.now ?? new Date());
  const { plan } = p;
  for (const stored of reports) {
    const order = orders.get(stored.order_id);
    if (order === undefined)
      throw new SettlementError(`report ${stored.execution_id} names an unknown order ${stored.order_id}`);
    const report = stored.payload;
    plan.settled.push(stored.execution_id);
    if (isTerminal(order.status)) {
      plan.results.set(stored.execution_id, "ignored");
      plan.ignored.add(order.id);
      continue;
    }
    plan.results.set(stored.execution_id, "settled");
    plan.changed.add(order.id);
    if (report.type === "trade") {
      const instrument = o.instruments.get(order.symbol);
      if (instrument === undefined) throw new SettlementError(`no instrument ${order.symbol} was given`);
      p.trade(order, report, instrument, orders);
    } else if (report.type === "accepted") p.open(order);
    else if (report.type === "trail") p.trail(order, report);
    else if (notionalSpent(order, report)) p.close(order, "filled", null);
    else p.close(order, report.type, report.reason ?? null, orders);
  }
  for (const [id, c] of o.close ?? []) {
    const order = orders.get(id);
    if (order === undefined || order.status !== "pending") continue;
    plan.changed.add(id);
    p.close(order, c.status, c.reason, orders);
  }
  for (const order of o.openPending ? orders.values() : []) {
    if (order.status !== "pending") continue;
    plan.changed.add(order.id);
    p.open(order);
  }
  return plan;
}
