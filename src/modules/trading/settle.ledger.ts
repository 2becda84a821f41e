// Settlement's money and positions, pure: which balance and position rows a plan moves (in the
// order they are locked), and their values after it, computed on the locked rows.
import { balanceDeltas } from "../ledger/ledger.service.ts";
import { type BalanceView, balanceView } from "../ledger/ledger.views.ts";
import { applyFill, flat, type Position } from "../positions/positions.rules.ts";
import { Decimal } from "../shared/decimal.ts";
import { DomainError } from "../shared/errors.ts";
import type { BalanceDeltaRow, PositionRow } from "./batch-write.ts";
import type { Journal, PositionMove } from "./settle.plan.ts";

const key = (a: string, b: string) => `${a}/${b}`;

export interface BalanceKey {
  account_id: string;
  asset: string;
  is_system: boolean;
}

export interface LockedBalance {
  account_id: string;
  asset: string;
  available: string;
  held: string;
}

export interface LockedPosition {
  account_id: string;
  symbol: string;
  quantity: string;
  average_entry_price: string;
  realized_pnl: string;
}

/** The balance rows the journals move, sorted by (account, asset): the order they are locked in. */
export function balanceKeys(journals: readonly Journal[]): BalanceKey[] {
  const keys = new Map<string, BalanceKey>();
  for (const j of journals) for (const d of balanceDeltas(j.lines)) keys.set(key(d.account_id, d.asset), d);
  return [...keys.values()].sort((x, y) =>
    key(x.account_id, x.asset) < key(y.account_id, y.asset) ? -1 : 1,
  );
}

/** The position rows the fills move, sorted by (account, symbol): the order they are locked in. */
export const positionKeys = (moves: readonly PositionMove[]): [string, string][] =>
  [...new Set(moves.map((f) => key(f.accountId, f.symbol)))]
    .sort()
    .map((k) => k.split("/") as [string, string]);

/** A user balance after a journal moved it, for its `balance.updated` event. */
export interface Moved {
  is_system: boolean;
  view: BalanceView;
}

/**
 * Applies the journals, in order, to the locked balances: each journal's balances after it (its
 * `balance.updated` events), and the net delta per balance row (what the statement adds). Refuses a
 * journal that would take a user balance below zero (INSUFFICIENT_FUNDS), as `postJournal` does;
 * the table's check constraint holds it again.
 */
export function applyJournals(
  journals: readonly Journal[],
  locked: readonly LockedBalance[],
): { moved: Map<string, Moved[]>; deltas: BalanceDeltaRow[] } {
  const state = new Map(
    locked.map((r) => [
      key(r.account_id, r.asset),
      { available: new Decimal(r.available), held: new Decimal(r.held) },
    ]),
  );
  const total = new Map<string, { account_id: string; asset: string; available: Decimal; held: Decimal }>();
  const moved = new Map<string, Moved[]>();
  for (const j of journals) {
    const after = balanceDeltas(j.lines).map((d) => {
      const k = key(d.account_id, d.asset);
      const s = state.get(k);
      if (s === undefined) throw new Error(`balance ${k} was not locked`);
      s.available = s.available.plus(d.available);
      s.held = s.held.plus(d.held);
      if (!d.is_system && (s.available.isNegative() || s.held.isNegative())) {
        throw new DomainError("INSUFFICIENT_FUNDS", "not enough available balance for this order");
      }
      const t = total.get(k) ?? {
        account_id: d.account_id,
        asset: d.asset,
        available: new Decimal(0),
        held: new Decimal(0),
      };
      t.available = t.available.plus(d.available);
      t.held = t.held.plus(d.held);
      total.set(k, t);
      return {
        is_system: d.is_system,
        view: balanceView({ asset: d.asset, available: s.available.toFixed(), held: s.held.toFixed() }),
      };
    });
    moved.set(j.id, after);
  }
  const deltas = [...total.values()].map((t) => ({
    account_id: t.account_id,
    asset: t.asset,
    available: t.available.toFixed(),
    held: t.held.toFixed(),
  }));
  return { moved, deltas };
}

/** The positions' values after the fills, one row per key (the locked rows, or flat ones). */
export function nextPositions(
  moves: readonly PositionMove[],
  keys: readonly [string, string][],
  locked: readonly LockedPosition[],
): PositionRow[] {
  const state = new Map<string, Position>(
    locked.map((r) => [
      key(r.account_id, r.symbol),
      {
        quantity: new Decimal(r.quantity),
        averageEntryPrice: new Decimal(r.average_entry_price),
        realizedPnl: new Decimal(r.realized_pnl),
      },
    ]),
  );
  for (const f of moves) {
    const k = key(f.accountId, f.symbol);
    state.set(k, applyFill(state.get(k) ?? flat(), f.side, f.quantity, f.price));
  }
  return keys.map(([account_id, symbol]) => {
    const p = state.get(key(account_id, symbol)) ?? flat();
    return {
      account_id,
      symbol,
      quantity: p.quantity.toFixed(),
      average_entry_price: p.averageEntryPrice.toFixed(),
      realized_pnl: p.realizedPnl.toFixed(),
    };
  });
}
