import type { ColumnType, Generated } from "kysely";
import { columns } from "../shared/recordset.ts";

export interface EventsTable {
  account_id: string;
  seq: string;
  type: string;
  payload: ColumnType<unknown, string, never>;
  created_at: Generated<Date>;
}

/** An event to append, `ord` its place among its account's events in the statement. */
export const NEW_EVENT_COLUMNS = columns<EventsTable & { ord: number }>()({
  account_id: "uuid",
  ord: "int",
  type: "text",
  payload: "jsonb",
});
