// Follows an engine through its events and checks, after every operation, the rules that must
// hold whatever the sequence: used by the property tests.
import type {
  EngineEvent,
  MatchingEngine,
  OrderRequest,
  OrderView,
  TradeEvent,
} from "../../../src/venue/engine/index.ts";

interface Tracked {
  request: OrderRequest;
  quantity: number;
  price: number | null;
  triggerPrice: number | null;
  filled: number;
  cancelled: number;
  triggered: boolean;
  /** Trailing stops: the mark the last trail_moved reported. */
  hwm: number | null;
  /** The view as it was when the order ended; it must never change afterwards. */
  final: OrderView | null;
}

interface Queued {
  side: OrderRequest["side"];
  price: number;
  /** The operation after which the order was first seen resting: a smaller stamp is queued earlier. */
  stamp: number;
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

const isStop = (r: OrderRequest) =>
  r.type === "stop" || r.type === "stop_limit" || r.type === "trailing_stop";

export class InvariantChecker {
  private readonly engine: MatchingEngine;
  private readonly orders = new Map<string, Tracked>();
  /** Orders resting in the book as of the end of the previous operation, with their queue stamp. */
  private readonly queued = new Map<string, Queued>();
  private lastSeq = 0;
  private step = 0;
  /** Ids submitted during the current operation, to match `accepted` and `rejected` with requests. */
  private readonly pending = new Map<string, OrderRequest>();

  constructor(engine: MatchingEngine) {
    this.engine = engine;
  }

  ids(): string[] {
    return [...this.orders.keys()];
  }

  liveIds(): string[] {
    return [...this.orders].flatMap(([id, order]) => (order.final === null ? [id] : []));
  }

  submitted(request: OrderRequest): void {
    this.pending.set(request.id, request);
  }

  /** Checks one operation's events and then the engine's whole state. */
  observe(events: EngineEvent[]): void {
    this.step += 1;
    const touched = new Set<string>();
    for (const event of events) this.apply(event, touched);
    this.pending.clear();
    for (const id of touched) {
      const order = this.orders.get(id);
      if (order?.request.timeInForce === "fok" && order.filled > 0) {
        check(order.filled === order.quantity, `FOK ${id} partly filled (${order.filled}/${order.quantity})`);
      }
    }
    this.checkState();
  }

  private apply(event: EngineEvent, touched: Set<string>): void {
    if (event.type === "trade") {
      this.trade(event);
      touched.add(event.takerOrderId);
      return;
    }
    const id = event.orderId;
    touched.add(id);
    const order = this.orders.get(id);
    if (event.type === "accepted" || (event.type === "rejected" && event.reason !== "duplicate_order_id")) {
      const request = this.pending.get(id);
      check(order === undefined && request !== undefined, `${event.type} for unexpected id ${id}`);
      this.orders.set(id, {
        request,
        quantity: request.quantity,
        price: request.price ?? null,
        triggerPrice: request.triggerPrice ?? null,
        filled: 0,
        cancelled: 0,
        triggered: false,
        hwm: null,
        final: null,
      });
      if (event.type === "rejected") this.end(id);
      return;
    }
    if (event.type === "rejected") {
      check(order !== undefined, `duplicate reported for unknown ${id}`);
      return;
    }
    if (event.type === "cancel_rejected" || event.type === "replace_rejected") {
      if (event.reason === "unknown_order") check(order === undefined, `${id} exists but was unknown`);
      if (event.reason === "not_live") check(order?.final !== null, `${id} is live but was refused`);
      return;
    }
    check(order !== undefined && order.final === null, `${event.type} for finished or unknown ${id}`);
    if (event.type === "filled") {
      check(order.filled === order.quantity, `${id} filled at ${order.filled}/${order.quantity}`);
      this.end(id);
    } else if (event.type === "cancelled") {
      check(event.quantity === order.quantity - order.filled, `${id} cancelled ${event.quantity} lots`);
      check(event.quantity > 0, `${id} cancelled with nothing open`);
      if (event.reason === "fok") check(order.filled === 0, `FOK ${id} killed after fills`);
      order.cancelled = event.quantity;
      this.end(id);
    } else if (event.type === "trail_moved") {
      this.trailMoved(order, event.hwm, event.triggerPrice);
    } else if (event.type === "triggered") {
      check(isStop(order.request) && !order.triggered, `${id} triggered twice or not a stop`);
      order.triggered = true;
    } else if (event.type === "replaced") {
      check(event.remaining === event.quantity - order.filled, `${id} replaced with wrong remaining`);
      const onlyShrunk =
        event.quantity <= order.quantity &&
        event.price === order.price &&
        event.triggerPrice === order.triggerPrice;
      check(event.priorityKept === onlyShrunk, `${id} replace kept priority: ${event.priorityKept}`);
      order.quantity = event.quantity;
      order.price = event.price;
      order.triggerPrice = event.triggerPrice;
      if (!event.priorityKept) this.queued.delete(id);
    }
  }

  /**
   * A trailing stop's mark only improves (rises for a sell, falls for a buy), it is the last trade
   * or the mid it started from, and its trigger only moves in the order's favour.
   */
  private trailMoved(order: Tracked, hwm: number, trigger: number): void {
    const { request } = order;
    check(request.type === "trailing_stop" && !order.triggered, `${request.id} trail moved but not waiting`);
    const sign = request.side === "sell" ? 1 : -1;
    if (order.hwm !== null) check(sign * (hwm - order.hwm) > 0, `${request.id} mark ${order.hwm} -> ${hwm}`);
    if (order.triggerPrice !== null) {
      check(
        sign * (trigger - order.triggerPrice) >= 0,
        `${request.id} trigger ${order.triggerPrice} -> ${trigger}`,
      );
    }
    check(
      sign * (hwm - trigger) > 0 || trigger === 1,
      `${request.id} trigger ${trigger} on the wrong side of ${hwm}`,
    );
    order.hwm = hwm;
    order.triggerPrice = trigger;
  }

  private trade(t: TradeEvent): void {
    check(t.seq === this.lastSeq + 1, `trade seq ${t.seq} after ${this.lastSeq}`);
    this.lastSeq = t.seq;
    check(Number.isSafeInteger(t.quantity) && t.quantity > 0, `trade of ${t.quantity} lots`);
    check(t.makerOwner !== t.takerOwner, `self-trade by ${t.takerOwner}`);
    const maker = this.orders.get(t.makerOrderId);
    const taker = this.orders.get(t.takerOrderId);
    check(maker !== undefined && maker.final === null, `maker ${t.makerOrderId} not live`);
    check(taker !== undefined && taker.final === null, `taker ${t.takerOrderId} not live`);
    check(maker.request.side !== taker.request.side && t.aggressor === taker.request.side, "sides");
    check(maker.request.owner === t.makerOwner && taker.request.owner === t.takerOwner, "owners");
    check(maker.price === t.price, `trade at ${t.price} but maker ${t.makerOrderId} is at ${maker.price}`);
    const limit = taker.price;
    if (limit !== null) {
      const within = taker.request.side === "buy" ? t.price <= limit : t.price >= limit;
      check(within, `taker ${t.takerOrderId} limited at ${limit} traded at ${t.price}`);
    }
    this.checkPriority(t);
    maker.filled += t.quantity;
    taker.filled += t.quantity;
    check(t.makerRemaining === maker.quantity - maker.filled, `maker remaining ${t.makerRemaining}`);
    check(t.takerRemaining === taker.quantity - taker.filled, `taker remaining ${t.takerRemaining}`);
  }

  /** No order queued at the maker's price on its side may be ahead of the maker. */
  private checkPriority(t: TradeEvent): void {
    const maker = this.queued.get(t.makerOrderId);
    const side = this.orders.get(t.makerOrderId)?.request.side;
    const stamp = maker?.stamp ?? Number.POSITIVE_INFINITY;
    for (const [id, other] of this.queued) {
      if (id === t.makerOrderId || other.side !== side || other.price !== t.price) continue;
      check(other.stamp >= stamp, `${t.makerOrderId} filled before ${id}, which was queued earlier`);
    }
  }

  private end(id: string): void {
    const view = this.engine.order(id);
    const order = this.orders.get(id);
    check(view !== undefined && order !== undefined, `finished order ${id} cannot be looked up`);
    order.final = view;
    this.queued.delete(id);
  }

  private checkState(): void {
    const engine = this.engine;
    const bid = engine.bestBid();
    const ask = engine.bestAsk();
    check(bid === undefined || ask === undefined || bid < ask, `crossed book: ${bid} >= ${ask}`);
    const last = engine.lastTradePrice();
    const book = { buy: 0, sell: 0 };
    const filled = { buy: 0, sell: 0 };
    let resting = 0;
    let stops = 0;
    for (const [id, order] of this.orders) {
      const view = engine.order(id);
      const side = order.request.side;
      filled[side] += order.filled;
      if (order.final !== null) {
        check(JSON.stringify(view) === JSON.stringify(order.final), `finished ${id} changed`);
        const ended = order.filled + order.cancelled === order.quantity;
        check(order.final.status === "rejected" || ended, `${id}: filled + cancelled != quantity`);
        check(order.final.filledQuantity === order.filled, `${id}: fills differ from its trades`);
        continue;
      }
      check(view !== undefined, `live ${id} cannot be looked up`);
      check(view.filledQuantity === order.filled, `${id} filled ${view.filledQuantity} vs ${order.filled}`);
      check(view.remainingQuantity === order.quantity - order.filled, `${id} remaining`);
      check(view.remainingQuantity > 0, `live ${id} with nothing open`);
      if (isStop(order.request) && !order.triggered) {
        check(view.status === "pending_trigger", `${id} should wait for its trigger`);
        const trigger = order.triggerPrice;
        const due =
          last !== undefined && trigger !== null && (side === "buy" ? last >= trigger : last <= trigger);
        check(view.hwm === order.hwm && view.triggerPrice === trigger, `${id} view differs from its trail`);
        check(!due, `${id} waits at ${trigger} though the last price is ${last}`);
        stops += 1;
        continue;
      }
      const type = order.request.type;
      const tif = order.request.timeInForce;
      check(type !== "market" && type !== "stop" && type !== "trailing_stop", `market-type ${id} rests`);
      check(tif === "gtc" || tif === "day", `${tif} order ${id} rests`);
      book[side] += view.remainingQuantity;
      resting += 1;
      if (!this.queued.has(id)) this.queued.set(id, { side, price: order.price ?? 0, stamp: this.step });
    }
    check(filled.buy === filled.sell, `bought ${filled.buy} but sold ${filled.sell}`);
    const depth = engine.depth(Number.MAX_SAFE_INTEGER);
    const sum = (levels: { quantity: number }[]) => levels.reduce((a, l) => a + l.quantity, 0);
    check(sum(depth.bids) === book.buy && sum(depth.asks) === book.sell, "depth differs from orders");
    check(engine.restingOrderCount() === resting, `resting count ${engine.restingOrderCount()}/${resting}`);
    check(engine.pendingStopCount() === stops, `stop count ${engine.pendingStopCount()}/${stops}`);
    const sorted = (levels: { price: number }[], dir: number) =>
      levels.every((l, i) => i === 0 || dir * (l.price - (levels[i - 1]?.price ?? 0)) > 0);
    check(sorted(depth.bids, -1) && sorted(depth.asks, 1), "depth levels out of order");
  }
}
