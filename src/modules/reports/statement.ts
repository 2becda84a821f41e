// The daily statement of one account: a CSV (RFC 4180, CRLF) in three sections separated by an
// empty line, each with its own header row — the statement itself, the fills executed that UTC day,
// and the closing balances from the ledger. Amounts are decimal strings, never floats.
import { Decimal, normalize } from "../shared/decimal.ts";
import type { Executor } from "../shared/executor.ts";
import { utcDay } from "./dates.ts";
import {
  balancesAt,
  FILL_COLUMNS,
  fillsBetween,
  type ReportRow,
  type StatementFill,
} from "./reports.repository.ts";

/** Quotes a field when it holds a separator, quote or line break; defuses spreadsheet formulas. */
export function csvField(value: string): string {
  const text = /^[=+@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const row = (fields: string[]) => `${fields.map(csvField).join(",")}\r\n`;

export const BALANCE_COLUMNS = ["asset", "total", "available", "held"] as const;

export interface StatementData {
  accountId: string;
  date: string;
  balancesAsOf: Date;
  fills: StatementFill[];
  balances: { asset: string; available: string; held: string }[];
}

export function statementCsv(d: StatementData): string {
  let csv = row(["statement", "account_id", "date", "balances_as_of"]);
  csv += row(["daily_statement", d.accountId, d.date, d.balancesAsOf.toISOString()]);
  csv += `\r\n${row([...FILL_COLUMNS])}`;
  for (const f of d.fills) {
    csv += row([
      f.executed_at.toISOString(),
      f.order_id,
      f.symbol,
      f.side,
      normalize(f.quantity),
      normalize(f.price),
      normalize(f.fee),
      f.fee_asset,
      f.liquidity,
    ]);
  }
  csv += `\r\n${row([...BALANCE_COLUMNS])}`;
  for (const b of d.balances) {
    const total = new Decimal(b.available).plus(b.held);
    csv += row([b.asset, total.toFixed(), normalize(b.available), normalize(b.held)]);
  }
  return csv;
}

/**
 * Reads the statement's data. The closing balances are the ledger at the end of the day, or now
 * for today (a statement of today shows the balances as they are when it is generated).
 */
export async function dailyStatement(db: Executor, report: ReportRow, now = new Date()): Promise<string> {
  const { from, to } = utcDay(report.date);
  const dayOver = now >= to;
  const [fills, balances] = await Promise.all([
    fillsBetween(db, report.account_id, from, to),
    balancesAt(db, report.account_id, dayOver ? to : undefined),
  ]);
  return statementCsv({
    accountId: report.account_id,
    date: report.date,
    balancesAsOf: dayOver ? to : now,
    fills,
    balances,
  });
}
