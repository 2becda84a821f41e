// Everything one instrument's engine holds, and the bookkeeping when an order ends.
import type { CancelledEvent, EngineEvent } from "./events.ts";
import type { Group } from "./group.ts";
import { Ladder } from "./ladder.ts";
import { MarkHeap } from "./mark-heap.ts";
import type { OrderNode } from "./order.ts";
import type { CancelReason } from "./types.ts";

/**
 * Finished orders kept queryable by default. Each one retained outlives the young generation, so
 * the more are kept, the less the engine's throughput (figures: docs/benchmarks.md); the venue
 * passes its own bounds.
 */
export const DEFAULT_RETAINED = 1_000;

export class EngineState {
  readonly bids = new Ladder(1);
  readonly asks = new Ladder(-1);
  /** Buy stops fire when the last price rises to their trigger: the lowest trigger is next. */
  readonly buyStops = new Ladder(-1);
  /** Sell stops fire when the last price falls to their trigger: the highest trigger is next. */
  readonly sellStops = new Ladder(1);
  /** Live orders, and the most recent finished ones (see `finished`). */
  readonly orders = new Map<string, OrderNode>();
  /** Trailing stops waiting for their trigger, whose marks every trade may move (trailing.ts). */
  readonly trailing = new Set<OrderNode>();
  /** The waiting trailing stops with a mark, by side, the next one a trade may better on top. */
  readonly sellMarks = new MarkHeap(1);
  readonly buyMarks = new MarkHeap(-1);
  /** Waiting trailing stops accepted before any price was known: the next trade sets their mark. */
  unmarked: OrderNode[] = [];
  /** Live day orders, in acceptance order, so expiry needs no scan of the whole book. */
  readonly dayOrders = new Set<OrderNode>();
  /** Stop orders fired by trades and not yet executed, in firing order; `triggeredHead` is next. */
  readonly triggered: OrderNode[] = [];
  triggeredHead = 0;
  /** Exit legs whose class may now close more: armed or grown after the operation's matching. */
  readonly syncing: OrderNode[] = [];
  /** Classes one of whose orders traded or ended: checked after the operation's matching. */
  readonly groupChecks: Group[] = [];
  /** Finished order ids of every owner without a ring of its own (see `ownRings`). */
  private readonly finished: FinishedRing;
  /** Owners whose finished orders are retained apart, so that their churn cannot push others out. */
  private readonly ownRings: Map<string, FinishedRing>;
  lastPrice = 0;
  tradeSeq = 0;

  constructor(retainFinished: number, retainFinishedOf: ReadonlyMap<string, number> = new Map()) {
    this.finished = new FinishedRing(retainFinished);
    this.ownRings = new Map([...retainFinishedOf].map(([owner, n]) => [owner, new FinishedRing(n)]));
  }

  bookOf(node: OrderNode): Ladder {
    return node.side === "buy" ? this.bids : this.asks;
  }

  /** The heap of waiting trailing stops a stop of this side belongs to. */
  marksOf(node: OrderNode): MarkHeap {
    return node.side === "sell" ? this.sellMarks : this.buyMarks;
  }

  stopsOf(node: OrderNode): Ladder {
    return node.side === "buy" ? this.buyStops : this.sellStops;
  }

  /** Takes a live order out of whichever book holds it. */
  detach(node: OrderNode): void {
    if (node.level === null) return;
    if (node.status === "pending_trigger") this.stopsOf(node).remove(node);
    else this.bookOf(node).remove(node);
  }

  finish(node: OrderNode): void {
    if (node.timeInForce === "day") this.dayOrders.delete(node);
    if (node.isTrailing) this.trailing.delete(node);
    if (node.group !== null) this.groupChecks.push(node.group);
    const ring = this.ownRings.size === 0 ? this.finished : (this.ownRings.get(node.owner) ?? this.finished);
    const evicted = ring.add(node.id);
    if (evicted !== undefined) this.orders.delete(evicted);
  }

  fill(node: OrderNode, events: EngineEvent[]): void {
    node.status = "filled";
    events.push({ type: "filled", orderId: node.id });
    this.finish(node);
  }

  /** Ends a live order that is in no book (already detached, or never rested). */
  cancel(node: OrderNode, reason: CancelReason, events: EngineEvent[]): void {
    const event: CancelledEvent = { type: "cancelled", orderId: node.id, reason, quantity: node.remaining };
    node.status = "cancelled";
    node.cancelReason = reason;
    node.remaining = 0;
    events.push(event);
    this.finish(node);
  }
}

/**
 * The ids of the last `capacity` finished orders, oldest first out. Grows by push up to its
 * capacity (a large capacity costs nothing until it is used), then overwrites the oldest.
 */
export class FinishedRing {
  readonly capacity: number;
  private readonly ids: string[] = [];
  private next = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  /** Remembers `id`; returns the id it displaced (the oldest), if the ring was full. */
  add(id: string): string | undefined {
    if (this.capacity === 0) return id;
    if (this.ids.length < this.capacity) {
      this.ids.push(id);
      return undefined;
    }
    const evicted = this.ids[this.next];
    this.ids[this.next] = id;
    this.next = this.next + 1 === this.capacity ? 0 : this.next + 1;
    return evicted;
  }
}
