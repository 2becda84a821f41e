import type { ColumnType, Generated } from "kysely";

export interface EventsTable {
  account_id: string;
  seq: string;
  type: string;
  payload: ColumnType<unknown, string, never>;
  created_at: Generated<Date>;
}
