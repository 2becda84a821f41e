// An order as the engine holds it, and the FIFO queue of one price level. The queue is an
// intrusive doubly linked list through the orders themselves, so a cancel unlinks in O(1) and
// matching walks from the head without allocating.
import type { Group } from "./group.ts";
import type {
  CancelReason,
  OrderRequest,
  OrderStatus,
  OrderType,
  OrderView,
  Side,
  TimeInForce,
} from "./types.ts";

/** Prices are >= 1, so 0 stands for "no price" without widening the field's type. */
export const NO_PRICE = 0;

/** A trailing stop's trail: ticks or millionths (NO_PRICE for the one not used), and the mark it trails (NO_PRICE until known). */
export interface Trail {
  readonly price: number;
  readonly percent: number;
  hwm: number;
  /** In a list or heap of waiting trailing stops (state.ts), so it is never there twice. */
  queued: boolean;
}

/** Budgets are >= 0, so -1 stands for "not a notional order". */
export const NO_BUDGET = -1;

export class OrderNode {
  readonly id: string;
  readonly owner: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  quantity: number;
  price: number;
  triggerPrice: number;
  /** Trailing stops only (one field, so other orders carry no more than a null). */
  readonly trail: Trail | null;
  filled = 0;
  remaining: number;
  status: OrderStatus = "open";
  cancelReason: CancelReason | null = null;
  /** Set once a stop order's trigger was crossed: from then on it executes by its price. */
  triggered = false;
  /** The last price that fired this stop. */
  firedAt = 0;
  /** The order class this order belongs to, if any (group.ts). */
  group: Group | null = null;
  readonly postOnly: boolean;
  /** What a notional order may still trade for (tick × lot units); NO_BUDGET otherwise. */
  budget: number;
  level: Level | null = null;
  prev: OrderNode | null = null;
  next: OrderNode | null = null;

  constructor(request: OrderRequest) {
    this.id = request.id;
    this.owner = request.owner;
    this.side = request.side;
    this.type = request.type;
    this.timeInForce = request.timeInForce;
    this.quantity = request.quantity;
    this.remaining = request.quantity;
    this.price = request.price ?? NO_PRICE;
    this.triggerPrice = request.triggerPrice ?? NO_PRICE;
    this.trail =
      request.type === "trailing_stop"
        ? {
            price: request.trailPrice ?? NO_PRICE,
            percent: request.trailPercent ?? NO_PRICE,
            hwm: NO_PRICE,
            queued: false,
          }
        : null;
    this.postOnly = request.postOnly === true;
    this.budget = request.quoteBudget ?? NO_BUDGET;
  }

  get isTerminal(): boolean {
    return this.status === "filled" || this.status === "cancelled" || this.status === "rejected";
  }

  /** Market, stop and trailing stop orders never rest: whatever they cannot fill now is cancelled. */
  get isMarket(): boolean {
    return this.type === "market" || this.type === "stop" || this.type === "trailing_stop";
  }

  get isStop(): boolean {
    return this.type === "stop" || this.type === "stop_limit" || this.type === "trailing_stop";
  }

  get isTrailing(): boolean {
    return this.trail !== null;
  }

  view(): OrderView {
    return {
      id: this.id,
      owner: this.owner,
      side: this.side,
      type: this.type,
      timeInForce: this.timeInForce,
      quantity: this.quantity,
      price: this.price === NO_PRICE ? null : this.price,
      triggerPrice: this.triggerPrice === NO_PRICE ? null : this.triggerPrice,
      trailPrice: this.trail === null || this.trail.price === NO_PRICE ? null : this.trail.price,
      trailPercent: this.trail === null || this.trail.percent === NO_PRICE ? null : this.trail.percent,
      hwm: this.trail === null || this.trail.hwm === NO_PRICE ? null : this.trail.hwm,
      filledQuantity: this.filled,
      remainingQuantity: this.isTerminal ? 0 : this.remaining,
      status: this.status,
      cancelReason: this.cancelReason,
      postOnly: this.postOnly,
    };
  }
}

export class Level {
  readonly price: number;
  /**
   * price times the ladder's direction (+1 or -1), so that every ladder is sorted ascending by key
   * with its best level last, and "crosses" is one comparison for bids, asks and both stop books.
   */
  readonly key: number;
  head: OrderNode | null = null;
  tail: OrderNode | null = null;
  /** Sum of the remaining quantity of the orders queued here. */
  total = 0;
  count = 0;

  constructor(price: number, key: number) {
    this.price = price;
    this.key = key;
  }

  append(node: OrderNode): void {
    node.level = this;
    node.prev = this.tail;
    node.next = null;
    if (this.tail === null) this.head = node;
    else this.tail.next = node;
    this.tail = node;
    this.total += node.remaining;
    this.count += 1;
  }

  unlink(node: OrderNode): void {
    if (node.prev === null) this.head = node.next;
    else node.prev.next = node.next;
    if (node.next === null) this.tail = node.prev;
    else node.next.prev = node.prev;
    this.total -= node.remaining;
    this.count -= 1;
    node.level = null;
    node.prev = null;
    node.next = null;
  }
}
