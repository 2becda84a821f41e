// Orders as placement receives them, for tests that call placeOrders directly.
import { pageOf } from "../../src/http/routes/common.ts";
import { schemaSerializerCompiler } from "../../src/http/serializer.ts";
import type { OrderFilter } from "../../src/modules/orders/orders.repository.ts";
import { orderSchema } from "../../src/modules/orders/orders.schema.ts";
import { ORDER_VIEW_COLUMNS, orderView, pendingView } from "../../src/modules/orders/orders.views.ts";
import { Decimal } from "../../src/modules/shared/decimal.ts";
import type { Executor } from "../../src/modules/shared/executor.ts";
import { newId } from "../../src/modules/shared/ids.ts";
import { toPage } from "../../src/modules/shared/pagination.ts";
import type { NewOrder } from "../../src/modules/trading/place.ts";

/** A BTC-USD limit buy of 0.1 whose hold is `holdUsd` (its price is ten times that). */
export function newOrder(accountId: string, holdUsd: string, clientOrderId: string | null = null): NewOrder {
  const now = new Date();
  return {
    view: pendingView(
      {
        id: newId(),
        client_order_id: clientOrderId,
        symbol: "BTC-USD",
        side: "buy",
        order_type: "limit",
        time_in_force: "gtc",
        quantity: "0.1",
        price: new Decimal(holdUsd).div(10).times(100).toFixed(),
        trigger_price: null,
        trail_price: null,
        trail_percent: null,
        order_class: "simple",
        parent_order_id: null,
        post_only: false,
        expire_at: null,
        notional: null,
      },
      now,
    ),
    account_id: accountId,
    request_hash: null,
    slippage_tolerance: null,
    hold_asset: "USD",
    hold_amount: new Decimal(holdUsd),
    created_at: now,
  };
}

/** What the list route wrote before pages were cached: a page of orders through the response schema. */
export const serializeOrderPage = schemaSerializerCompiler({
  schema: pageOf(orderSchema),
  method: "GET",
  url: "/api/v1/orders",
  httpStatus: "200",
}) as (page: unknown) => string;

/**
 * What the list route sent before its pages were cached, computed as it was then (the oracle of
 * the page cache): the orders read with the query builder, as views, through the response schema.
 */
export async function uncachedOrderPage(db: Executor, accountId: string, f: OrderFilter): Promise<string> {
  let q = db.selectFrom("orders").select(ORDER_VIEW_COLUMNS).where("account_id", "=", accountId);
  if (f.symbol !== undefined) q = q.where("symbol", "=", f.symbol);
  if (f.status !== undefined) q = q.where("status", "=", f.status);
  if (f.side !== undefined) q = q.where("side", "=", f.side);
  if (f.cursor !== undefined) q = q.where("id", "<", f.cursor);
  const rows = await q
    .orderBy("id", "desc")
    .limit(f.limit + 1)
    .execute();
  return serializeOrderPage(toPage(rows.map(orderView), f.limit));
}
