import { sql } from "kysely";
import type { Executor } from "../shared/executor.ts";
import type { OrderStatus, Side } from "./orders.table.ts";
import { OPEN_STATUSES } from "./orders.table.ts";
import { ORDER_VIEW_COLUMNS } from "./orders.views.ts";

export async function findOrder(db: Executor, accountId: string, id: string) {
  return await db
    .selectFrom("orders")
    .selectAll()
    .where("id", "=", id)
    .where("account_id", "=", accountId)
    .executeTakeFirst();
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

/** Newest first; one row more than `limit` so the caller knows whether another page exists. */
export async function listOrders(db: Executor, accountId: string, f: OrderFilter) {
  let q = db.selectFrom("orders").select(ORDER_VIEW_COLUMNS).where("account_id", "=", accountId);
  if (f.symbol !== undefined) q = q.where("symbol", "=", f.symbol);
  if (f.status !== undefined) q = q.where("status", "=", f.status);
  if (f.side !== undefined) q = q.where("side", "=", f.side);
  if (f.cursor !== undefined) q = q.where("id", "<", f.cursor);
  return await q
    .orderBy("id", "desc")
    .limit(f.limit + 1)
    .execute();
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
