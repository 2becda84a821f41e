// The database type, assembled from each module's table file.
import type { Kysely } from "kysely";
import type { AccountsTable, ApiKeysTable } from "./accounts/accounts.table.ts";
import type { EventsTable } from "./events/events.table.ts";
import type { ExecutionReportsTable, FillsTable } from "./executions/executions.table.ts";
import type { IdempotencyKeysTable } from "./idempotency/idempotency.table.ts";
import type { AssetsTable, InstrumentsTable } from "./instruments/instruments.table.ts";
import type { BalancesTable, LedgerEntriesTable } from "./ledger/ledger.table.ts";
import type { CandleFeedsTable, CandlesTable } from "./market/candles.table.ts";
import type { OrdersTable } from "./orders/orders.table.ts";
import type { PositionsTable } from "./positions/positions.table.ts";
import type { ReportsTable } from "./reports/reports.table.ts";
import type { SettlementRunsTable } from "./reports/settlements.table.ts";

export interface Database {
  accounts: AccountsTable;
  api_keys: ApiKeysTable;
  assets: AssetsTable;
  instruments: InstrumentsTable;
  balances: BalancesTable;
  ledger_entries: LedgerEntriesTable;
  orders: OrdersTable;
  events: EventsTable;
  execution_reports: ExecutionReportsTable;
  fills: FillsTable;
  positions: PositionsTable;
  reports: ReportsTable;
  settlement_runs: SettlementRunsTable;
  candles: CandlesTable;
  candle_feeds: CandleFeedsTable;
  idempotency_keys: IdempotencyKeysTable;
}

/** The pool-backed query builder over this database. */
export type Db = Kysely<Database>;
