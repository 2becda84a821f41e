// One instrument's matching engine: pure and synchronous. Each operation returns the events it
// caused, in order; queries read the current state.
import type { EngineEvent } from "./events.ts";
import { armStop, execute, runTriggered, wouldTake } from "./execute.ts";
import { Group } from "./group.ts";
import type { Ladder } from "./ladder.ts";
import { NO_PRICE, OrderNode } from "./order.ts";
import { DEFAULT_RETAINED, EngineState } from "./state.ts";
import { startTrail } from "./trailing.ts";
import type {
  Depth,
  DepthLevel,
  EngineOptions,
  GroupRequest,
  OrderRequest,
  OrderView,
  RejectReason,
  ReplaceRequest,
} from "./types.ts";
import { groupProblem, orderProblem, replaceProblem } from "./validate.ts";

export class MatchingEngine {
  private readonly state: EngineState;

  constructor(options: EngineOptions = {}) {
    const retain = options.retainFinishedOrders ?? DEFAULT_RETAINED;
    if (!Number.isSafeInteger(retain) || retain < 0) {
      throw new RangeError(`retainFinishedOrders must be a whole number >= 0 (got ${retain})`);
    }
    const own = new Map(Object.entries(options.retainFinishedOrdersOf ?? {}));
    for (const [owner, n] of own) {
      if (!Number.isSafeInteger(n) || n < 0) {
        throw new RangeError(`retainFinishedOrdersOf[${owner}] must be a whole number >= 0 (got ${n})`);
      }
    }
    this.state = new EngineState(retain, own);
  }

  submit(request: OrderRequest): EngineEvent[] {
    const state = this.state;
    const events: EngineEvent[] = [];
    if (state.orders.has(request.id)) {
      events.push({ type: "rejected", orderId: request.id, reason: "duplicate_order_id" });
      return events;
    }
    // A post-only order that would take is refused before it touches the book, so it never trades.
    const problem =
      orderProblem(request) ??
      (request.postOnly === true && wouldTake(state, request.side, request.price ?? NO_PRICE)
        ? "post_only"
        : undefined);
    if (problem !== undefined) {
      this.#reject(new OrderNode(request), problem, events);
      return events;
    }
    const order = this.#accept(request, events);
    if (order.isTrailing) startTrail(state, order, events);
    if (order.isStop) armStop(state, order, events);
    else execute(state, order, events);
    runTriggered(state, events);
    return events;
  }

  /**
   * Submits an order class in one step: its entry (if any) and its exit legs are accepted
   * together, or all rejected (an id already known: `duplicate_order_id` for that one, the class
   * refused as `invalid_order`). Exits with nothing to close yet are `held`.
   */
  submitGroup(request: GroupRequest): EngineEvent[] {
    const state = this.state;
    const events: EngineEvent[] = [];
    const all = [...(request.entry === undefined ? [] : [request.entry]), ...request.exits];
    const problem = groupProblem(request, (id) => state.orders.has(id));
    if (problem !== undefined) {
      for (const r of all) {
        if (state.orders.has(r.id))
          events.push({ type: "rejected", orderId: r.id, reason: "duplicate_order_id" });
        else this.#reject(new OrderNode(r), problem, events);
      }
      return events;
    }
    const entry = request.entry === undefined ? null : this.#accept(request.entry, events);
    const exits = request.exits.map((r) => this.#accept(r, events));
    const armed = entry === null ? (exits[0]?.quantity ?? 0) : 0;
    const group = new Group(request.orderClass, entry, exits, armed);
    for (const node of [...(entry === null ? [] : [entry]), ...exits]) node.group = group;
    for (const leg of exits) {
      leg.status = "held";
      leg.remaining = 0;
      state.syncing.push(leg);
    }
    if (entry !== null) execute(state, entry, events);
    runTriggered(state, events);
    return events;
  }

  #accept(request: OrderRequest, events: EngineEvent[]): OrderNode {
    const order = new OrderNode(request);
    this.state.orders.set(order.id, order);
    events.push({
      type: "accepted",
      orderId: order.id,
      owner: order.owner,
      side: order.side,
      orderType: order.type,
      timeInForce: order.timeInForce,
      quantity: order.quantity,
      price: order.price === NO_PRICE ? null : order.price,
      triggerPrice: order.triggerPrice === NO_PRICE ? null : order.triggerPrice,
    });
    return order;
  }

  #reject(order: OrderNode, reason: RejectReason, events: EngineEvent[]): void {
    events.push({ type: "rejected", orderId: order.id, reason });
    // Remembered like any finished order, so the id cannot come back to life.
    if (typeof order.id === "string" && order.id !== "") {
      order.status = "rejected";
      order.remaining = 0;
      this.state.orders.set(order.id, order);
      this.state.finish(order);
    }
  }

  cancel(orderId: string): EngineEvent[] {
    return this.#end(orderId, "user");
  }

  /** Ends a live order because its time ran out (a GTD order): cancelled with reason gtd_expiry. */
  expire(orderId: string): EngineEvent[] {
    return this.#end(orderId, "gtd_expiry");
  }

  #end(orderId: string, reason: "user" | "gtd_expiry"): EngineEvent[] {
    const order = this.state.orders.get(orderId);
    if (order === undefined || order.isTerminal) {
      const refusal = order === undefined ? "unknown_order" : "not_live";
      return [{ type: "cancel_rejected", orderId, reason: refusal }];
    }
    const events: EngineEvent[] = [];
    this.state.detach(order);
    // An exit leg's cancelled quantity is what it will no longer close (a held leg has none open).
    if (order.group !== null && order !== order.group.entry) order.remaining = order.quantity - order.filled;
    this.state.cancel(order, reason, events);
    runTriggered(this.state, events);
    return events;
  }

  /**
   * Changes a live order. Lowering only the quantity keeps its place in the queue; any other change
   * re-queues it at the back, where a limit order that now crosses trades at once.
   */
  replace(orderId: string, changes: ReplaceRequest): EngineEvent[] {
    const state = this.state;
    const order = state.orders.get(orderId);
    if (order === undefined || order.isTerminal) {
      const reason = order === undefined ? "unknown_order" : "not_live";
      return [{ type: "replace_rejected", orderId, reason }];
    }
    if (order.group !== null) return [{ type: "replace_rejected", orderId, reason: "in_order_class" }];
    const problem = replaceProblem(order, changes);
    if (problem !== undefined) return [{ type: "replace_rejected", orderId, reason: problem }];
    const quantity = changes.quantity ?? order.quantity;
    const price = changes.price ?? order.price;
    if (order.postOnly && price !== order.price && wouldTake(state, order.side, price)) {
      return [{ type: "replace_rejected", orderId, reason: "post_only" }];
    }
    const triggerPrice = changes.triggerPrice ?? order.triggerPrice;
    const keep = quantity <= order.quantity && price === order.price && triggerPrice === order.triggerPrice;
    const events: EngineEvent[] = [];
    if (keep) {
      const decrease = order.quantity - quantity;
      order.quantity = quantity;
      order.remaining -= decrease;
      if (order.level !== null) order.level.total -= decrease;
    } else {
      // Out of every book until it is re-armed, executed or rested below.
      state.detach(order);
      state.dayOrders.delete(order);
      order.quantity = quantity;
      order.remaining = quantity - order.filled;
      order.price = price;
      order.triggerPrice = triggerPrice;
    }
    events.push({
      type: "replaced",
      orderId,
      quantity: order.quantity,
      price: order.price === NO_PRICE ? null : order.price,
      triggerPrice: order.triggerPrice === NO_PRICE ? null : order.triggerPrice,
      remaining: order.remaining,
      priorityKept: keep,
    });
    if (!keep) {
      if (order.isStop && !order.triggered) armStop(state, order, events);
      else execute(state, order, events);
      runTriggered(state, events);
    }
    return events;
  }

  /** Cancels every live day order, resting or waiting for its trigger (the venue calls it at session end). */
  expireDayOrders(): EngineEvent[] {
    const state = this.state;
    const events: EngineEvent[] = [];
    for (const order of [...state.dayOrders]) {
      if (order.isTerminal) continue;
      state.detach(order);
      state.cancel(order, "day_expiry", events);
    }
    runTriggered(state, events);
    return events;
  }

  bestBid(): number | undefined {
    return this.state.bids.best()?.price;
  }

  bestAsk(): number | undefined {
    return this.state.asks.best()?.price;
  }

  /** Aggregated levels, best first, at most `levels` per side. */
  depth(levels = 10): Depth {
    return { bids: top(this.state.bids, levels), asks: top(this.state.asks, levels) };
  }

  /** A live order, or a finished one still retained (see EngineOptions.retainFinishedOrders). */
  order(orderId: string): OrderView | undefined {
    return this.state.orders.get(orderId)?.view();
  }

  lastTradePrice(): number | undefined {
    return this.state.lastPrice === 0 ? undefined : this.state.lastPrice;
  }

  /** Orders resting in the book (visible in depth). */
  restingOrderCount(): number {
    return this.state.bids.orderCount + this.state.asks.orderCount;
  }

  /** Stop orders waiting for their trigger (not in the book, not in depth), trailing stops included. */
  pendingStopCount(): number {
    let unmarked = 0;
    for (const order of this.state.trailing) if (order.level === null) unmarked += 1;
    return this.state.buyStops.orderCount + this.state.sellStops.orderCount + unmarked;
  }
}

function top(ladder: Ladder, count: number): DepthLevel[] {
  const out: DepthLevel[] = [];
  for (let i = ladder.levels.length - 1; i >= 0 && out.length < count; i--) {
    const level = ladder.levels[i];
    if (level !== undefined) out.push({ price: level.price, quantity: level.total, orders: level.count });
  }
  return out;
}
