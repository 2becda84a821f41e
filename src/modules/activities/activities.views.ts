// Ledger groups → the activities an account holder sees, pure. A deposit or a withdrawal is one
// activity; a trade is a fill activity per asset it moved (base and quote) and a fee activity
// when it charged one, the fill's quote amount being what the trade moved before the fee.
import { Decimal, normalize } from "../shared/decimal.ts";
import type { ActivityGroup, ActivityKind } from "./activities.repository.ts";

export const ACTIVITY_TYPES = ["deposit", "withdrawal", "fill", "fee"] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export interface ActivityView {
  id: string;
  type: ActivityType;
  asset: string;
  /** Signed: money in is positive, money out negative. */
  amount: string;
  created_at: string;
  order_id: string | null;
  fill_id: string | null;
  description: string;
}

/** An activity view's fields in the order it shows them; stream events keep it (streams/wire.ts). */
export const ACTIVITY_VIEW_FIELDS = [
  "id",
  "type",
  "asset",
  "amount",
  "created_at",
  "order_id",
  "fill_id",
  "description",
] as const satisfies readonly (keyof ActivityView)[];

/** The journal kinds each activity type comes from. */
export const KIND_OF: Record<ActivityType, ActivityKind> = {
  deposit: "deposit",
  withdrawal: "withdrawal",
  fill: "trade",
  fee: "trade",
};

/** Where an activity stands among its journal's: they are listed in this order. */
const RANK: Record<ActivityType, number> = { deposit: 0, withdrawal: 0, fill: 1, fee: 2 };

/** An activity's id: its journal, its type and its asset (unique, and stable). */
export const activityId = (journalId: string, type: ActivityType, asset: string) =>
  `${journalId}:${type}:${asset}`;

const ID =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):(deposit|withdrawal|fill|fee):([A-Z0-9]{1,12})$/;

export interface ActivityPosition {
  journalId: string;
  type: ActivityType;
  asset: string;
}

export function parseActivityId(id: string): ActivityPosition | undefined {
  const m = ID.exec(id);
  if (m === null) return undefined;
  return { journalId: m[1] as string, type: m[2] as ActivityType, asset: m[3] as string };
}

/** Whether `a` comes after `b` in a list of one journal's activities. */
export const comesAfter = (a: ActivityPosition, b: ActivityPosition): boolean =>
  RANK[a.type] !== RANK[b.type] ? RANK[a.type] > RANK[b.type] : a.asset > b.asset;

const trade = (g: ActivityGroup) =>
  g.fill_id === null
    ? `trade of order ${g.order_id ?? "?"}`
    : `${g.side} ${normalize(g.quantity ?? "0")} ${g.symbol} at ${normalize(g.price ?? "0")}`;

/** The activities of groups listed newest journal first, each journal's in their order. */
export function activitiesOf(groups: readonly ActivityGroup[]): ActivityView[] {
  const out: ActivityView[] = [];
  let journal: ActivityView[] = [];
  let current: string | undefined;
  const flush = () => {
    journal.sort((a, b) => {
      const pa = parseActivityId(a.id) as ActivityPosition;
      const pb = parseActivityId(b.id) as ActivityPosition;
      return comesAfter(pa, pb) ? 1 : -1;
    });
    out.push(...journal);
    journal = [];
  };
  for (const g of groups) {
    if (g.journal_id !== current) {
      flush();
      current = g.journal_id;
    }
    const view = (type: ActivityType, amount: Decimal, description: string): ActivityView => ({
      id: activityId(g.journal_id, type, g.asset),
      type,
      asset: g.asset,
      amount: amount.toFixed(),
      created_at: g.created_at.toISOString(),
      order_id: g.order_id,
      fill_id: g.fill_id,
      description,
    });
    const amount = new Decimal(g.amount);
    if (g.kind !== "trade") {
      if (!amount.isZero())
        journal.push(view(g.kind, amount, `${g.kind} of ${amount.abs().toFixed()} ${g.asset}`));
      continue;
    }
    const fee = g.fee !== null && g.fee_asset === g.asset ? new Decimal(g.fee) : new Decimal(0);
    const moved = amount.plus(fee);
    if (!moved.isZero()) journal.push(view("fill", moved, trade(g)));
    if (fee.gt(0)) journal.push(view("fee", fee.negated(), `${g.liquidity ?? ""} fee on ${trade(g)}`.trim()));
  }
  flush();
  return out;
}
