// Executing an incoming (or triggered, or re-priced) order against the book: price-time priority,
// fill-or-kill, self-trade prevention, what happens to the remainder, and firing stop orders.
import type { EngineEvent } from "./events.ts";
import { checkGroup, groupTraded, legExhausted, syncLeg } from "./group.ts";
import type { Ladder } from "./ladder.ts";
import { NO_BUDGET, NO_PRICE, type OrderNode } from "./order.ts";
import type { EngineState } from "./state.ts";
import { followTrade } from "./trailing.ts";
import { MAX_INTEGER } from "./types.ts";

/** The worst price the order may trade at; an unprotected market order has none. */
function limitOf(order: OrderNode): number {
  if (order.price !== NO_PRICE) return order.price;
  return order.side === "buy" ? MAX_INTEGER : 1;
}

/**
 * Runs one order that is in no book: trades what crosses, then cancels or rests the rest. Stop
 * orders fired on the way are queued; `runTriggered` executes them afterwards.
 */
export function execute(state: EngineState, order: OrderNode, events: EngineEvent[]): void {
  const limit = limitOf(order);
  const opposite = order.side === "buy" ? state.asks : state.bids;
  if (order.timeInForce === "fok" && !canFillAll(opposite, order, limit)) {
    state.cancel(order, "fok", events);
    return;
  }
  const selfTrade = match(state, opposite, order, limit, events);
  if (order.remaining === 0) {
    if (order.group !== null && order !== order.group.entry) legExhausted(state, order, events);
    else state.fill(order, events);
  } else if (selfTrade) state.cancel(order, "self_trade", events);
  else if (spent(opposite, order, limit)) state.cancel(order, "notional_spent", events);
  else if (order.isMarket) state.cancel(order, "market_remainder", events);
  else if (order.timeInForce === "ioc" || order.timeInForce === "fok") {
    state.cancel(order, order.timeInForce, events);
  } else rest(state, order, events);
}

/** Whether a limit order at `price` would trade with the best opposite order, were it to arrive now. */
export function wouldTake(state: EngineState, side: OrderNode["side"], price: number): boolean {
  const best = (side === "buy" ? state.asks : state.bids).best();
  if (best === undefined) return false;
  return side === "buy" ? best.price <= price : best.price >= price;
}

/** A notional order stopped by its budget: the best level it may reach costs more than one lot it can afford. */
function spent(opposite: Ladder, order: OrderNode, limit: number): boolean {
  if (order.budget === NO_BUDGET) return false;
  const best = opposite.levels[opposite.levels.length - 1];
  return (
    order.budget === 0 ||
    (best !== undefined && best.key >= opposite.direction * limit && best.price > order.budget)
  );
}

function rest(state: EngineState, order: OrderNode, events: EngineEvent[]): void {
  if (!state.bookOf(order).append(order, order.price)) {
    state.cancel(order, "level_capacity", events);
    return;
  }
  order.status = order.filled === 0 ? "open" : "partially_filled";
  if (order.timeInForce === "day") state.dayOrders.add(order);
}

/**
 * Whether the order could fill completely right now: the liquidity it would reach before its
 * limit, or before one of its owner's own orders stops it, covers its quantity.
 */
function canFillAll(opposite: Ladder, order: OrderNode, limit: number): boolean {
  const limitKey = opposite.direction * limit;
  let available = 0;
  for (let i = opposite.levels.length - 1; i >= 0; i--) {
    const level = opposite.levels[i];
    if (level === undefined || level.key < limitKey) return false;
    for (let maker = level.head; maker !== null; maker = maker.next) {
      if (maker.owner === order.owner) return false;
      available += maker.remaining;
      if (available >= order.remaining) return true;
    }
  }
  return false;
}

/**
 * Trades the taker against the opposite side best level first, oldest order first. Returns true
 * when it stopped at one of its owner's own orders: the taker's remainder is then to be cancelled
 * (cancel newest), and the resting order is left as it was.
 */
function match(
  state: EngineState,
  opposite: Ladder,
  taker: OrderNode,
  limit: number,
  events: EngineEvent[],
): boolean {
  const levels = opposite.levels;
  const limitKey = opposite.direction * limit;
  while (taker.remaining > 0) {
    const level = levels[levels.length - 1];
    if (level === undefined || level.key < limitKey) return false;
    const maker = level.head;
    if (maker === null) return false;
    if (maker.owner === taker.owner) return true;
    let quantity = Math.min(maker.remaining, taker.remaining);
    if (taker.budget !== NO_BUDGET) {
      // price × lots <= budget <= 2^53 - 1: the product stays an exact integer.
      quantity = Math.min(quantity, Math.floor(taker.budget / level.price));
      if (quantity === 0) return false;
      taker.budget -= quantity * level.price;
    }
    maker.remaining -= quantity;
    maker.filled += quantity;
    taker.remaining -= quantity;
    taker.filled += quantity;
    level.total -= quantity;
    state.tradeSeq += 1;
    events.push({
      type: "trade",
      seq: state.tradeSeq,
      price: level.price,
      quantity,
      makerOrderId: maker.id,
      takerOrderId: taker.id,
      makerOwner: maker.owner,
      takerOwner: taker.owner,
      aggressor: taker.side,
      makerRemaining: maker.remaining,
      takerRemaining: taker.remaining,
    });
    if (maker.remaining === 0) {
      opposite.shiftBest(level, maker);
      if (maker.group !== null && maker !== maker.group.entry) legExhausted(state, maker, events);
      else state.fill(maker, events);
    } else {
      maker.status = "partially_filled";
    }
    // At once, before the next trade: an exit's partner must not fill what this one just closed.
    if (maker.group !== null) groupTraded(state, maker, quantity);
    if (taker.group !== null) groupTraded(state, taker, quantity);
    onTrade(state, level.price, events);
  }
  return false;
}

/**
 * Records the last price, moves the trailing stops' marks it betters, and moves every stop order
 * it fires, in firing order, to the queue.
 */
function onTrade(state: EngineState, price: number, events: EngineEvent[]): void {
  state.lastPrice = price;
  if (state.trailing.size !== 0) followTrade(state, price, events);
  if (state.buyStops.orderCount !== 0) fire(state, state.buyStops, price);
  if (state.sellStops.orderCount !== 0) fire(state, state.sellStops, price);
}

/**
 * Within one trade, stops fire nearest trigger first (buy stops lowest first, sell stops highest
 * first), and in time order at one trigger price.
 */
function fire(state: EngineState, stops: Ladder, price: number): void {
  while (stops.reaches(price)) {
    const level = stops.best();
    const stop = level?.head;
    if (level === undefined || stop === null || stop === undefined) return;
    stops.shiftBest(level, stop);
    fired(state, stop, price);
  }
}

function fired(state: EngineState, stop: OrderNode, price: number): void {
  if (stop.isTrailing) state.trailing.delete(stop);
  stop.triggered = true;
  stop.firedAt = price;
  stop.status = "open";
  state.triggered.push(stop);
}

/** Puts a stop order in the stop book, or fires it at once when the last price already reached it. */
export function armStop(state: EngineState, stop: OrderNode, events: EngineEvent[]): void {
  const stops = state.stopsOf(stop);
  const last = state.lastPrice;
  if (stop.isTrailing) {
    state.trailing.add(stop);
    // No market price yet: it waits outside the stop book until a trade sets its mark.
    if (stop.triggerPrice === NO_PRICE) {
      if (stop.trail !== null && !stop.trail.queued) {
        stop.trail.queued = true;
        state.unmarked.push(stop);
      }
      stop.status = "pending_trigger";
      if (stop.timeInForce === "day") state.dayOrders.add(stop);
      return;
    }
  }
  if (last !== 0 && stops.direction * stop.triggerPrice >= stops.direction * last) {
    fired(state, stop, last);
    return;
  }
  if (!stops.append(stop, stop.triggerPrice)) {
    state.cancel(stop, "level_capacity", events);
    return;
  }
  stop.status = "pending_trigger";
  if (stop.trail !== null && !stop.trail.queued) {
    stop.trail.queued = true;
    state.marksOf(stop).push(stop);
  }
  if (stop.timeInForce === "day") state.dayOrders.add(stop);
}

/**
 * Executes fired stops one after the other; they may fire more. It ends because a stop fires at
 * most once and no stop is added to the stop book meanwhile.
 */
export function runTriggered(state: EngineState, events: EngineEvent[]): void {
  const queue = state.triggered;
  for (;;) {
    if (state.triggeredHead < queue.length) {
      const stop = queue[state.triggeredHead];
      state.triggeredHead += 1;
      // A fired exit leg whose partner closed everything meanwhile is held, not executed.
      if (stop === undefined || stop.status === "held" || stop.isTerminal) continue;
      if (stop.timeInForce === "day") state.dayOrders.delete(stop);
      events.push({ type: "triggered", orderId: stop.id, lastPrice: stop.firedAt });
      execute(state, stop, events);
    } else if (state.syncing.length > 0) {
      const leg = state.syncing.shift();
      if (leg !== undefined && syncLeg(leg)) arm(state, leg, events);
    } else if (state.groupChecks.length > 0) {
      const group = state.groupChecks.shift();
      if (group !== undefined) checkGroup(state, group, events);
    } else break;
  }
  queue.length = 0;
  state.triggeredHead = 0;
}

/** Puts an exit leg that now has something to close to work: a stop waits for its trigger, a limit executes. */
export function arm(state: EngineState, leg: OrderNode, events: EngineEvent[]): void {
  if (leg.isStop && !leg.triggered) armStop(state, leg, events);
  else execute(state, leg, events);
}
