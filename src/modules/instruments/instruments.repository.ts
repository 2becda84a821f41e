import type { Executor } from "../shared/executor.ts";

/** Instruments with the precision of their base and quote assets. */
const withDecimals = (db: Executor) =>
  db
    .selectFrom("instruments as i")
    .innerJoin("assets as b", "b.asset", "i.base_asset")
    .innerJoin("assets as q", "q.asset", "i.quote_asset")
    .selectAll("i")
    .select(["b.decimals as base_decimals", "q.decimals as quote_decimals"]);

export async function findInstrument(db: Executor, symbol: string) {
  return await withDecimals(db).where("i.symbol", "=", symbol).executeTakeFirst();
}

export async function listInstruments(db: Executor) {
  return await withDecimals(db).orderBy("i.symbol").execute();
}
