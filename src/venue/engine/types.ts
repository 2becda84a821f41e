// The engine's vocabulary. Prices are integer ticks and quantities integer lots, both plain
// `number`s kept within Number.MAX_SAFE_INTEGER: a loop of fills runs many times faster than the
// same loop on bigint, and the engine only adds, subtracts and compares (it never multiplies a
// price by a quantity), so every value it computes stays an exact integer.

export type Side = "buy" | "sell";
export type OrderType = "market" | "limit" | "stop" | "stop_limit" | "trailing_stop";
/** gtd rests like gtc here: the engine keeps no clock, the venue expires it (`expire`) when due. */
export type TimeInForce = "gtc" | "ioc" | "fok" | "day" | "gtd";

export const SIDES: readonly Side[] = ["buy", "sell"];
export const ORDER_TYPES: readonly OrderType[] = ["market", "limit", "stop", "stop_limit", "trailing_stop"];

/** A trailing stop's percentage is given in millionths of the price (1% = 10,000). */
export const TRAIL_PERCENT_SCALE = 1_000_000;
export const TIMES_IN_FORCE: readonly TimeInForce[] = ["gtc", "ioc", "fok", "day", "gtd"];

/** The largest price (ticks) or quantity (lots) the engine accepts: 2^53 - 1. */
export const MAX_INTEGER = Number.MAX_SAFE_INTEGER;

export interface OrderRequest {
  /** Unique per engine; the venue derives it from the OMS order id. */
  id: string;
  /** Account that owns the order; orders of one owner never trade with each other. */
  owner: string;
  side: Side;
  type: OrderType;
  /**
   * market: ioc (remainder cancelled) or fok. limit/stop_limit: any. stop: gtc/day decide how long
   * it waits for its trigger; once triggered it is a market order (fok keeps all-or-nothing).
   */
  timeInForce: TimeInForce;
  /** Lots, integer in 1..MAX_INTEGER. */
  quantity: number;
  /**
   * Ticks. The limit price of limit and stop_limit orders (required). For market and stop orders
   * an optional protection price: the worst price the order may trade at (from the OMS's slippage).
   */
  price?: number;
  /** Ticks. Required for stop and stop_limit, refused otherwise (a trailing stop computes its own). */
  triggerPrice?: number;
  /**
   * trailing_stop only, exactly one of the two: the trigger trails the high-water mark (sell) or
   * low-water mark (buy) by this many ticks, or by this share of it in millionths (1..500,000).
   */
  trailPrice?: number;
  trailPercent?: number;
  /**
   * Limit orders only (not ioc or fok): the order must only add liquidity. One that would trade on
   * arrival (its price reaches the best opposite price) is rejected with reason `post_only`.
   */
  postOnly?: boolean;
  /**
   * Market ioc orders only: the most the order may trade for, in quote units of one tick times one
   * lot (a notional order). Each trade takes the lots it can afford at its price, rounded down, so
   * the order never trades for more than this; `quantity` still bounds its lots. When the next
   * lot is unaffordable, the rest is cancelled with reason `notional_spent`.
   */
  quoteBudget?: number;
}

/** Fields to change; absent ones keep their value. `quantity` is the new total, fills included. */
export interface ReplaceRequest {
  quantity?: number;
  price?: number;
  triggerPrice?: number;
}

export type OrderStatus =
  /** An exit leg of an order class with nothing to close yet (its entry has not filled more). */
  "held" | "pending_trigger" | "open" | "partially_filled" | "filled" | "cancelled" | "rejected";

export type RejectReason =
  /** The id belongs to a live or recently finished order; that order is not affected. */
  | "duplicate_order_id"
  | "invalid_order"
  | "invalid_quantity"
  | "invalid_price"
  | "invalid_trigger_price"
  | "invalid_trail"
  | "invalid_time_in_force"
  /** A post-only order would have taken liquidity. */
  | "post_only";

export type CancelReason =
  | "user"
  | "ioc"
  | "fok"
  | "market_remainder"
  | "self_trade"
  | "day_expiry"
  /** An exit leg: the other leg of its pair filled what there was to close. */
  | "oco"
  /** An exit leg: its entry was cancelled, or ended with nothing filled. */
  | "parent_cancelled"
  /** A good-till-date order reached its expiry (the venue's clock, or the OMS asking). */
  | "gtd_expiry"
  /** The price level's total would leave the safe-integer range; never expected in practice. */
  | "level_capacity"
  /** A notional order's budget cannot buy (or sell for) another lot at the best price. */
  | "notional_spent";

export type AmendRejectReason =
  | "unknown_order"
  /** Orders of a class (bracket, oco, oto) are not amended. */
  | "in_order_class"
  | "not_live"
  | "invalid_quantity"
  | "quantity_not_above_filled"
  | "invalid_price"
  | "invalid_trigger_price"
  /** The new price of a post-only order would take liquidity. */
  | "post_only";

/**
 * Order classes, as Alpaca has them. `oco`: two exits (a limit and a stop or stop-limit) sharing
 * one quantity: what one fills the other no longer may. `bracket`: an entry (market or limit)
 * whose filled quantity an oco pair of exits closes, live as the entry fills. `oto`: an entry and
 * one exit for its filled quantity.
 */
export type OrderClass = "oco" | "bracket" | "oto";

export interface GroupRequest {
  orderClass: OrderClass;
  /** bracket and oto: market or limit. */
  entry?: OrderRequest;
  /** The exit legs, on the other side from the entry, each of the class's quantity. */
  exits: OrderRequest[];
}

export interface OrderView {
  id: string;
  owner: string;
  side: Side;
  type: OrderType;
  timeInForce: TimeInForce;
  /** Total quantity, as last set by submit or replace. */
  quantity: number;
  price: number | null;
  triggerPrice: number | null;
  /** Trailing stops: the trail (ticks, or millionths of the mark) and the mark it trails (null until a price is known). */
  trailPrice: number | null;
  trailPercent: number | null;
  hwm: number | null;
  filledQuantity: number;
  /** Still open (resting or waiting for its trigger); 0 once terminal. */
  remainingQuantity: number;
  status: OrderStatus;
  cancelReason: CancelReason | null;
  postOnly: boolean;
}

export interface DepthLevel {
  price: number;
  quantity: number;
  orders: number;
}

export interface Depth {
  /** Best (highest) first. */
  bids: DepthLevel[];
  /** Best (lowest) first. */
  asks: DepthLevel[];
}

export interface EngineOptions {
  /**
   * How many finished orders stay queryable (and count as duplicates) before the oldest are
   * forgotten; older ids are the caller's to deduplicate (the venue forgets them too). Default 1,000.
   */
  retainFinishedOrders?: number;
  /**
   * Owners whose finished orders are retained in a ring of their own, of this size, instead of the
   * shared one: a high-churn owner (the venue's liquidity provider re-quoting) then cannot push the
   * other owners' finished orders out. Default: none.
   */
  retainFinishedOrdersOf?: Readonly<Record<string, number>>;
}
