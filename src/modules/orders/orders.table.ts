import type { Generated } from "kysely";
import { columns } from "../shared/recordset.ts";

export const ORDER_STATUSES = [
  "pending",
  "open",
  "partially_filled",
  "filled",
  "cancelled",
  "expired",
  "rejected",
  "failed",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const OPEN_STATUSES: readonly OrderStatus[] = ["pending", "open", "partially_filled"];
export const isTerminal = (status: OrderStatus): boolean => !OPEN_STATUSES.includes(status);

export type Side = "buy" | "sell";
export type OrderType = "market" | "limit" | "stop" | "stop_limit" | "trailing_stop";
export type TimeInForce = "gtc" | "ioc" | "fok" | "day" | "gtd";
export const ORDER_CLASSES = ["simple", "bracket", "oco", "oto"] as const;
export type OrderClass = (typeof ORDER_CLASSES)[number];

export interface OrdersTable {
  id: string;
  account_id: string;
  client_order_id: string | null;
  request_hash: string | null;
  symbol: string;
  side: Side;
  order_type: OrderType;
  time_in_force: TimeInForce;
  quantity: string;
  price: string | null;
  trigger_price: string | null;
  /** Trailing stops: the trail, a price distance or a percentage of the mark (one of the two). */
  trail_price: Generated<string | null>;
  trail_percent: Generated<string | null>;
  /** Trailing stops: the mark the venue last reported (high-water for a sell, low-water for a buy). */
  hwm: Generated<string | null>;
  /** simple, or the class this order is the parent or a leg of. */
  order_class: Generated<OrderClass>;
  /** A leg's parent: the entry (bracket, oto) or the limit leg (oco). */
  parent_order_id: Generated<string | null>;
  slippage_tolerance: string | null;
  status: Generated<OrderStatus>;
  filled_quantity: Generated<string>;
  average_fill_price: Generated<string | null>;
  reject_reason: Generated<string | null>;
  hold_asset: string;
  hold_amount: string;
  /** The exact Σ quantity × price of the order's fills (settlement rounds from it). */
  filled_notional: Generated<string>;
  /** The exact fee the order's fills accrued, before rounding. */
  fee_accrued: Generated<string>;
  /** The fee the order's fills charged, in whole units of the quote asset. */
  fee_charged: Generated<string>;
  /**
   * Who may record the order's terms next: a new value each time a replace takes the turn or
   * terms are recorded, so a writer holding an older value knows someone wrote in between.
   */
  replace_turn: Generated<string | null>;
  /** Set while a replace is at the venue; after it, the turn has lapsed (its process died). */
  replace_turn_until: Generated<Date | null>;
  /** A limit order that must not take liquidity: the venue rejects it (`post_only`) if it would. */
  post_only: Generated<boolean>;
  /** When a GTD order expires (null for every other time in force). */
  expire_at: Date | null;
  /** A notional market order's quote amount; its `quantity` is then only the most it may trade. */
  notional: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** What placement writes of a new order (the rest takes the table's defaults). */
export const NEW_ORDER_COLUMNS = columns<OrdersTable>()({
  id: "uuid",
  account_id: "uuid",
  client_order_id: "text",
  request_hash: "text",
  symbol: "text",
  side: "text",
  order_type: "text",
  time_in_force: "text",
  quantity: "numeric",
  price: "numeric",
  trigger_price: "numeric",
  trail_price: "numeric",
  trail_percent: "numeric",
  order_class: "text",
  parent_order_id: "uuid",
  slippage_tolerance: "numeric",
  hold_asset: "text",
  hold_amount: "numeric",
  created_at: "timestamptz",
  post_only: "boolean",
  expire_at: "timestamptz",
  notional: "numeric",
});

/** What changes as an order lives: its state, what it filled and what it still holds. */
export const ORDER_STATE_COLUMNS = columns<OrdersTable>()({
  id: "uuid",
  status: "text",
  filled_quantity: "numeric",
  average_fill_price: "numeric",
  hold_amount: "numeric",
  filled_notional: "numeric",
  fee_accrued: "numeric",
  fee_charged: "numeric",
  reject_reason: "text",
  trigger_price: "numeric",
  hwm: "numeric",
  updated_at: "timestamptz",
});
