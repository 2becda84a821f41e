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
export type TimeInForce = "gtc" | "ioc" | "fok" | "day";
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
  /**
   * Who may record the order's terms next: a new value each time a replace takes the turn or
   * terms are recorded, so a writer holding an older value knows someone wrote in between.
   */
  replace_turn: Generated<string | null>;
  /** Set while a replace is at the venue; after it, the turn has lapsed (its process died). */
  replace_turn_until: Generated<Date | null>;
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
});

/** What changes as an order lives: its state, what it filled and what it still holds. */
export const ORDER_STATE_COLUMNS = columns<OrdersTable>()({
  id: "uuid",
  status: "text",
  filled_quantity: "numeric",
  average_fill_price: "numeric",
  hold_amount: "numeric",
  reject_reason: "text",
  trigger_price: "numeric",
  hwm: "numeric",
  updated_at: "timestamptz",
});
