// The ledger entries an account's activities are made of, grouped per journal and asset.
import { type RawBuilder, sql } from "kysely";
import { SYSTEM_ACCOUNT_IDS } from "../ledger/ledger.accounts.ts";
import type { Executor } from "../shared/executor.ts";

/** The journal kinds that move an account's money as its holder sees it (holds and releases do not). */
export const ACTIVITY_KINDS = ["deposit", "withdrawal", "trade"] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/**
 * The predicate of the partial index `ledger_entries_activity_idx` (migration 0011), written out
 * as the index has it so that the planner can use the index.
 */
const INDEXED = sql.raw(
  `kind in (${ACTIVITY_KINDS.map((k) => `'${k}'`).join(", ")}) and account_id not in (${SYSTEM_ACCOUNT_IDS.map((id) => `'${id}'`).join(", ")})`,
);

/** One journal's movement of one asset for the account, with the fill a trade journal records. */
export interface ActivityGroup {
  journal_id: string;
  kind: ActivityKind;
  asset: string;
  /** The sum of the account's entries of the asset in the journal, over both buckets. */
  amount: string;
  created_at: Date;
  order_id: string | null;
  fill_id: string | null;
  symbol: string | null;
  side: "buy" | "sell" | null;
  quantity: string | null;
  price: string | null;
  fee: string | null;
  fee_asset: string | null;
  liquidity: "maker" | "taker" | null;
}

export interface GroupFilter {
  kinds: readonly ActivityKind[];
  /** Journals up to this one (`inclusive`) or before it. */
  before?: { journalId: string; inclusive: boolean } | undefined;
  /** Only this journal. */
  journalId?: string | undefined;
  after?: Date | undefined;
  until?: Date | undefined;
  /** How many journals, newest first. */
  journals: number;
}

export async function activityGroups(
  db: Executor,
  accountId: string,
  f: GroupFilter,
): Promise<ActivityGroup[]> {
  const conditions: RawBuilder<unknown>[] = [
    sql`account_id = ${accountId}`,
    INDEXED,
    sql`kind = any(${[...f.kinds]})`,
  ];
  if (f.before !== undefined)
    conditions.push(
      f.before.inclusive ? sql`journal_id <= ${f.before.journalId}` : sql`journal_id < ${f.before.journalId}`,
    );
  if (f.journalId !== undefined) conditions.push(sql`journal_id = ${f.journalId}`);
  // At the millisecond, as created_at is shown: a time read from a list bounds it exactly.
  if (f.after !== undefined) conditions.push(sql`date_trunc('milliseconds', created_at) > ${f.after}`);
  if (f.until !== undefined) conditions.push(sql`date_trunc('milliseconds', created_at) <= ${f.until}`);
  const result = await sql<ActivityGroup>`
    with j as (
      select distinct journal_id from ledger_entries where ${sql.join(conditions, sql` and `)}
      order by journal_id desc limit ${f.journals})
    select e.journal_id, e.kind, e.asset, sum(e.amount)::text as amount, min(e.created_at) as created_at,
      (array_agg(e.order_id))[1] as order_id, f.id as fill_id, f.symbol, f.side, f.quantity::text as quantity,
      f.price::text as price, f.fee::text as fee, f.fee_asset, f.liquidity
    from j join ledger_entries e on e.journal_id = j.journal_id and e.account_id = ${accountId} and ${INDEXED}
    left join fills f on f.id = e.journal_id
    group by e.journal_id, e.kind, e.asset, f.id
    order by e.journal_id desc, e.asset`.execute(db);
  return result.rows;
}
