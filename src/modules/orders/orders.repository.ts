import { sql } from "kysely";
import type { Executor } from "../shared/executor.ts";
import { runNamed } from "../shared/named.ts";
import type { OrderStatus, Side } from "./orders.table.ts";
import { OPEN_STATUSES } from "./orders.table.ts";
import { ORDER_VIEW_COLUMNS, type OrderViewRow } from "./orders.views.ts";

export async function findOrder(db: Executor, accountId: string, id: string) {
  return await db
    .selectFrom("orders")
    .selectAll()
    .where("id", "=", id)
    .where("account_id", "=", accountId)
    .executeTakeFirst();
}

/** An order class's legs, oldest first. */
export async function findLegs(db: Executor, accountId: string, parentId: string) {
  return await db
    .selectFrom("orders")
    .selectAll()
    .where("parent_order_id", "=", parentId)
    .where("account_id", "=", accountId)
    .orderBy("id")
    .execute();
}

/** Locks an order class's parent and legs, in id order. */
export async function lockClass(db: Executor, accountId: string, rootId: string) {
  return await db
    .selectFrom("orders")
    .selectAll()
    .where((eb) => eb.or([eb("id", "=", rootId), eb("parent_order_id", "=", rootId)]))
    .where("account_id", "=", accountId)
    .orderBy("id")
    .forUpdate()
    .execute();
}

export async function findOrderByClientId(db: Executor, accountId: string, clientOrderId: string) {
  return await db
    .selectFrom("orders")
    .selectAll()
    .where("account_id", "=", accountId)
    .where("client_order_id", "=", clientOrderId)
    .executeTakeFirst();
}

export async function findOrderForUpdate(db: Executor, accountId: string, id: string) {
  return await db
    .selectFrom("orders")
    .selectAll()
    .where("id", "=", id)
    .where("account_id", "=", accountId)
    .forUpdate()
    .executeTakeFirst();
}

export interface OrderFilter {
  symbol?: string | undefined;
  status?: OrderStatus | undefined;
  side?: Side | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** An order of a page as `listOrdersAt` reads it: the view's columns, times as UTC text. */
export type OrderPageRow = Omit<OrderViewRow, "created_at" | "updated_at" | "expire_at"> & {
  created_at: string;
  updated_at: string;
  expire_at: string | null;
};

/**
 * A page of the account's orders, newest first, with one row more than `limit` (so the caller
 * knows whether another page exists), and the account's `event_seq`, read in one statement, so
 * from one snapshot: the rows are exactly the orders as of that sequence number. `seq` is
 * undefined when the page is empty (the statement then returns no row). A named prepared
 * statement per set of filters (16 at most): planning a page's statement costs about as much as
 * running it. Times come as
 * `(t at time zone 'UTC')::text` ("2026-11-26 12:00:00.123456"), which costs PostgreSQL about
 * what writing the timestamptz does and spares pg its Date parsing.
 */
export async function listOrdersAt(
  db: Executor,
  accountId: string,
  f: OrderFilter,
): Promise<{ seq: string | undefined; rows: OrderPageRow[] }> {
  const filters = [
    f.symbol === undefined ? undefined : (["s", sql`and symbol = ${f.symbol}`] as const),
    f.status === undefined ? undefined : (["t", sql`and status = ${f.status}`] as const),
    f.side === undefined ? undefined : (["d", sql`and side = ${f.side}`] as const),
    f.cursor === undefined ? undefined : (["c", sql`and id < ${f.cursor}::uuid`] as const),
  ].filter((x) => x !== undefined);
  const name = `order-page-${filters.map(([flag]) => flag).join("")}`;
  const query = sql`
    select id, client_order_id, symbol, side, order_type, time_in_force, quantity, price, trigger_price,
      trail_price, trail_percent, hwm, order_class, parent_order_id, status, filled_quantity, average_fill_price, reject_reason,
      (created_at at time zone 'UTC')::text as created_at, (updated_at at time zone 'UTC')::text as updated_at,
      post_only, (expire_at at time zone 'UTC')::text as expire_at, notional,
      (select event_seq from accounts where id = ${accountId}::uuid) as event_seq
    from orders where account_id = ${accountId}::uuid ${sql.join(
      filters.map(([, condition]) => condition),
      sql` `,
    )}
    order by id desc limit ${f.limit + 1}::int`;
  const result = await runNamed<OrderPageRow & { event_seq: string | null }>(db, name, query);
  return { seq: result.rows[0]?.event_seq ?? undefined, rows: result.rows };
}

export async function listOpenOrders(db: Executor, accountId: string, limit: number) {
  return await db
    .selectFrom("orders")
    .select(ORDER_VIEW_COLUMNS)
    .where("account_id", "=", accountId)
    .where("status", "in", OPEN_STATUSES)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

/** Locks the account's open orders (optionally of one symbol) in id order. */
export async function lockOpenOrders(db: Executor, accountId: string, symbol: string | undefined) {
  let q = db
    .selectFrom("orders")
    .selectAll()
    .where("account_id", "=", accountId)
    .where("status", "in", OPEN_STATUSES);
  if (symbol !== undefined) q = q.where("symbol", "=", symbol);
  return await q.orderBy("id").forUpdate().execute();
}

export async function setOrderClosed(
  db: Executor,
  id: string,
  status: OrderStatus,
  rejectReason: string | null = null,
) {
  return await db
    .updateTable("orders")
    .set({ status, reject_reason: rejectReason, hold_amount: "0", updated_at: sql`now()` })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
