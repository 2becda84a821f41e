import type { ColumnType, Generated } from "kysely";
import { columns } from "../shared/recordset.ts";

export type ReportType = "trade" | "cancelled" | "expired" | "rejected" | "accepted" | "trail";

export interface ExecutionReportsTable {
  execution_id: string;
  inbox_seq: ColumnType<string, never, never>;
  order_id: string;
  type: ReportType;
  payload: ColumnType<ExecutionReport, string, string>;
  received_at: Generated<Date>;
  settled_at: ColumnType<Date | null, never, Date>;
}

export interface FillsTable {
  id: string;
  execution_id: string;
  order_id: string;
  account_id: string;
  symbol: string;
  side: "buy" | "sell";
  quantity: string;
  price: string;
  fee: string;
  fee_asset: string;
  liquidity: "maker" | "taker";
  executed_at: Date;
}

/** What the venue reports about one of our orders; the order id is the venue's client order id. */
export interface ExecutionReport {
  execution_id: string;
  order_id: string;
  type: ReportType;
  /** trade only: the executed quantity and price, decimal strings. */
  quantity?: string;
  price?: string;
  liquidity?: "maker" | "taker";
  /** cancelled / expired / rejected: why. */
  reason?: string;
  /** trail only: a trailing stop's mark and its trigger as the venue moved them. */
  hwm?: string;
  trigger_price?: string;
  /** The venue's time of the execution, RFC 3339. */
  executed_at: string;
}

export const NEW_FILL_COLUMNS = columns<FillsTable>()({
  id: "uuid",
  execution_id: "text",
  order_id: "uuid",
  account_id: "uuid",
  symbol: "text",
  side: "text",
  quantity: "numeric",
  price: "numeric",
  fee: "numeric",
  fee_asset: "text",
  liquidity: "text",
  executed_at: "timestamptz",
});
