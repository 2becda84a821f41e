import { sql } from "kysely";
import type { Executor } from "../shared/executor.ts";

export async function findPositionForUpdate(db: Executor, accountId: string, symbol: string) {
  return await db
    .selectFrom("positions")
    .selectAll()
    .where("account_id", "=", accountId)
    .where("symbol", "=", symbol)
    .forUpdate()
    .executeTakeFirst();
}

export async function upsertPosition(
  db: Executor,
  row: {
    account_id: string;
    symbol: string;
    quantity: string;
    average_entry_price: string;
    realized_pnl: string;
  },
): Promise<void> {
  await db
    .insertInto("positions")
    .values(row)
    .onConflict((oc) =>
      oc.columns(["account_id", "symbol"]).doUpdateSet({
        quantity: row.quantity,
        average_entry_price: row.average_entry_price,
        realized_pnl: row.realized_pnl,
        updated_at: sql`now()`,
      }),
    )
    .execute();
}

export async function listPositions(db: Executor, accountId: string) {
  return await db
    .selectFrom("positions")
    .selectAll()
    .where("account_id", "=", accountId)
    .orderBy("symbol")
    .execute();
}

export async function findPosition(db: Executor, accountId: string, symbol: string) {
  return await db
    .selectFrom("positions")
    .selectAll()
    .where("account_id", "=", accountId)
    .where("symbol", "=", symbol)
    .executeTakeFirst();
}
