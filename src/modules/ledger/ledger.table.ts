import type { Generated } from "kysely";
import { columns } from "../shared/recordset.ts";

export interface BalancesTable {
  account_id: string;
  asset: string;
  available: Generated<string>;
  held: Generated<string>;
  is_system: Generated<boolean>;
  updated_at: Generated<Date>;
}

export type Bucket = "available" | "held";

export interface LedgerEntriesTable {
  id: string;
  journal_id: string;
  account_id: string;
  asset: string;
  bucket: Bucket;
  amount: string;
  kind: string;
  order_id: string | null;
  created_at: Generated<Date>;
}

/** A balance change as a statement applies it: added to `available` and `held`. */
export const BALANCE_DELTA_COLUMNS = columns<BalancesTable>()({
  account_id: "uuid",
  asset: "text",
  available: "numeric",
  held: "numeric",
});

export const LEDGER_ENTRY_COLUMNS = columns<LedgerEntriesTable>()({
  id: "uuid",
  journal_id: "uuid",
  account_id: "uuid",
  asset: "text",
  bucket: "text",
  amount: "numeric",
  kind: "text",
  order_id: "uuid",
});
