// The venue: one matching engine per market, orders addressed by the OMS's id (the client order
// id), idempotent submission, market data, and execution reports handed to delivery. One class
// over 300 lines: every venue operation takes the same market lookup and report hand-off, and
// splitting them would spread one state machine over several files.
import { randomBytes } from "node:crypto";
import { Decimal } from "decimal.js";
import {
  type EngineEvent,
  FinishedRing,
  MatchingEngine,
  type OrderClass,
  type OrderRequest,
  type OrderType,
  type OrderView,
  type Side,
  type TimeInForce,
} from "./engine/index.ts";
import { ExpiryClock } from "./expiry.ts";
import { fromSteps, MARKETS, type Market, toSteps } from "./markets.ts";
import { type ExecutionReport, reportsOf } from "./reports.ts";
import { TrailReports } from "./trail-reports.ts";
import { RollingVolume } from "./volume.ts";

export interface SubmitRequest {
  client_order_id: string;
  owner: string;
  symbol: string;
  side: Side;
  type: OrderType;
  time_in_force: TimeInForce;
  quantity: string;
  price?: string | undefined;
  trigger_price?: string | undefined;
  trail_price?: string | undefined;
  /** A percentage, "1.25" for 1.25 %: the engine takes it in millionths of the price. */
  trail_percent?: string | undefined;
  /** An order class: this order is its entry (bracket, oto) or its limit leg (oco); `legs` the other orders. */
  order_class?: OrderClass | undefined;
  legs?: LegRequest[] | undefined;
  /** Limit orders: rejected (`post_only`) instead of taking liquidity. */
  post_only?: boolean | undefined;
  /** Required with time in force gtd (RFC 3339): the venue expires the order at this instant. */
  expire_at?: string | undefined;
  /**
   * Market ioc orders: trade for at most this much of the quote asset (rounded down to a tick
   * times a lot); `quantity` still bounds the lots.
   */
  notional?: string | undefined;
}

export interface LegRequest {
  client_order_id: string;
  side: Side;
  type: OrderType;
  time_in_force: TimeInForce;
  quantity: string;
  price?: string | undefined;
  trigger_price?: string | undefined;
}

/** The step of a trailing stop's percentage on the wire: 0.0001 % is one millionth. */
const TRAIL_PERCENT_STEP = "0.0001";

export class VenueError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = "VenueError";
    this.status = status;
  }
}

export interface PublicTrade {
  /** The engine's trade sequence: increases by one per trade in a market. */
  id: number;
  price: string;
  quantity: string;
  side: Side;
  ts: string;
}

interface Book {
  market: Market;
  engine: MatchingEngine;
  trades: PublicTrade[];
  /** Lots traded over the last 24 hours (the ticker's volume). */
  volume: RollingVolume;
  /**
   * OMS orders of this market that finished, oldest first out: the same sequence, and the same
   * capacity, as the engine's own ring for them, so the venue forgets an order exactly when its
   * engine does (an order is never known here yet no longer queryable there).
   */
  finished: FinishedRing;
}

/** Owner of the venue's own orders (liquidity provider): never reported to the OMS. */
export const HOUSE_OWNER = "venue-liquidity";

const TRADES_KEPT = 1_000;

/**
 * Finished OMS orders remembered per market — their id → market mapping, their engine view and
 * their execution reports — on top of every live order, which is never forgotten. A finished
 * order must outlive the OMS's chance to learn how it ended: the webhook, else the reconciler
 * (every minute, orders quiet for 5 s), which takes an order the venue does not know for one lost
 * in a restart and closes it without its fills. The bound covers more than a reconciler cycle at
 * the order-entry rate the OMS is built for, all in one market, and hours to days of ordinary
 * use; a finished order is kept small (its reports as one JSON text). Memory per market at this
 * bound: docs/benchmarks.md.
 */
export const FINISHED_ORDERS_KEPT = 250_000;

/**
 * Finished orders of the liquidity provider kept per market, in an engine ring of their own so its
 * re-quoting (2 × depth orders per market per refresh) never pushes OMS orders out. Nothing reads
 * them once finished (the venue keeps no mapping and no reports for them); the figure is only a
 * short look-back for debugging: 100 refreshes of the default 5-level quotes.
 */
export const HOUSE_FINISHED_ORDERS_KEPT = 1_000;

/** Both at least 1: a submit answers with its order's view, even when the order finished at once. */
export interface VenueOptions {
  /** Finished OMS orders remembered per market. Default FINISHED_ORDERS_KEPT. */
  finishedOrdersKept?: number;
  /** Finished liquidity-provider orders kept per market. Default HOUSE_FINISHED_ORDERS_KEPT. */
  houseFinishedOrdersKept?: number;
}

/** The order an event ends, if it ends one ("duplicate" rejects are about another, older order). */
function endedBy(e: EngineEvent): string | undefined {
  if (e.type === "filled" || e.type === "cancelled") return e.orderId;
  if (e.type === "rejected" && e.reason !== "duplicate_order_id" && e.orderId !== "") return e.orderId;
  return undefined;
}

function atLeastOne(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new RangeError(`${name} must be a whole number >= 1 (got ${value})`);
  return value;
}

/** A notional in the engine's quote units (one tick times one lot), rounded down; 422 when out of range. */
function budgetOf(notional: string, market: Market): number {
  const units = new Decimal(notional).div(new Decimal(market.tickSize).times(market.lotSize)).floor();
  if (units.lt(1) || units.gt(Number.MAX_SAFE_INTEGER))
    throw new VenueError(422, `notional ${notional} is below one lot at one tick, or too large`);
  return units.toNumber();
}

/** A GTD order's expiry (ms since the epoch); a 422 when it is missing or malformed, or not GTD. */
function expiryOf(r: SubmitRequest): number | undefined {
  if (r.time_in_force !== "gtd") {
    if (r.expire_at !== undefined)
      throw new VenueError(422, "expire_at is only allowed with time_in_force gtd");
    return undefined;
  }
  const at = r.expire_at === undefined ? Number.NaN : Date.parse(r.expire_at);
  if (Number.isNaN(at)) throw new VenueError(422, "time_in_force gtd needs expire_at, an RFC 3339 date-time");
  return at;
}

export class Venue {
  /** Random per start: execution ids never repeat across restarts. */
  readonly boot = randomBytes(6).toString("hex");
  readonly #books = new Map<string, Book>();
  /**
   * OMS orders this venue knows, by client order id → symbol: every live one and the last
   * `finishedOrdersKept` finished ones per market. Also what makes submit idempotent.
   */
  readonly #orders = new Map<string, string>();
  /** Hands reports to delivery; `answered`: copies of reports a submit returned (see submit). */
  readonly #emit: (reports: ExecutionReport[], answered: ExecutionReport[]) => void;
  /**
   * Reports per OMS order, for reconciliation; an entry goes when its order leaves `#orders`. A
   * finished order's reports are kept as one JSON text, parsed when asked for: one heap object
   * instead of about fifteen, which is what a major GC's marking pays for (`#reports`).
   */
  readonly #executions = new Map<string, ExecutionReport[] | string>();
  /** Trailing stops' moves, at most one report per order per second (trail-reports.ts). */
  readonly #trails: TrailReports;
  /** Expires GTD orders on the venue's own clock. */
  readonly #expiries = new ExpiryClock((ids) => {
    for (const id of ids) this.#expireDue(id);
  });

  constructor(
    emit: (reports: ExecutionReport[], answered: ExecutionReport[]) => void,
    markets: readonly Market[] = MARKETS,
    options: VenueOptions = {},
  ) {
    this.#emit = emit;
    this.#trails = new TrailReports((report) => {
      if (!this.#orders.has(report.order_id)) return;
      this.#keep(report);
      this.#emit([report], []);
    });
    const kept = atLeastOne("finishedOrdersKept", options.finishedOrdersKept ?? FINISHED_ORDERS_KEPT);
    const houseKept = atLeastOne(
      "houseFinishedOrdersKept",
      options.houseFinishedOrdersKept ?? HOUSE_FINISHED_ORDERS_KEPT,
    );
    for (const market of markets) {
      this.#books.set(market.symbol, {
        market,
        engine: new MatchingEngine({
          retainFinishedOrders: kept,
          retainFinishedOrdersOf: { [HOUSE_OWNER]: houseKept },
        }),
        trades: [],
        volume: new RollingVolume(),
        finished: new FinishedRing(kept),
      });
    }
  }

  markets(): Market[] {
    return [...this.#books.values()].map((b) => b.market);
  }

  #book(symbol: string): Book {
    const book = this.#books.get(symbol);
    if (book === undefined) throw new VenueError(404, `unknown market ${symbol}`);
    return book;
  }

  /**
   * Records the engine's events (trades, reports) and hands the reports to delivery; returns them.
   * `submitted`: the order these events answer a submit of. If they finish it, its reports are
   * all in the answer and none can follow, so delivery gets them as answered copies.
   */
  #apply(book: Book, events: EngineEvent[], submitted?: string): ExecutionReport[] {
    const ts = new Date();
    for (const e of events) {
      if (e.type !== "trade") continue;
      book.volume.add(ts.getTime(), e.quantity);
      book.trades.push({
        id: e.seq,
        price: fromSteps(e.price, book.market.tickSize),
        quantity: fromSteps(e.quantity, book.market.lotSize),
        side: e.aggressor,
        ts: ts.toISOString(),
      });
    }
    if (book.trades.length > TRADES_KEPT) book.trades.splice(0, book.trades.length - TRADES_KEPT);
    const reports = reportsOf(this.boot, events, book.market, (id) => this.#orders.has(id), ts).filter(
      (r) => r.type !== "trail" || this.#trails.offer(r),
    );
    for (const r of reports) this.#keep(r);
    // After the reports: an order may end, and with a tiny bound be forgotten, in this very batch.
    for (const e of events) {
      const ended = endedBy(e);
      if (ended === undefined || !this.#orders.has(ended)) continue;
      this.#trails.end(ended);
      const mine = this.#executions.get(ended);
      if (mine !== undefined && typeof mine !== "string") this.#executions.set(ended, JSON.stringify(mine));
      const forgotten = book.finished.add(ended);
      if (forgotten !== undefined) {
        this.#orders.delete(forgotten);
        this.#executions.delete(forgotten);
      }
    }
    const answered =
      submitted !== undefined &&
      events.some((e) => endedBy(e) === submitted) &&
      book.engine.order(submitted) !== undefined;
    if (answered) {
      this.#emit(
        reports.filter((r) => r.order_id !== submitted),
        reports.filter((r) => r.order_id === submitted),
      );
    } else {
      this.#emit(reports, []);
    }
    return reports;
  }

  /**
   * Keeps a report for reconciliation. Of a trailing stop's moves only the latest is kept: it
   * carries the mark and trigger as they stand, and a long-lived order keeps no trail of them.
   */
  #keep(r: ExecutionReport): void {
    let mine = this.#reports(r.order_id); // the kept array itself while the order is live
    if (r.type === "trail") mine = mine.filter((x) => x.type !== "trail");
    mine.push(r);
    this.#executions.set(r.order_id, mine);
  }

  /** Every report this venue produced for an order, for reconciliation (a lost webhook). */
  executions(clientOrderId: string): ExecutionReport[] {
    this.#located(clientOrderId);
    return this.#reports(clientOrderId);
  }

  #reports(clientOrderId: string): ExecutionReport[] {
    const kept = this.#executions.get(clientOrderId);
    if (typeof kept !== "string") return kept ?? [];
    return JSON.parse(kept) as ExecutionReport[];
  }

  #steps(value: string | undefined, step: string, field: string): number | undefined {
    if (value === undefined) return undefined;
    const steps = toSteps(value, step);
    if (steps === undefined)
      throw new VenueError(422, `${field} ${value} is not a positive multiple of ${step}`);
    return steps;
  }

  /**
   * Idempotent on client_order_id: a known id returns the order as it is, `created` false.
   * `reports` are the order's own execution reports so far (what the submit itself matched, or
   * for a known id what the venue still keeps of it); they go out by webhook as well, about a
   * second later when this submit finished the order (delivery.ts holds such copies).
   */
  submit(
    r: SubmitRequest,
    owner = r.owner,
  ): { order: OrderView; created: boolean; book: Book; reports: ExecutionReport[] } {
    const book = this.#book(r.symbol);
    const known = book.engine.order(r.client_order_id);
    if (known !== undefined || this.#orders.has(r.client_order_id)) {
      if (known === undefined)
        throw new VenueError(409, `order ${r.client_order_id} is known but no longer queryable`);
      return { order: known, created: false, book, reports: this.#reports(r.client_order_id) };
    }
    const expireAt = expiryOf(r);
    const request: OrderRequest = {
      id: r.client_order_id,
      owner,
      side: r.side,
      type: r.type,
      timeInForce: r.time_in_force,
      quantity: this.#steps(r.quantity, book.market.lotSize, "quantity") ?? 0,
      price: this.#steps(r.price, book.market.tickSize, "price"),
      triggerPrice: this.#steps(r.trigger_price, book.market.tickSize, "trigger_price"),
      trailPrice: this.#steps(r.trail_price, book.market.tickSize, "trail_price"),
      trailPercent: this.#steps(r.trail_percent, TRAIL_PERCENT_STEP, "trail_percent"),
      ...(r.post_only === true ? { postOnly: true } : {}),
      ...(r.notional === undefined ? {} : { quoteBudget: budgetOf(r.notional, book.market) }),
    };
    // A class's legs are converted before anything is recorded: one off the grid refuses it all.
    const exits = (r.legs ?? []).map((l) => this.#legRequest(book, owner, l));
    if (owner !== HOUSE_OWNER) this.#orders.set(r.client_order_id, r.symbol);
    const events = r.order_class === undefined ? book.engine.submit(request) : undefined;
    if (
      events !== undefined &&
      expireAt !== undefined &&
      book.engine.order(r.client_order_id)?.remainingQuantity
    ) {
      // Due already (it arrived late): it expires now, in this answer; else at its instant.
      if (expireAt <= Date.now()) events.push(...book.engine.expire(r.client_order_id));
      else this.#expiries.add(expireAt, r.client_order_id);
    }
    const reports =
      events !== undefined
        ? this.#apply(book, events, r.client_order_id)
        : this.#submitClass(book, r.order_class ?? "oco", request, exits, r.symbol);
    const order = book.engine.order(r.client_order_id);
    if (order === undefined) throw new VenueError(422, `order ${r.client_order_id} was rejected`);
    const own = reports.filter((report) => report.order_id === r.client_order_id);
    return { order, created: true, book, reports: own };
  }

  /** An exit leg of a class as the engine takes it: the parent's owner, its own terms. */
  #legRequest(book: Book, owner: string, l: LegRequest): OrderRequest {
    const { lotSize, tickSize } = book.market;
    return {
      id: l.client_order_id,
      owner,
      side: l.side,
      type: l.type,
      timeInForce: l.time_in_force,
      quantity: this.#steps(l.quantity, lotSize, "quantity") ?? 0,
      price: this.#steps(l.price, tickSize, "price"),
      triggerPrice: this.#steps(l.trigger_price, tickSize, "trigger_price"),
    };
  }

  /**
   * An order class in one engine step. Its legs are known here from now on like any OMS order; the
   * venue reports each one `accepted` first, so the OMS opens them (they are never submitted on
   * their own), then what the class did.
   */
  #submitClass(
    book: Book,
    orderClass: OrderClass,
    main: OrderRequest,
    exits: OrderRequest[],
    symbol: string,
  ): ExecutionReport[] {
    const events = book.engine.submitGroup(
      orderClass === "oco" ? { orderClass, exits: [main, ...exits] } : { orderClass, entry: main, exits },
    );
    const refused = events.some((e) => e.type === "rejected" && e.orderId === main.id);
    const at = new Date().toISOString();
    // Known from now on either way: a refused class's legs are reported rejected with it.
    for (const l of exits) if (!this.#orders.has(l.id)) this.#orders.set(l.id, symbol);
    if (!refused) {
      const accepted: ExecutionReport[] = exits.map((l) => ({
        execution_id: `${l.id}:accepted`,
        order_id: l.id,
        type: "accepted",
        executed_at: at,
      }));
      for (const a of accepted) this.#keep(a);
      this.#emit(accepted, []);
    }
    return this.#apply(book, events, main.id);
  }

  #located(clientOrderId: string): Book {
    const symbol = this.#orders.get(clientOrderId);
    if (symbol === undefined) throw new VenueError(404, `unknown order ${clientOrderId}`);
    return this.#book(symbol);
  }

  get(clientOrderId: string): { order: OrderView; book: Book } {
    const book = this.#located(clientOrderId);
    const order = book.engine.order(clientOrderId);
    if (order === undefined) throw new VenueError(404, `order ${clientOrderId} is no longer queryable`);
    return { order, book };
  }

  cancel(clientOrderId: string): { order: OrderView; book: Book } {
    const book = this.#located(clientOrderId);
    this.#apply(book, book.engine.cancel(clientOrderId));
    return this.get(clientOrderId);
  }

  /**
   * Expires a live order now (the OMS's expiry of a GTD order, which it schedules itself so that
   * expiry survives a restart of either side): reported `expired`, reason gtd_expiry. An order
   * already finished is answered as it is.
   */
  expire(clientOrderId: string): { order: OrderView; book: Book } {
    const book = this.#located(clientOrderId);
    const events = book.engine.expire(clientOrderId);
    if (events.some((e) => e.type === "cancelled")) this.#apply(book, events);
    return this.get(clientOrderId);
  }

  #expireDue(clientOrderId: string): void {
    const symbol = this.#orders.get(clientOrderId);
    const book = symbol === undefined ? undefined : this.#books.get(symbol);
    if (book === undefined) return;
    const events = book.engine.expire(clientOrderId);
    if (events.some((e) => e.type === "cancelled")) this.#apply(book, events);
  }

  /** Stops the expiry clock (the venue is closing). */
  stop(): void {
    // Trailing stops' moves still held are dropped.
    this.#trails.close();
    this.#expiries.stop();
  }

  replace(
    clientOrderId: string,
    changes: { quantity?: string; price?: string },
  ): { order: OrderView; book: Book } {
    const book = this.#located(clientOrderId);
    const events = book.engine.replace(clientOrderId, {
      quantity: this.#steps(changes.quantity, book.market.lotSize, "quantity"),
      price: this.#steps(changes.price, book.market.tickSize, "price"),
    });
    const refused = events.find((e) => e.type === "replace_rejected");
    if (refused !== undefined && "reason" in refused)
      throw new VenueError(409, `replace refused: ${refused.reason}`);
    this.#apply(book, events);
    return this.get(clientOrderId);
  }

  /** For the liquidity provider: its own orders, unreported. */
  house(symbol: string) {
    const book = this.#book(symbol);
    return {
      market: book.market,
      submit: (r: Omit<SubmitRequest, "owner" | "symbol">) =>
        this.submit({ ...r, owner: HOUSE_OWNER, symbol }, HOUSE_OWNER),
      cancel: (id: string) => this.#apply(book, book.engine.cancel(id)),
    };
  }

  expireDayOrders(): number {
    let expired = 0;
    for (const book of this.#books.values()) {
      const events = book.engine.expireDayOrders();
      expired += events.filter((e) => e.type === "cancelled").length;
      this.#apply(book, events);
    }
    return expired;
  }

  ticker(symbol: string) {
    const book = this.#book(symbol);
    const { tickSize } = book.market;
    const bid = book.engine.bestBid();
    const ask = book.engine.bestAsk();
    const last = book.engine.lastTradePrice();
    return {
      symbol,
      bid: bid === undefined ? null : fromSteps(bid, tickSize),
      ask: ask === undefined ? null : fromSteps(ask, tickSize),
      last: last === undefined ? null : fromSteps(last, tickSize),
      volume_24h: fromSteps(book.volume.total(Date.now()), book.market.lotSize),
      ts: new Date().toISOString(),
    };
  }

  book(symbol: string, depth: number) {
    const book = this.#book(symbol);
    const d = book.engine.depth(depth);
    const level = (l: { price: number; quantity: number }) => [
      fromSteps(l.price, book.market.tickSize),
      fromSteps(l.quantity, book.market.lotSize),
    ];
    return { symbol, bids: d.bids.map(level), asks: d.asks.map(level), ts: new Date().toISOString() };
  }

  trades(symbol: string, limit: number): PublicTrade[] {
    return this.#book(symbol).trades.slice(-limit).reverse();
  }

  /** Trades with an id above `afterId`, oldest first (ids increase per market: the engine's trade sequence). */
  tradesAfter(symbol: string, afterId: number): PublicTrade[] {
    const { trades } = this.#book(symbol);
    let i = trades.length;
    while (i > 0 && (trades[i - 1]?.id ?? 0) > afterId) i--;
    return trades.slice(i);
  }
}
