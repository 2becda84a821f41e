import type { Generated } from "kysely";

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
