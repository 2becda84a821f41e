// An order class's one exit hold, pure. The exits of a class (an oco's two legs; a bracket's or
// oto's legs after its entry) hold once for all of them, on one leg's row at a time: placement puts
// an oco's hold on its parent; a bracket's or oto's entry adds what each fill brings in. A leg that
// trades first takes the hold over; a leg that closes while another still works hands it on; the
// last one to close releases what is left. Moving the hold between rows of one account moves no
// balance (the account's held balance is the sum of its orders' holds), so it takes no journal.
import type { OrderRow } from "../orders/orders.views.ts";
import { Decimal } from "../shared/decimal.ts";

type Row = OrderRow;

const isLive = (o: Row) => o.status === "pending" || o.status === "open" || o.status === "partially_filled";

/** The class's members among the locked orders: its parent first, then its legs. */
export function membersOf(order: Row, orders: ReadonlyMap<string, Row>): Row[] {
  if (order.order_class === "simple") return [order];
  const root = order.parent_order_id ?? order.id;
  return [...orders.values()].filter((o) => o.id === root || o.parent_order_id === root);
}

/** Whether the order is one of its class's exits (every oco leg; a bracket's or oto's legs). */
export const isExit = (o: Row) =>
  o.order_class === "oco" || (o.order_class !== "simple" && o.parent_order_id !== null);

export const exitsOf = (order: Row, orders: ReadonlyMap<string, Row>) =>
  membersOf(order, orders).filter(isExit);

/** A bracket's or oto's entry (its parent), if this order's class has one and it is locked. */
export const entryOf = (order: Row, orders: ReadonlyMap<string, Row>) =>
  order.order_class === "bracket" || order.order_class === "oto"
    ? membersOf(order, orders).find((o) => o.parent_order_id === null)
    : undefined;

/**
 * What the exits may still close together: the entry's filled quantity (the oco's quantity) less
 * what the exits filled.
 */
export function classOpen(exit: Row, orders: ReadonlyMap<string, Row>): Decimal {
  const exits = exitsOf(exit, orders);
  const entry = entryOf(exit, orders);
  const armed = new Decimal(entry === undefined ? exit.quantity : entry.filled_quantity);
  return exits.reduce((open, e) => open.minus(e.filled_quantity), armed);
}

/**
 * What the class's exit hold is for, to share it over a fill: what the exits may still close; for
 * a sell entry's (buying) exits, held from placement for the whole quantity, the quantity less what
 * the exits filled.
 */
export function holdBasis(exit: Row, orders: ReadonlyMap<string, Row>): Decimal {
  if (exit.side === "buy" && entryOf(exit, orders) !== undefined) {
    return exitsOf(exit, orders).reduce(
      (open, e) => open.minus(e.filled_quantity),
      new Decimal(exit.quantity),
    );
  }
  return classOpen(exit, orders);
}

/** Moves the class's exit hold onto `to` (from whichever other exit has it). Returns the rows changed. */
export function takeHold(to: Row, orders: ReadonlyMap<string, Row>): Row[] {
  const changed: Row[] = [];
  for (const other of exitsOf(to, orders)) {
    if (other.id === to.id || new Decimal(other.hold_amount).isZero()) continue;
    to.hold_amount = new Decimal(to.hold_amount).plus(other.hold_amount).toFixed();
    other.hold_amount = "0";
    changed.push(other);
  }
  return changed;
}

/**
 * The live exit that carries the class's hold (the one holding it already, else the first), other
 * than `from`: where a closing leg hands its hold on, and where an entry's fill adds to it.
 */
export function heir(from: Row, orders: ReadonlyMap<string, Row>): Row | undefined {
  const live = exitsOf(from, orders).filter((o) => o.id !== from.id && isLive(o));
  return live.find((o) => !new Decimal(o.hold_amount).isZero()) ?? live[0];
}
