// The double-entry ledger. Every movement is a journal: a set of entries whose amounts sum to zero
// per asset. Balances are the running sums of the entries, updated in the same transaction.
import { Decimal } from "../shared/decimal.ts";
import { DomainError } from "../shared/errors.ts";
import type { Executor } from "../shared/executor.ts";
import { newId } from "../shared/ids.ts";
import { LEDGER_ONLY_ACCOUNT_IDS, SYSTEM_ACCOUNT_IDS } from "./ledger.accounts.ts";
import { applyBalanceDeltas, type BalanceDelta, findBalances, insertEntries } from "./ledger.repository.ts";
import type { Bucket } from "./ledger.table.ts";
import { type BalanceView, balanceView } from "./ledger.views.ts";

export interface JournalLine {
  accountId: string;
  asset: string;
  bucket: Bucket;
  amount: Decimal;
}

export interface Journal {
  kind: string;
  orderId?: string | null;
  lines: JournalLine[];
}

/** A user balance after a journal moved it. */
export type MovedBalance = BalanceView & { account_id: string; journal_id: string };

export class UnbalancedJournalError extends Error {
  override name = "UnbalancedJournalError";
}

/** Throws unless the lines sum to zero for every asset. A bug guard: callers build balanced journals. */
export function assertBalanced(lines: JournalLine[]): void {
  const sums = new Map<string, Decimal>();
  for (const line of lines) sums.set(line.asset, (sums.get(line.asset) ?? new Decimal(0)).plus(line.amount));
  for (const [asset, sum] of sums) {
    if (!sum.isZero())
      throw new UnbalancedJournalError(`journal does not balance for ${asset}: off by ${sum.toFixed()}`);
  }
}

/** The balance changes of journal lines, one per (account, asset); ledger-only accounts have none. */
export function balanceDeltas(lines: JournalLine[]): BalanceDelta[] {
  const byKey = new Map<string, { accountId: string; asset: string; available: Decimal; held: Decimal }>();
  for (const line of lines) {
    // Ledger-only accounts keep no balance row (their entries are their balance).
    if (LEDGER_ONLY_ACCOUNT_IDS.includes(line.accountId)) continue;
    const key = `${line.accountId}/${line.asset}`;
    const d = byKey.get(key) ?? {
      accountId: line.accountId,
      asset: line.asset,
      available: new Decimal(0),
      held: new Decimal(0),
    };
    if (line.bucket === "available") d.available = d.available.plus(line.amount);
    else d.held = d.held.plus(line.amount);
    byKey.set(key, d);
  }
  return [...byKey.values()].map((d) => ({
    account_id: d.accountId,
    asset: d.asset,
    available: d.available.toFixed(),
    held: d.held.toFixed(),
    is_system: SYSTEM_ACCOUNT_IDS.includes(d.accountId),
  }));
}

const isNegativeBalance = (error: unknown): boolean =>
  typeof error === "object" &&
  error !== null &&
  "constraint" in error &&
  error.constraint === "balances_not_negative";

/**
 * Writes a journal and moves the balances, inside the caller's transaction. A user balance that
 * would go below zero raises INSUFFICIENT_FUNDS (the transaction must then roll back). Returns
 * the new balances of the user accounts it moved, for their `balance.updated` events.
 */
export async function postJournal(trx: Executor, journal: Journal): Promise<MovedBalance[]> {
  const lines = journal.lines.filter((l) => !l.amount.isZero());
  assertBalanced(lines);
  const journalId = newId();
  let moved: Awaited<ReturnType<typeof applyBalanceDeltas>>;
  try {
    moved = await applyBalanceDeltas(trx, balanceDeltas(lines));
  } catch (error) {
    if (isNegativeBalance(error)) {
      throw new DomainError("INSUFFICIENT_FUNDS", "not enough available balance for this order", {
        cause: error,
      });
    }
    throw error;
  }
  await insertEntries(
    trx,
    lines.map((l) => ({
      id: newId(),
      journal_id: journalId,
      account_id: l.accountId,
      asset: l.asset,
      bucket: l.bucket,
      amount: l.amount.toFixed(),
      kind: journal.kind,
      order_id: journal.orderId ?? null,
    })),
  );
  return moved
    .filter((b) => !SYSTEM_ACCOUNT_IDS.includes(b.account_id))
    .map((b) => ({ account_id: b.account_id, journal_id: journalId, ...balanceView(b) }));
}

/** The account's balances as the API shows them. */
export async function balancesOf(db: Executor, accountId: string): Promise<BalanceView[]> {
  return (await findBalances(db, accountId)).map(balanceView);
}

/** Moves `amount` of a user's asset from available to held (a hold) or back (a release). */
export function holdLines(accountId: string, asset: string, amount: Decimal): JournalLine[] {
  return [
    { accountId, asset, bucket: "available", amount: amount.negated() },
    { accountId, asset, bucket: "held", amount },
  ];
}
