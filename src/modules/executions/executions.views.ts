import type { Selectable } from "kysely";
import { normalize } from "../shared/decimal.ts";
import type { FillsTable } from "./executions.table.ts";

export const fillView = (f: Selectable<FillsTable>) => ({
  id: f.id,
  order_id: f.order_id,
  symbol: f.symbol,
  side: f.side,
  quantity: normalize(f.quantity),
  price: normalize(f.price),
  fee: normalize(f.fee),
  fee_asset: f.fee_asset,
  liquidity: f.liquidity,
  executed_at: f.executed_at.toISOString(),
});
