// What each operation reports, in the order things happened. An order's life is: `accepted` (or a
// terminal `rejected`), then any of `trail_moved`, `triggered`, `trade`, `replaced`, and finally exactly one
// `filled` or `cancelled` unless it is still resting. The venue turns these into execution reports.
import type { AmendRejectReason, CancelReason, OrderType, RejectReason, Side, TimeInForce } from "./types.ts";

export interface AcceptedEvent {
  type: "accepted";
  orderId: string;
  owner: string;
  side: Side;
  orderType: OrderType;
  timeInForce: TimeInForce;
  quantity: number;
  price: number | null;
  triggerPrice: number | null;
}

/** Terminal for a new order, except reason duplicate_order_id, which leaves the existing order be. */
export interface RejectedEvent {
  type: "rejected";
  orderId: string;
  reason: RejectReason;
}

export interface TradeEvent {
  type: "trade";
  /** Engine-wide, strictly increasing from 1. */
  seq: number;
  price: number;
  quantity: number;
  makerOrderId: string;
  takerOrderId: string;
  makerOwner: string;
  takerOwner: string;
  /** The taker's side. */
  aggressor: Side;
  makerRemaining: number;
  takerRemaining: number;
}

/** A stop order's trigger was crossed; it now executes as a market (stop) or limit (stop_limit). */
export interface TriggeredEvent {
  type: "triggered";
  orderId: string;
  lastPrice: number;
}

/**
 * A trailing stop's mark moved with the trades (or was first set, from the market price when it
 * was accepted or from the first trade after): its trigger follows, only ever in its favour.
 */
export interface TrailMovedEvent {
  type: "trail_moved";
  orderId: string;
  /** The high-water mark (sell) or low-water mark (buy). */
  hwm: number;
  triggerPrice: number;
}

export interface FilledEvent {
  type: "filled";
  orderId: string;
}

export interface CancelledEvent {
  type: "cancelled";
  orderId: string;
  reason: CancelReason;
  /** The open quantity that was cancelled. */
  quantity: number;
}

export interface ReplacedEvent {
  type: "replaced";
  orderId: string;
  quantity: number;
  price: number | null;
  triggerPrice: number | null;
  remaining: number;
  /** True when only the quantity went down (or nothing changed): the order kept its place. */
  priorityKept: boolean;
}

/** A cancel or replace request was refused; the order (if any) is unchanged. */
export interface AmendRejectedEvent {
  type: "cancel_rejected" | "replace_rejected";
  orderId: string;
  reason: AmendRejectReason;
}

export type EngineEvent =
  | AcceptedEvent
  | RejectedEvent
  | TradeEvent
  | TriggeredEvent
  | TrailMovedEvent
  | FilledEvent
  | CancelledEvent
  | ReplacedEvent
  | AmendRejectedEvent;
