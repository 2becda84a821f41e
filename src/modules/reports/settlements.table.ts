import type { ColumnType, Generated } from "kysely";

export type SettlementStatus = "running" | "summarizing" | "complete";

export interface SettlementSummary {
  accounts: number;
  statements: { ready: number; failed: number };
  fills: number;
  volume: { symbol: string; fills: number; quantity: string; notional: string }[];
  fees: { asset: string; amount: string }[];
}

export interface SettlementRunsTable {
  id: string;
  /** DATE: select it as `date::text`; pg would read it as a local-time Date. */
  date: ColumnType<string, string, never>;
  /** How many statements the run fanned out; `done` counts those finished (ready or failed). */
  total: ColumnType<number, number, never>;
  done: ColumnType<number, never, never>;
  status: ColumnType<SettlementStatus, SettlementStatus | undefined, SettlementStatus>;
  summary: ColumnType<SettlementSummary | null, never, string>;
  created_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  completed_at: ColumnType<Date | null, never, Date>;
}
