// One statement that writes what a planner returned for many orders at once: balance moves, ledger
// entries, order state, fills, positions, settled reports, and the accounts' events, numbered in
// the same statement. Placement, settlement and opening orders each build one; the parts a
// statement has are fixed by its use case (a named prepared statement keeps one text), and a part
// given no rows writes nothing.
import { type RawBuilder, sql } from "kysely";
import { EventBatch } from "../events/events.service.ts";
import { NEW_FILL_COLUMNS } from "../executions/executions.table.ts";
import { BALANCE_DELTA_COLUMNS, LEDGER_ENTRY_COLUMNS } from "../ledger/ledger.table.ts";
import { ORDER_STATE_COLUMNS } from "../orders/orders.table.ts";
import type { OrderRow } from "../orders/orders.views.ts";
import { POSITION_COLUMNS } from "../positions/positions.table.ts";
import type { Executor } from "../shared/executor.ts";
import { runNamed } from "../shared/named.ts";
import { columnNames, type RecordsetRow, recordset } from "../shared/recordset.ts";

export type BalanceDeltaRow = RecordsetRow<typeof BALANCE_DELTA_COLUMNS>;
export type LedgerEntryRow = RecordsetRow<typeof LEDGER_ENTRY_COLUMNS>;
export type OrderStateRow = RecordsetRow<typeof ORDER_STATE_COLUMNS>;
export type FillRow = RecordsetRow<typeof NEW_FILL_COLUMNS>;
export type PositionRow = RecordsetRow<typeof POSITION_COLUMNS>;

/** An order row's state columns, as `updateOrders` writes them. */
export const orderState = (o: OrderRow): OrderStateRow => ({
  id: o.id,
  status: o.status,
  filled_quantity: o.filled_quantity,
  average_fill_price: o.average_fill_price,
  hold_amount: o.hold_amount,
  filled_notional: o.filled_notional,
  fee_accrued: o.fee_accrued,
  fee_charged: o.fee_charged,
  reject_reason: o.reject_reason,
  trigger_price: o.trigger_price,
  hwm: o.hwm,
  updated_at: o.updated_at,
});

const ids = (rows: readonly { account_id?: unknown; id?: unknown }[], key: "account_id" | "id") =>
  rows.map((r) => r[key]);

export class BatchWrite {
  readonly events = new EventBatch();
  readonly #parts: RawBuilder<unknown>[] = [];

  #part(name: string, body: RawBuilder<unknown>): this {
    this.#parts.push(sql`${sql.raw(name)} as (${body})`);
    return this;
  }

  /** Adds each delta to its balance row (locked by the caller, in key order). */
  moveBalances(deltas: readonly BalanceDeltaRow[]): this {
    return this.#part(
      "moved",
      sql`update balances b set available = b.available + d.available, held = b.held + d.held, updated_at = now()
        from ${recordset("d", BALANCE_DELTA_COLUMNS, deltas)}
        where b.account_id = d.account_id and b.asset = d.asset
          and b.account_id = any(${ids(deltas, "account_id")}::uuid[])`,
    );
  }

  insertLedgerEntries(entries: readonly LedgerEntryRow[]): this {
    return this.#part(
      "ledger",
      sql`insert into ledger_entries (${columnNames(LEDGER_ENTRY_COLUMNS)})
        select * from ${recordset("e", LEDGER_ENTRY_COLUMNS, entries)}`,
    );
  }

  /** Writes the orders' new state (their rows locked by the caller). */
  updateOrders(orders: readonly OrderStateRow[]): this {
    return this.#part(
      "changed",
      sql`update orders o set status = c.status, filled_quantity = c.filled_quantity,
          average_fill_price = c.average_fill_price, hold_amount = c.hold_amount,
          filled_notional = c.filled_notional, fee_accrued = c.fee_accrued, fee_charged = c.fee_charged,
          reject_reason = c.reject_reason, trigger_price = c.trigger_price, hwm = c.hwm,
          updated_at = c.updated_at
        from ${recordset("c", ORDER_STATE_COLUMNS, orders)}
        where o.id = c.id and o.id = any(${ids(orders, "id")}::uuid[])`,
    );
  }

  insertFills(fills: readonly FillRow[]): this {
    return this.#part(
      "fills",
      sql`insert into fills (${columnNames(NEW_FILL_COLUMNS)}) select * from ${recordset("f", NEW_FILL_COLUMNS, fills)}`,
    );
  }

  /** Writes the positions' new values, creating the rows that do not exist yet. */
  upsertPositions(positions: readonly PositionRow[]): this {
    return this.#part(
      "positions",
      sql`insert into positions (${columnNames(POSITION_COLUMNS)})
        select * from ${recordset("p", POSITION_COLUMNS, positions)}
        on conflict (account_id, symbol) do update set quantity = excluded.quantity,
          average_entry_price = excluded.average_entry_price, realized_pnl = excluded.realized_pnl,
          updated_at = now()`,
    );
  }

  /** Marks these execution reports settled. */
  markSettled(executionIds: readonly string[]): this {
    return this.#part(
      "settled",
      sql`update execution_reports set settled_at = now() where execution_id = any(${executionIds}::text[])`,
    );
  }

  /**
   * Runs the statement as the named prepared statement `name`, with `also` selected beside the
   * events' sequence numbers (a job queued in the same statement, say), and hands the numbered
   * events to the transaction (published after COMMIT). Returns what `also` selected.
   */
  async run<T>(trx: Executor, name: string, also: RawBuilder<T> = sql<T>`null`): Promise<T> {
    const result = await runNamed<{ also: T; seqs: [string, string | number][] | null }>(
      trx,
      name,
      sql`with ${sql.join([...this.#parts, this.events.appendSql()])}
        select ${also} as also, ${EventBatch.SEQS} as seqs`,
    );
    const row = result.rows[0];
    this.events.collect(trx, row?.seqs ?? null);
    return row?.also as T;
  }
}
