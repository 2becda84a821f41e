import { sql } from "kysely";
import type { OrderRow } from "../orders/orders.views.ts";
import type { Executor } from "../shared/executor.ts";

/** Orders by id, locked in id order (as every writer that locks several orders does). */
export async function findOrdersForUpdate(db: Executor, orderIds: readonly string[]): Promise<OrderRow[]> {
  return (
    await sql<OrderRow>`/* prepared: orders-for-update */
      select * from orders where id = any(${orderIds}::uuid[]) order by id for update`.execute(db)
  ).rows;
}

export async function listFills(
  db: Executor,
  accountId: string,
  f: {
    symbol?: string | undefined;
    orderId?: string | undefined;
    cursor?: string | undefined;
    limit: number;
  },
) {
  let q = db.selectFrom("fills").selectAll().where("account_id", "=", accountId);
  if (f.symbol !== undefined) q = q.where("symbol", "=", f.symbol);
  if (f.orderId !== undefined) q = q.where("order_id", "=", f.orderId);
  if (f.cursor !== undefined) q = q.where("id", "<", f.cursor);
  return await q
    .orderBy("id", "desc")
    .limit(f.limit + 1)
    .execute();
}
