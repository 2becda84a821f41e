// Placement's planner, pure: in arrival order, each new order takes its hold from its account's
// locked balance while that covers it; the rest are refused. What it returns is what placement's
// statement writes: the balance moves, the ledger entries and the events of the accepted orders.

import type { OrderView } from "../orders/orders.schema.ts";
import { Decimal } from "../shared/decimal.ts";
import { newId } from "../shared/ids.ts";
import type { BalanceDeltaRow, LedgerEntryRow } from "./batch-write.ts";

/** An order to place: its view as it is answered, and what placement stores beside it. */
export interface NewOrder {
  view: OrderView;
  account_id: string;
  request_hash: string | null;
  slippage_tolerance: string | null;
  hold_asset: string;
  hold_amount: Decimal;
  created_at: Date;
  /** An order class's other legs, placed with it, all or none (they hold nothing of their own). */
  legs?: NewOrder[];
  /** The quantity stored when it is not the view's: a notional order's bound (its view shows its fills). */
  max_quantity?: string;
}

export interface Balance {
  available: Decimal;
  held: Decimal;
}

export const balanceKey = (accountId: string, asset: string) => `${accountId}/${asset}`;

export interface Accepted {
  order: NewOrder;
  /** The balance of the held asset right after this order's hold (none for a leg, which holds nothing). */
  balance?: { asset: string; total: string; available: string; held: string };
}

/**
 * In arrival order, each inserted order takes its hold while the locked balance covers it. An order
 * class (its parent, then its legs) takes all its holds or none; a leg whose parent was not
 * inserted (a replay) is refused, and so removed again.
 */
export function allocate(inserted: readonly NewOrder[], balances: ReadonlyMap<string, Balance>) {
  const accepted: Accepted[] = [];
  const refused: NewOrder[] = [];
  const units: NewOrder[][] = [];
  const unitOf = new Map<string, NewOrder[]>();
  for (const order of inserted) {
    const parent = order.view.parent_order_id;
    const unit = parent === null ? undefined : unitOf.get(parent);
    if (unit !== undefined) unit.push(order);
    else if (parent !== null) refused.push(order);
    else {
      const own = [order];
      units.push(own);
      unitOf.set(order.view.id, own);
    }
  }
  for (const unit of units) {
    const needs = new Map<string, Decimal>();
    for (const o of unit) {
      if (o.hold_amount.isZero()) continue;
      const k = balanceKey(o.account_id, o.hold_asset);
      needs.set(k, (needs.get(k) ?? new Decimal(0)).plus(o.hold_amount));
    }
    if (![...needs].every(([k, amount]) => balances.get(k)?.available.gte(amount) === true)) {
      refused.push(...unit);
      continue;
    }
    for (const order of unit) {
      const b = balances.get(balanceKey(order.account_id, order.hold_asset));
      if (order.hold_amount.isZero() || b === undefined) {
        accepted.push({ order });
        continue;
      }
      b.available = b.available.minus(order.hold_amount);
      b.held = b.held.plus(order.hold_amount);
      const total = b.available.plus(b.held).toFixed();
      accepted.push({
        order,
        balance: { asset: order.hold_asset, total, available: b.available.toFixed(), held: b.held.toFixed() },
      });
    }
  }
  return { accepted, refused };
}

/** The holds of the accepted orders: one delta per balance, two ledger entries per order. */
export function holdRows(accepted: readonly Accepted[]): {
  deltas: BalanceDeltaRow[];
  entries: LedgerEntryRow[];
} {
  const holds = new Map<string, { account_id: string; asset: string; amount: Decimal }>();
  const entries: LedgerEntryRow[] = [];
  for (const { order } of accepted) {
    if (order.hold_amount.isZero()) continue;
    const k = balanceKey(order.account_id, order.hold_asset);
    const h = holds.get(k) ?? {
      account_id: order.account_id,
      asset: order.hold_asset,
      amount: new Decimal(0),
    };
    h.amount = h.amount.plus(order.hold_amount);
    holds.set(k, h);
    const amount = order.hold_amount.toFixed();
    const journal = {
      journal_id: newId(),
      account_id: order.account_id,
      asset: order.hold_asset,
      kind: "hold",
      order_id: order.view.id,
    };
    entries.push({ ...journal, id: newId(), bucket: "available", amount: `-${amount}` });
    entries.push({ ...journal, id: newId(), bucket: "held", amount });
  }
  const deltas = [...holds.values()].map((h) => ({
    account_id: h.account_id,
    asset: h.asset,
    available: h.amount.negated().toFixed(),
    held: h.amount.toFixed(),
  }));
  return { deltas, entries };
}
