// Placement's first statement: locks the balances the new orders hold from (in key order, so
// concurrent writers cannot deadlock) and inserts the orders whose client_order_id is new.
import { sql } from "kysely";
import { NEW_ORDER_COLUMNS } from "../orders/orders.table.ts";
import { Decimal } from "../shared/decimal.ts";
import type { Executor } from "../shared/executor.ts";
import { runNamed } from "../shared/named.ts";
import { columnNames, type RecordsetRow, recordset } from "../shared/recordset.ts";
import { type Balance, balanceKey, type NewOrder } from "./place.plan.ts";

type NewOrderRow = RecordsetRow<typeof NEW_ORDER_COLUMNS>;

const row = (o: NewOrder): NewOrderRow => ({
  id: o.view.id,
  account_id: o.account_id,
  client_order_id: o.view.client_order_id,
  request_hash: o.request_hash,
  symbol: o.view.symbol,
  side: o.view.side,
  order_type: o.view.order_type,
  time_in_force: o.view.time_in_force,
  quantity: o.max_quantity ?? o.view.quantity,
  price: o.view.price,
  trigger_price: o.view.trigger_price,
  trail_price: o.view.trail_price,
  trail_percent: o.view.trail_percent,
  order_class: o.view.order_class,
  parent_order_id: o.view.parent_order_id,
  slippage_tolerance: o.slippage_tolerance,
  hold_asset: o.hold_asset,
  hold_amount: o.hold_amount.toFixed(),
  created_at: o.created_at,
  post_only: o.view.post_only,
  expire_at: o.view.expire_at,
  notional: o.view.notional,
});

/** Returns the locked balances by `balanceKey`, and the ids of the orders inserted. */
export async function lockAndInsert(trx: Executor, orders: readonly NewOrder[]) {
  const accounts = [...new Set(orders.map((o) => o.account_id))];
  const query = sql`
    with cand as (
      select * from ${recordset("c", NEW_ORDER_COLUMNS, orders.map(row))}
    ), locked as (
      select account_id, asset, available, held from balances
      where (account_id, asset) in (select account_id, hold_asset from cand)
        and account_id = any(${accounts}::uuid[])
      order by account_id, asset for update
    ), ins as (
      insert into orders (${columnNames(NEW_ORDER_COLUMNS)}, updated_at)
      select *, created_at from cand
      on conflict on constraint orders_client_order_id_key do nothing
      returning id
    )
    select 'b' as kind, account_id::text as a, asset as b, available::text as c, held::text as d from locked
    union all
    select 'o', id::text, null, null, null from ins`;
  type Row = { kind: "b" | "o"; a: string; b: string | null; c: string | null; d: string | null };
  const result = await runNamed<Row>(trx, "place-lock-insert", query);
  const balances = new Map<string, Balance>();
  const inserted = new Set<string>();
  for (const r of result.rows) {
    if (r.kind === "o") inserted.add(r.a);
    else
      balances.set(balanceKey(r.a, r.b ?? ""), {
        available: new Decimal(r.c ?? "0"),
        held: new Decimal(r.d ?? "0"),
      });
  }
  return { balances, inserted };
}

/**
 * Removes refused orders, in a statement of its own: as a part of the write, a delete nearly
 * always given no ids made PostgreSQL plan that statement anew at each call.
 */
export async function deleteOrders(trx: Executor, ids: readonly string[]): Promise<void> {
  if (ids.length > 0) await trx.deleteFrom("orders").where("id", "in", ids).execute();
}
