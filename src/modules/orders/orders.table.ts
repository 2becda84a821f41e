import type { Generated } from "kysely";

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
export type OrderType = "market" | "limit" | "stop" | "stop_limit";
export type TimeInForce = "gtc" | "ioc" | "fok" | "day";

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
  slippage_tolerance: string | null;
  status: Generated<OrderStatus>;
  filled_quantity: Generated<string>;
  average_fill_price: Generated<string | null>;
  reject_reason: Generated<string | null>;
  hold_asset: string;
  hold_amount: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
