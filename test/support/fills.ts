// Fills made the way the venue makes them: an order placed over HTTP, a trade report stored in the
// inbox and settled (ledger, order, position, fill).
import { randomBytes } from "node:crypto";
import type { ExecutionReport } from "../../src/modules/executions/executions.table.ts";
import type { InstrumentCatalog } from "../../src/modules/instruments/instruments.service.ts";
import type { Executor } from "../../src/modules/shared/executor.ts";
import { insertReports } from "../../src/modules/trading/inbox.ts";
import type { SettleResult } from "../../src/modules/trading/settle.plan.ts";
import { settleOrders } from "../../src/modules/trading/settle.ts";
import type { TestAccount, TestApp } from "./app.ts";

let stored = 0;

/** Stores an execution report of the order in the inbox (not settled); returns its execution id. */
export async function storeReport(
  t: TestApp,
  orderId: string,
  r: Partial<ExecutionReport> & Pick<ExecutionReport, "type">,
): Promise<string> {
  const report: ExecutionReport = {
    execution_id: `exec-${process.pid}-${++stored}-${randomBytes(3).toString("hex")}`,
    order_id: orderId,
    executed_at: new Date().toISOString(),
    ...r,
  };
  await insertReports(t.database.db, [report]);
  return report.execution_id;
}

export interface TradeOptions {
  symbol?: string;
  side?: "buy" | "sell";
  quantity: string;
  price: string;
  liquidity?: "maker" | "taker";
  /** The venue's execution time; now by default. */
  executedAt?: Date;
}

/** Places a limit order at the trade's price and fills it whole; returns the order id. */
export async function trade(t: TestApp, account: TestAccount, o: TradeOptions): Promise<string> {
  const placed = await t.app.inject({
    method: "POST",
    url: "/api/v1/orders",
    headers: account.headers,
    payload: {
      symbol: o.symbol ?? "BTC-USD",
      side: o.side ?? "buy",
      order_type: "limit",
      quantity: o.quantity,
      price: o.price,
    },
  });
  if (placed.statusCode !== 201) throw new Error(`place: ${placed.statusCode} ${placed.body}`);
  const orderId: string = placed.json().id;
  const executionId = await storeReport(t, orderId, {
    type: "trade",
    quantity: o.quantity,
    price: o.price,
    liquidity: o.liquidity ?? "taker",
    executed_at: (o.executedAt ?? new Date()).toISOString(),
  });
  const result = await settleExecution(t.database.db, t.services.catalog, executionId);
  if (result !== "settled") throw new Error(`settle: ${result}`);
  return orderId;
}

/** Settles an order's unsettled reports in arrival order, in one transaction; their results. */
export async function settlePending(
  db: Executor,
  catalog: InstrumentCatalog,
  orderId: string,
): Promise<SettleResult[]> {
  return [...(await settleOrders(db, catalog, [orderId])).values()];
}

/** Settles one stored report (and any report of its order that arrived before it). Idempotent. */
export async function settleExecution(
  db: Executor,
  catalog: InstrumentCatalog,
  executionId: string,
): Promise<SettleResult> {
  const stored = await db
    .selectFrom("execution_reports")
    .select(["order_id"])
    .where("execution_id", "=", executionId)
    .executeTakeFirst();
  if (stored === undefined) throw new Error(`no execution report ${executionId}`);
  return (await settleOrders(db, catalog, [stored.order_id])).get(executionId) ?? "already_settled";
}
