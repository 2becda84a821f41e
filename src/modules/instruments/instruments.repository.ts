import type { Executor } from "../shared/executor.ts";

export async function findInstrument(db: Executor, symbol: string) {
  return await db.selectFrom("instruments").selectAll().where("symbol", "=", symbol).executeTakeFirst();
}

export async function listInstruments(db: Executor) {
  return await db.selectFrom("instruments").selectAll().orderBy("symbol").execute();
}

/** Every asset that some listed instrument trades: the assets that can be deposited. */
export async function listAssets(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom("instruments")
    .select("base_asset as asset")
    .union(db.selectFrom("instruments").select("quote_asset as asset"))
    .execute();
  return rows.map((r) => r.asset).sort();
}
