import { sql } from "kysely";
import type { Executor } from "../shared/executor.ts";
import type { LedgerEntriesTable } from "./ledger.table.ts";

/** A ledger row as it is written (`created_at` is the database's). */
export type EntryRow = Omit<LedgerEntriesTable, "created_at">;

export async function insertEntries(db: Executor, rows: EntryRow[]): Promise<void> {
  await db.insertInto("ledger_entries").values(rows).execute();
}

export interface BalanceDelta {
  account_id: string;
  asset: string;
  available: string;
  held: string;
  is_system: boolean;
}

const keyOf = (d: { account_id: string; asset: string }) => `${d.account_id}/${d.asset}`;

/**
 * Adds the deltas to the balances, creating rows as needed. With several rows, they are locked
 * first in key order, so concurrent journals cannot deadlock. A user balance driven below zero
 * violates the `balances_not_negative` check and aborts the transaction.
 */
export interface BalanceRow {
  account_id: string;
  asset: string;
  available: string;
  held: string;
}

export async function applyBalanceDeltas(db: Executor, deltas: BalanceDelta[]): Promise<BalanceRow[]> {
  if (deltas.length === 0) return [];
  const sorted = [...deltas].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));
  const keys = sql.join(sorted.map((d) => sql`(${d.account_id}::uuid, ${d.asset}::text)`));
  if (sorted.length > 1) {
    await sql`select 1 from balances where (account_id, asset) in (${keys})
      order by account_id, asset for update`.execute(db);
  }
  const values = sql.join(
    sorted.map(
      (d) => sql`(${d.account_id}::uuid, ${d.asset}::text, ${d.available}::numeric, ${d.held}::numeric)`,
    ),
  );
  const updated = await sql<BalanceRow>`
    update balances b
    set available = b.available + d.available, held = b.held + d.held, updated_at = now()
    from (values ${values}) as d (account_id, asset, available, held)
    where b.account_id = d.account_id and b.asset = d.asset
    returning b.account_id, b.asset, b.available, b.held`.execute(db);
  const done = new Set(updated.rows.map(keyOf));
  const missing = sorted.filter((d) => !done.has(keyOf(d)));
  if (missing.length === 0) return updated.rows;
  // First movement of an asset for an account. A concurrent first movement adds to the new row.
  const inserted = await db
    .insertInto("balances")
    .values(missing)
    .onConflict((oc) =>
      oc.columns(["account_id", "asset"]).doUpdateSet({
        available: sql`balances.available + excluded.available`,
        held: sql`balances.held + excluded.held`,
        updated_at: sql`now()`,
      }),
    )
    .returning(["account_id", "asset", "available", "held"])
    .execute();
  return [...updated.rows, ...inserted];
}

export async function findBalances(db: Executor, accountId: string) {
  return await db
    .selectFrom("balances")
    .select(["asset", "available", "held"])
    .where("account_id", "=", accountId)
    .orderBy("asset")
    .execute();
}
