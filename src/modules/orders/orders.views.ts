import type { Selectable } from "kysely";
import { normalize } from "../shared/decimal.ts";
import type { OrderView } from "./orders.schema.ts";
import type { OrdersTable } from "./orders.table.ts";

export type OrderRow = Selectable<OrdersTable>;

const opt = (v: string | null): string | null => (v === null ? null : normalize(v));

/** The columns an order's API view is made of (lists read only these). */
export const ORDER_VIEW_COLUMNS = [
  "id",
  "client_order_id",
  "symbol",
  "side",
  "order_type",
  "time_in_force",
  "quantity",
  "price",
  "trigger_price",
  "trail_price",
  "trail_percent",
  "hwm",
  "order_class",
  "parent_order_id",
  "status",
  "filled_quantity",
  "average_fill_price",
  "reject_reason",
  "created_at",
  "updated_at",
  "post_only",
  "expire_at",
  "notional",
] as const;

export type OrderViewRow = Pick<OrderRow, (typeof ORDER_VIEW_COLUMNS)[number]>;

export const orderView = (r: OrderViewRow): OrderView => ({
  id: r.id,
  client_order_id: r.client_order_id,
  symbol: r.symbol,
  side: r.side,
  order_type: r.order_type,
  time_in_force: r.time_in_force,
  quantity: quantityOf(r),
  price: opt(r.price),
  trigger_price: opt(r.trigger_price),
  trail_price: opt(r.trail_price),
  trail_percent: opt(r.trail_percent),
  hwm: opt(r.hwm),
  order_class: r.order_class,
  parent_order_id: r.parent_order_id,
  status: r.status,
  filled_quantity: normalize(r.filled_quantity),
  average_fill_price: opt(r.average_fill_price),
  reject_reason: r.reject_reason,
  created_at: r.created_at.toISOString(),
  updated_at: r.updated_at.toISOString(),
  post_only: r.post_only,
  expire_at: r.expire_at === null ? null : r.expire_at.toISOString(),
  notional: opt(r.notional),
});

/**
 * A notional order's quantity follows from its fills: what it has filled so far (its stored
 * quantity is only the most it may trade, which the venue is given as a bound).
 */
export const quantityOf = (r: { quantity: string; filled_quantity: string; notional: string | null }) =>
  normalize(r.notional === null ? r.quantity : r.filled_quantity);

/** What a new order's request decides; the rest of its view follows from being new. */
export type OrderTerms = Pick<
  OrderView,
  | "id"
  | "client_order_id"
  | "symbol"
  | "side"
  | "order_type"
  | "time_in_force"
  | "quantity"
  | "price"
  | "trigger_price"
  | "trail_price"
  | "trail_percent"
  | "order_class"
  | "parent_order_id"
  | "post_only"
  | "expire_at"
  | "notional"
>;

/** A new order's view: pending, nothing filled, created and updated `now`. */
export const pendingView = (terms: OrderTerms, now: Date): OrderView => ({
  ...terms,
  hwm: null,
  quantity: terms.notional === null ? terms.quantity : "0",
  status: "pending",
  filled_quantity: "0",
  average_fill_price: null,
  reject_reason: null,
  created_at: now.toISOString(),
  updated_at: now.toISOString(),
});
