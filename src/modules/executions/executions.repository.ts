import type { Executor } from "../shared/executor.ts";

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
