// Order classes: an entry and its exit legs, or an oco pair. The exits together may close no more
// than `armed` lots: the entry's filled quantity (the class's quantity for oco). Each live exit's
// open quantity is what is left of that, `armed - exitFilled`, so when one exit trades its partner
// shrinks at once, in the same matching step, and nothing can fill past it. An exit with nothing
// left to close while its entry still works is `held` (in no book); it is armed again as the entry
// fills. Growth and arming are queued (`state.syncing`) and done after the operation's matching,
// as fired stops are; shrinking and ending are done at once.
import type { EngineEvent } from "./events.ts";
import type { OrderNode } from "./order.ts";
import type { EngineState } from "./state.ts";
import type { CancelReason, OrderClass } from "./types.ts";

export class Group {
  readonly orderClass: OrderClass;
  readonly entry: OrderNode | null;
  readonly exits: OrderNode[];
  /** Lots the exits may close in all. */
  armed: number;
  /** Lots the exits have filled, together. */
  exitFilled = 0;
  /** Set once the exits are finished: later entry fills arm nothing. */
  ended = false;

  constructor(orderClass: OrderClass, entry: OrderNode | null, exits: OrderNode[], armed: number) {
    this.orderClass = orderClass;
    this.entry = entry;
    this.exits = exits;
    this.armed = armed;
  }

  get open(): number {
    return this.armed - this.exitFilled;
  }
}

/** Takes a leg out of every book with nothing open: it waits for its entry to fill more. */
function hold(state: EngineState, leg: OrderNode): void {
  state.detach(leg);
  state.dayOrders.delete(leg);
  leg.remaining = 0;
  leg.status = "held";
  // Armed again later, a stop leg waits for its trigger anew.
  leg.triggered = false;
}

/** Sets a live leg's open quantity down to what its class has left to close. */
function shrink(state: EngineState, leg: OrderNode): void {
  const open = leg.group?.open ?? 0;
  if (leg.isTerminal || leg.remaining <= open) return;
  if (open === 0) {
    hold(state, leg);
    return;
  }
  if (leg.level !== null) leg.level.total -= leg.remaining - open;
  leg.remaining = open;
}

/** Called right after a grouped order traded `quantity` (its own counts already moved). */
export function groupTraded(state: EngineState, node: OrderNode, quantity: number): void {
  const group = node.group;
  if (group === null || group.ended) return;
  if (node === group.entry) {
    group.armed += quantity;
    for (const leg of group.exits) state.syncing.push(leg);
    return;
  }
  group.exitFilled += quantity;
  for (const leg of group.exits) if (leg !== node) shrink(state, leg);
  state.groupChecks.push(group);
}

/**
 * A leg's open quantity reached 0 in matching: it is filled if it closed its whole quantity,
 * otherwise held until its entry fills more (or its class ends).
 */
export function legExhausted(state: EngineState, leg: OrderNode, events: EngineEvent[]): void {
  if (leg.filled === leg.quantity) state.fill(leg, events);
  else hold(state, leg);
}

/** Brings a queued leg to its class's open quantity: arms a held one, grows a live one. Returns true to arm it. */
export function syncLeg(leg: OrderNode): boolean {
  const group = leg.group;
  if (group === null || group.ended || leg.isTerminal) return false;
  const open = Math.min(group.open, leg.quantity - leg.filled);
  if (open <= leg.remaining) return false;
  if (leg.status === "held") {
    leg.remaining = open;
    leg.status = "open";
    return true;
  }
  if (leg.level !== null) leg.level.total += open - leg.remaining;
  leg.remaining = open;
  return false;
}

/** Ends a leg that is still live: filled if it closed its whole quantity, else cancelled for `reason`. */
function endLeg(state: EngineState, leg: OrderNode, reason: CancelReason, events: EngineEvent[]): void {
  if (leg.isTerminal) return;
  state.detach(leg);
  if (leg.filled === leg.quantity) {
    state.fill(leg, events);
    return;
  }
  // What is cancelled is what the leg will no longer close, not merely what it had open.
  leg.remaining = leg.quantity - leg.filled;
  state.cancel(leg, reason, events);
}

function endExits(state: EngineState, group: Group, reason: CancelReason, events: EngineEvent[]): void {
  group.ended = true;
  for (const leg of group.exits) endLeg(state, leg, reason, events);
}

/**
 * After an operation: ends what the class's state calls for. An exit cancelled on its own (by the
 * account, self-trade prevention, a market remainder, expiry) takes its partner with it. An entry
 * cancelled by the account, or ending with nothing filled, takes the exits with it. Once the entry
 * is done and the exits closed all it filled, the exits end.
 */
export function checkGroup(state: EngineState, group: Group, events: EngineEvent[]): void {
  if (group.ended) return;
  const cancelledLeg = group.exits.find((leg) => leg.status === "cancelled");
  if (cancelledLeg !== undefined) {
    endExits(state, group, "oco", events);
    return;
  }
  const entry = group.entry;
  if (entry !== null && !entry.isTerminal) return;
  if (entry !== null && (entry.cancelReason === "user" || group.armed === 0)) {
    endExits(state, group, "parent_cancelled", events);
    return;
  }
  if (group.open === 0) endExits(state, group, "oco", events);
}
