// Trailing stops: the trigger trails the best price seen since the order was accepted, the high-
// water mark for a sell (the trigger sits below it) and the low-water mark for a buy (above it).
// The mark starts at the market price on acceptance (the last trade, else the mid) and then
// follows the trades; the trigger is recomputed from it and so only ever moves in the order's
// favour. Until it is crossed the order waits in the stop book like a stop order; then it executes
// as a market order.
import type { EngineEvent } from "./events.ts";
import type { MarkHeap } from "./mark-heap.ts";
import { NO_PRICE, type OrderNode } from "./order.ts";
import type { EngineState } from "./state.ts";
import { MAX_INTEGER, TRAIL_PERCENT_SCALE } from "./types.ts";

const SCALE = BigInt(TRAIL_PERCENT_SCALE);

/**
 * The trigger for a mark: the mark less the trail for a sell, plus it for a buy, the percentage's
 * part rounded up (away from the mark). The product is computed on bigint, as a mark times
 * millionths can leave the safe-integer range; it runs only when a mark moves.
 */
export function triggerFor(node: OrderNode, mark: number): number {
  const trail = node.trail;
  if (trail === null) throw new Error(`order ${node.id} is not a trailing stop`);
  const offset =
    trail.price !== NO_PRICE
      ? trail.price
      : Number((BigInt(mark) * BigInt(trail.percent) + SCALE - 1n) / SCALE);
  return node.side === "sell" ? Math.max(1, mark - offset) : Math.min(MAX_INTEGER, mark + offset);
}

/** The market price a new trailing stop starts from: the last trade, else the mid, else none yet. */
function marketPrice(state: EngineState): number {
  if (state.lastPrice !== 0) return state.lastPrice;
  const bid = state.bids.best()?.price;
  const ask = state.asks.best()?.price;
  if (bid === undefined || ask === undefined) return NO_PRICE;
  return bid + Math.floor((ask - bid) / 2);
}

function setMark(node: OrderNode, mark: number, events: EngineEvent[]): void {
  if (node.trail !== null) node.trail.hwm = mark;
  node.triggerPrice = triggerFor(node, mark);
  events.push({ type: "trail_moved", orderId: node.id, hwm: mark, triggerPrice: node.triggerPrice });
}

/** Sets a new trailing stop's mark and trigger from the market, before it is armed like a stop. */
export function startTrail(state: EngineState, node: OrderNode, events: EngineEvent[]): void {
  const mark = marketPrice(state);
  if (mark !== NO_PRICE) setMark(node, mark, events);
}

/**
 * Moves the mark of every waiting trailing stop that this trade price betters, and its trigger in
 * the stop book. Runs before the trade fires stops: a moved trigger never reaches the price that
 * moved it, so firing is unaffected. Only the stops the price betters are visited: the ones
 * without a mark yet, then each side's heap from its top (the mark a trade betters first) while
 * the price betters it.
 */
export function followTrade(state: EngineState, price: number, events: EngineEvent[]): void {
  if (state.unmarked.length !== 0) {
    const unmarked = state.unmarked;
    state.unmarked = [];
    for (const node of unmarked) {
      if (node.trail !== null) node.trail.queued = false;
      if (waiting(state, node)) move(state, node, price, events);
    }
  }
  // Stops that ended while buried in a heap are dropped when they outnumber the waiting ones.
  if (state.sellMarks.size + state.buyMarks.size > 2 * state.trailing.size + 64) {
    const keep = (node: OrderNode) => waiting(state, node);
    state.sellMarks.compact(keep);
    state.buyMarks.compact(keep);
  }
  follow(state, state.sellMarks, (hwm) => price > hwm, price, events);
  follow(state, state.buyMarks, (hwm) => price < hwm, price, events);
}

function follow(
  state: EngineState,
  marks: MarkHeap,
  bettered: (hwm: number) => boolean,
  price: number,
  events: EngineEvent[],
): void {
  const moved: OrderNode[] = [];
  for (let top = marks.peek(); top !== undefined; top = marks.peek()) {
    if (waiting(state, top) && !bettered(top.trail?.hwm ?? NO_PRICE)) break;
    marks.pop();
    if (top.trail !== null) top.trail.queued = false;
    if (waiting(state, top)) moved.push(top);
  }
  for (const node of moved) move(state, node, price, events);
}

/** Still a waiting trailing stop (the heaps drop the others lazily). */
const waiting = (state: EngineState, node: OrderNode): boolean =>
  node.status === "pending_trigger" && state.trailing.has(node);

/** Sets the stop's mark to the price and re-keys it in the stop book and its heap. */
function move(state: EngineState, node: OrderNode, price: number, events: EngineEvent[]): void {
  const stops = state.stopsOf(node);
  if (node.level !== null) stops.remove(node);
  setMark(node, price, events);
  if (!stops.append(node, node.triggerPrice)) {
    state.cancel(node, "level_capacity", events);
    return;
  }
  if (node.trail !== null && !node.trail.queued) {
    node.trail.queued = true;
    state.marksOf(node).push(node);
  }
}
