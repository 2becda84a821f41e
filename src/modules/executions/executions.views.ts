import type { Selectable } from "kysely";
import { normalize } from "../shared/decimal.ts";
import type { FillsTable } from "./executions.table.ts";

/** A fill view's fields in the order it shows them; stream events keep it (streams/wire.ts). */
export const FILL_VIEW_FIELDS = [
  "id",
  "order_id",
  "symbol",
  "side",
  "quantity",
  "price",
  "fee",
  "fee_asset",
  "liquidity",
  "executed_at",
] as const satisfies readonly (keyof ReturnType<typeof fillView>)[];

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
