// Settlement's reads and locks. Rows are locked in one global order: orders by id, then balances by
// (account, asset), positions by (account, symbol), accounts by id (the events); placement, routing
// and cancel take the subsets they need in the same order.
import { sql } from "kysely";
import type { Executor } from "../shared/executor.ts";
import { runNamed } from "../shared/named.ts";
import type { BalanceKey, LockedBalance, LockedPosition } from "./settle.ledger.ts";
import type { LockedOrder, StoredReport } from "./settle.plan.ts";

/** Locks orders in id order, with their account's e-mail address. */
export async function lockOrders(trx: Executor, orderIds: readonly string[]): Promise<LockedOrder[]> {
  const query = sql`select o.*, (select a.email from accounts a where a.id = o.account_id) as email
    from orders o where o.id = any(${orderIds}::uuid[]) order by o.id for update`;
  return (await runNamed<LockedOrder>(trx, "settle-orders", query)).rows;
}

/** Locks the legs of the order classes among `parents` (after them: a leg's id is later). */
export async function lockLegs(trx: Executor, parents: readonly LockedOrder[]): Promise<LockedOrder[]> {
  const ids = parents
    .filter((o) => o.order_class !== "simple" && o.parent_order_id === null)
    .map((o) => o.id);
  if (ids.length === 0) return [];
  const query = sql`select o.*, (select a.email from accounts a where a.id = o.account_id) as email
    from orders o where o.parent_order_id = any(${ids}::uuid[]) order by o.id for update`;
  return (await runNamed<LockedOrder>(trx, "route-legs", query)).rows;
}

/**
 * Locks orders in id order with the other orders of their classes (settlement moves a class's one
 * exit hold between its legs), with their account's e-mail address.
 */
export async function lockOrdersWithClass(
  trx: Executor,
  orderIds: readonly string[],
): Promise<LockedOrder[]> {
  const query = sql`
    with named as (select id, parent_order_id, order_class from orders where id = any(${orderIds}::uuid[])),
    roots as (
      select coalesce(parent_order_id, id) as id from named where order_class <> 'simple'
    ),
    wanted as (
      select id from named
      union select id from roots
      union select o.id from orders o where o.parent_order_id = any(array(select id from roots))
    )
    select o.*, (select a.email from accounts a where a.id = o.account_id) as email
    from orders o where o.id = any(array(select id from wanted)) order by o.id for update`;
  return (await runNamed<LockedOrder>(trx, "settle-orders-classes", query)).rows;
}

/** The orders' unsettled reports, in inbox order (the orders locked by this transaction). */
export async function unsettledReports(trx: Executor, orderIds: readonly string[]): Promise<StoredReport[]> {
  const query = sql`select execution_id, order_id, payload from execution_reports
    where order_id = any(${orderIds}::uuid[]) and settled_at is null order by inbox_seq`;
  return (await runNamed<StoredReport>(trx, "settle-reports", query)).rows;
}

/**
 * `(account_id, column) in (keys)`, with `account_id = any(…)` beside it: the lookup then stays a
 * scan of the (account_id, column) primary key even in a plan made while the table was small.
 */
function byKeys(column: "asset" | "symbol", keys: readonly (readonly [string, string])[]) {
  const accounts = keys.map(([a]) => a);
  return sql`(account_id, ${sql.ref(column)}) in (
      select * from unnest(${accounts}::uuid[], ${keys.map(([, k]) => k)}::text[]))
    and account_id = any(${accounts}::uuid[])`;
}

const assetPair = (d: { account_id: string; asset: string }) => [d.account_id, d.asset] as const;

/**
 * Locks the balances, then the positions, in one round trip (an Append runs its inputs in order).
 * Balance rows that do not exist yet are missing from the answer (`lockBalances` creates them).
 */
export async function lockBalancesAndPositions(
  trx: Executor,
  balances: readonly BalanceKey[],
  positions: readonly [string, string][],
): Promise<{ balances: LockedBalance[]; positions: LockedPosition[] }> {
  if (balances.length === 0 && positions.length === 0) return { balances: [], positions: [] };
  const query = sql`
    select 'b' as kind, account_id, asset, available, held, null as symbol, null::numeric as quantity,
      null::numeric as average_entry_price, null::numeric as realized_pnl
    from (select account_id, asset, available, held from balances
      where ${byKeys("asset", balances.map(assetPair))} order by account_id, asset for update) b
    union all
    select 'p', account_id, null, null, null, symbol, quantity, average_entry_price, realized_pnl
    from (select account_id, symbol, quantity, average_entry_price, realized_pnl from positions
      where ${byKeys("symbol", positions)} order by account_id, symbol for update) p`;
  const rows = (
    await runNamed<LockedBalance & LockedPosition & { kind: "b" | "p" }>(trx, "settle-locks", query)
  ).rows;
  return {
    balances: rows.filter((r) => r.kind === "b"),
    positions: rows.filter((r) => r.kind === "p"),
  };
}

/** Locks the positions again, in a statement (a snapshot) of its own. */
export async function lockPositions(
  trx: Executor,
  keys: readonly [string, string][],
): Promise<LockedPosition[]> {
  const query = sql`select account_id, symbol, quantity, average_entry_price, realized_pnl from positions
    where ${byKeys("symbol", keys)} order by account_id, symbol for update`;
  return (await runNamed<LockedPosition>(trx, "settle-positions", query)).rows;
}

/**
 * Creates the balance rows of `keys` missing from `locked` (an account's first movement of an
 * asset), then locks them all again; returns `locked` itself when none is missing.
 */
export async function lockMissingBalances(
  trx: Executor,
  keys: readonly BalanceKey[],
  locked: LockedBalance[],
): Promise<LockedBalance[]> {
  if (locked.length >= keys.length) return locked;
  const found = new Set(locked.map((r) => `${r.account_id}/${r.asset}`));
  const missing = keys.filter((d) => !found.has(`${d.account_id}/${d.asset}`));
  await trx
    .insertInto("balances")
    .values(
      missing.map((d) => ({
        account_id: d.account_id,
        asset: d.asset,
        available: "0",
        held: "0",
        is_system: d.is_system,
      })),
    )
    .onConflict((oc) => oc.columns(["account_id", "asset"]).doNothing())
    .execute();
  const query = sql`select account_id, asset, available, held from balances
    where ${byKeys("asset", keys.map(assetPair))} order by account_id, asset for update`;
  return (await runNamed<LockedBalance>(trx, "settle-balances", query)).rows;
}
