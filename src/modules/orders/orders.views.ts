import type { Selectable } from "kysely";
import { normalize } from "../shared/decimal.ts";
import type { OrderView } from "./orders.schema.ts";
import type { OrdersTable } from "./orders.table.ts";

export type OrderRow = Selectable<OrdersTable>;

const opt = (v: string | null): string | null => (v === null ? null : normalize(v));

export const orderView = (r: OrderRow): OrderView => ({
  id: r.id,
  client_order_id: r.client_order_id,
  symbol: r.symbol,
  side: r.side,
  order_type: r.order_type,
  time_in_force: r.time_in_force,
  quantity: normalize(r.quantity),
  price: opt(r.price),
  trigger_price: opt(r.trigger_price),
  status: r.status,
  filled_quantity: normalize(r.filled_quantity),
  average_fill_price: opt(r.average_fill_price),
  reject_reason: r.reject_reason,
  created_at: r.created_at.toISOString(),
  updated_at: r.updated_at.toISOString(),
});
