import type { Executor } from "../shared/executor.ts";

export async function findInstrument(db: Executor, symbol: string) {
  return await db.selectFrom("instruments").selectAll().where("symbol", "=", symbol).executeTakeFirst();
}

export async function listInstruments(db: Executor) {
  return await db.selectFrom("instruments").selectAll().orderBy("symbol").execute();
}
