import type { Generated } from "kysely";

export interface PositionsTable {
  account_id: string;
  symbol: string;
  /** Signed: positive long, negative short. */
  quantity: Generated<string>;
  average_entry_price: Generated<string>;
  realized_pnl: Generated<string>;
  updated_at: Generated<Date>;
}
