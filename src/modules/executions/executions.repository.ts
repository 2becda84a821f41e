import type { Executor } from "../shared/executor.ts";
import type { ExecutionReport } from "./executions.table.ts";

/** Stores a report unless its execution id is known; true when it is new. */
export async function insertReport(db: Executor, report: ExecutionReport): Promise<boolean> {
  const row = await db
    .insertInto("execution_reports")
    .values({
      execution_id: report.execution_id,
      order_id: report.order_id,
      type: report.type,
      payload: JSON.stringify(report),
    })
    .onConflict((oc) => oc.column("execution_id").doNothing())
    .returning("execution_id")
    .executeTakeFirst();
  return row !== undefined;
}

export async function findOrderByIdForUpdate(db: Executor, orderId: string) {
  return await db.selectFrom("orders").selectAll().where("id", "=", orderId).forUpdate().executeTakeFirst();
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
