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

export class OrderNode {
  readonly id: string;
  readonly owner: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  quantity: number;
  price: number;
  triggerPrice: number;
  /** Trailing stops: ticks or millionths (NO_PRICE when not used) and the mark trailed (NO_PRICE until known). */
  readonly trailPrice: number;
  readonly trailPercent: number;
  hwm = NO_PRICE;
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
    this.trailPrice = request.trailPrice ?? NO_PRICE;
    this.trailPercent = request.trailPercent ?? NO_PRICE;
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
    return this.type === "trailing_stop";
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
      trailPrice: this.trailPrice === NO_PRICE ? null : this.trailPrice,
      trailPercent: this.trailPercent === NO_PRICE ? null : this.trailPercent,
      hwm: this.hwm === NO_PRICE ? null : this.hwm,
      filledQuantity: this.filled,
      remainingQuantity: this.isTerminal ? 0 : this.remaining,
      status: this.status,
      cancelReason: this.cancelReason,
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
