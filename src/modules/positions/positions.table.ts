import type { Generated } from "kysely";
import { columns } from "../shared/recordset.ts";

export interface PositionsTable {
  account_id: string;
  symbol: string;
  /** Signed: positive long, negative short. */
  quantity: Generated<string>;
  average_entry_price: Generated<string>;
  realized_pnl: Generated<string>;
  updated_at: Generated<Date>;
}

export const POSITION_COLUMNS = columns<PositionsTable>()({
  account_id: "uuid",
  symbol: "text",
  quantity: "numeric",
  average_entry_price: "numeric",
  realized_pnl: "numeric",
});
