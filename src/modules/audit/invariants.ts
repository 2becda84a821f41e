// The ledger invariants (docs/architecture.md), checked against the database. Each check returns the
// breaches it found (empty when it holds).
import { sql } from "kysely";
import { EXTERNAL_ACCOUNT_ID, LEDGER_ONLY_ACCOUNT_IDS } from "../ledger/ledger.accounts.ts";
import { applyFill, flat, type Position } from "../positions/positions.rules.ts";
import { Decimal } from "../shared/decimal.ts";
import type { Executor } from "../shared/executor.ts";

export interface CheckResult {
  name: string;
  breaches: string[];
}

type Rows = Record<string, string>[];
const LEDGER_ONLY = sql`${[...LEDGER_ONLY_ACCOUNT_IDS]}::uuid[]`;

const rows = async (db: Executor, q: ReturnType<typeof sql>): Promise<Rows> =>
  (await q.execute(db)).rows as Rows;

async function ledgerBalances(db: Executor) {
  return await rows(
    db,
    sql`select asset, sum(amount)::text as off from ledger_entries group by asset having sum(amount) <> 0`,
  );
}

async function balancesMatchLedger(db: Executor) {
  return await rows(
    db,
    sql`with sums as (
      select account_id, asset,
        coalesce(sum(amount) filter (where bucket = 'available'), 0) as available,
        coalesce(sum(amount) filter (where bucket = 'held'), 0) as held
      from ledger_entries where account_id <> all(${LEDGER_ONLY}) group by account_id, asset)
    select b.account_id::text, b.asset, b.available::text, b.held::text,
      coalesce(s.available, 0)::text as ledger_available, coalesce(s.held, 0)::text as ledger_held
    from balances b full join sums s on s.account_id = b.account_id and s.asset = b.asset
    where coalesce(b.available, 0) <> coalesce(s.available, 0) or coalesce(b.held, 0) <> coalesce(s.held, 0)`,
  );
}

async function deposits(db: Executor) {
  return await rows(
    db,
    // What the accounts hold inside (user balances, and the ledger-only accounts by their entries)
    // against the external account's deposits less its withdrawals, each counted by its entries.
    sql`with held as (
        select asset, available + held as amount from balances where account_id <> ${EXTERNAL_ACCOUNT_ID}
        union all
        select asset, amount from ledger_entries where account_id = any(${LEDGER_ONLY})),
      inside as (select asset, sum(amount) as amount from held group by asset),
      moved as (
        select asset, coalesce(-sum(amount) filter (where kind = 'deposit'), 0) as deposited,
          coalesce(sum(amount) filter (where kind = 'withdrawal'), 0) as withdrawn,
          coalesce(sum(amount) filter (where kind not in ('deposit', 'withdrawal')), 0) as other
        from ledger_entries where account_id = ${EXTERNAL_ACCOUNT_ID} group by asset)
      select coalesce(i.asset, m.asset) as asset, coalesce(i.amount, 0)::text as held_inside,
        coalesce(m.deposited, 0)::text as deposited, coalesce(m.withdrawn, 0)::text as withdrawn,
        coalesce(m.other, 0)::text as other_external_entries
      from inside i full join moved m on m.asset = i.asset
      where coalesce(i.amount, 0) <> coalesce(m.deposited, 0) - coalesce(m.withdrawn, 0)
        or coalesce(m.other, 0) <> 0`,
  );
}

async function negativeBalances(db: Executor) {
  return await rows(
    db,
    sql`select account_id::text, asset, available::text, held::text from balances
      where not is_system and (available < 0 or held < 0)`,
  );
}

/** A notional order's quantity is only its bound: filled, it has traded for its notional instead. */
async function ordersConsistent(db: Executor) {
  return await rows(
    db,
    sql`select id::text, status, quantity::text, filled_quantity::text, hold_amount::text from orders
      where filled_quantity > quantity
        or (status in ('filled', 'cancelled', 'expired', 'rejected', 'failed') and hold_amount <> 0)
        or (status = 'filled' and filled_quantity <> quantity and notional is null)`,
  );
}

async function holdsMatchOrders(db: Executor) {
  return await rows(
    db,
    sql`with open as (
      select account_id, hold_asset as asset, sum(hold_amount) as held from orders
      where status in ('pending', 'open', 'partially_filled') group by account_id, hold_asset)
    select b.account_id::text, b.asset, b.held::text, coalesce(o.held, 0)::text as open_orders_hold
    from balances b left join open o on o.account_id = b.account_id and o.asset = b.asset
    where not b.is_system and b.held <> coalesce(o.held, 0)`,
  );
}

/** `x` rounded up to the decimals of the asset `a` (a row of `assets`). */
const ceilTo = (x: ReturnType<typeof sql>) =>
  sql`ceil(${x} * power(10::numeric, q.decimals)) / power(10::numeric, q.decimals)`;

async function limitOrdersHeld(db: Executor) {
  return await rows(
    db,
    // What the order still needs: its open quantity for a sell; for a buy, what the open quantity
    // at its price can still be charged with the taker fee, the most it can be charged, rounded
    // the way settlement rounds (the order's cumulative notional and fee, up to the quote's
    // precision; orders.rules.ts buyHoldNeeded).
    sql`select id::text, side, status, quantity::text, filled_quantity::text, price::text,
        hold_amount::text, needed::text
      from (select o.*, case when o.side = 'sell' then o.quantity - o.filled_quantity
          else ${ceilTo(sql`(o.filled_notional + (o.quantity - o.filled_quantity) * o.price)`)}
            - ${ceilTo(sql`o.filled_notional`)}
            + ${ceilTo(sql`(o.fee_accrued + (o.quantity - o.filled_quantity) * o.price * i.taker_fee_rate)`)}
            - o.fee_charged end as needed
        from orders o join instruments i on i.symbol = o.symbol join assets q on q.asset = i.quote_asset
        where o.order_type = 'limit' and o.status in ('pending', 'open', 'partially_filled')
          and not ${IS_EXIT}) o
      where hold_amount < needed`,
  );
}

/** An exit leg of an order class: every oco order; a bracket's or oto's legs. Their hold is the class's (below). */
const IS_EXIT = sql`(o.order_class = 'oco' or (o.order_class <> 'simple' and o.parent_order_id is not null))`;

/**
 * The exits of each order class with one still working hold once, on one leg: at most one exit
 * holds anything, so no leg spends funds another also counts on; sell exits hold exactly what the
 * class may still close (the entry's filled quantity, or the oco's quantity, less what the exits
 * filled); buy exits hold something while anything is left to close.
 */
async function classExitsHeldOnce(db: Executor) {
  return await rows(
    db,
    sql`with classes as (
        select coalesce(o.parent_order_id, o.id) as root from orders o
        where o.order_class <> 'simple' and o.status in ('pending', 'open', 'partially_filled') and ${IS_EXIT}
        group by 1),
      exits as (
        select c.root, o.side, o.hold_amount, o.filled_quantity from classes c
        join orders o on (o.id = c.root or o.parent_order_id = c.root) and ${IS_EXIT})
      select c.root::text as class, r.order_class, min(e.side) as side, count(*) filter (where e.hold_amount > 0)::text as holders,
        sum(e.hold_amount)::text as held,
        ((case when r.order_class = 'oco' then r.quantity else r.filled_quantity end) - sum(e.filled_quantity))::text as open
      from classes c join orders r on r.id = c.root join exits e on e.root = c.root
      group by c.root, r.order_class, r.quantity, r.filled_quantity
      having count(*) filter (where e.hold_amount > 0) > 1
        or (min(e.side) = 'sell' and sum(e.hold_amount)
          <> (case when r.order_class = 'oco' then r.quantity else r.filled_quantity end) - sum(e.filled_quantity))
        or (min(e.side) = 'buy' and sum(e.hold_amount) = 0
          and (case when r.order_class = 'oco' then r.quantity else r.filled_quantity end) > sum(e.filled_quantity))`,
  );
}

/**
 * The rows whose amount of `asset` has more decimals than the asset allows (or an unknown asset).
 * Rows made before the asset's precision was set (`assets.created_at`: a database that traded
 * before precision existed) are not held to it; `since` is the row's time.
 */
const overPrecise = (
  what: string,
  id: ReturnType<typeof sql>,
  asset: ReturnType<typeof sql>,
  amounts: ReturnType<typeof sql>[],
  from: ReturnType<typeof sql>,
  since?: ReturnType<typeof sql>,
) =>
  sql`select ${what}::text as what, ${id}::text as id, ${asset} as asset,
      concat_ws(' / ', ${sql.join(amounts.map((a) => sql`${a}::text`))}) as amount,
      coalesce(p.decimals::text, 'unknown asset') as decimals
    from ${from} left join assets p on p.asset = ${asset}
    where p.asset is null or (${since === undefined ? sql`true` : sql`${since} >= p.created_at`} and (${sql.join(
      amounts.map((a) => sql`${a} <> round(${a}, p.decimals)`),
      sql` or `,
    )}))`;

/**
 * Balances less what entries made before their asset's precision was set moved: those entries
 * may carry more decimals; everything since must not (the ledger equals the balances).
 */
const balancesSincePrecision = sql`(select b.account_id, b.asset,
    b.available - coalesce(old.available, 0) as available, b.held - coalesce(old.held, 0) as held
  from balances b left join lateral (
    select sum(e.amount) filter (where e.bucket = 'available') as available,
      sum(e.amount) filter (where e.bucket = 'held') as held
    from ledger_entries e join assets a on a.asset = e.asset
    where e.account_id = b.account_id and e.asset = b.asset and e.created_at < a.created_at) old on true) b`;

async function amountsAtPrecision(db: Executor) {
  return await rows(
    db,
    sql`${overPrecise("balance", sql`b.account_id`, sql`b.asset`, [sql`b.available`, sql`b.held`], balancesSincePrecision)}
      union all ${overPrecise("hold of order", sql`o.id`, sql`o.hold_asset`, [sql`o.hold_amount`], sql`orders o`, sql`o.created_at`)}
      union all ${overPrecise("ledger entry", sql`e.id`, sql`e.asset`, [sql`e.amount`], sql`ledger_entries e`, sql`e.created_at`)}
      union all ${overPrecise("fee of fill", sql`f.id`, sql`f.fee_asset`, [sql`f.fee`], sql`fills f`, sql`f.executed_at`)}
      limit 1000`,
  );
}

async function fillsOnce(db: Executor) {
  return await rows(
    db,
    sql`select r.execution_id, count(f.id)::text as fills from execution_reports r
      left join fills f on f.execution_id = r.execution_id
      where r.type = 'trade' and r.settled_at is not null
        and exists (select 1 from orders o where o.id = r.order_id and o.filled_quantity > 0)
      group by r.execution_id having count(f.id) > 1
      union all
      select o.id::text, 'filled ' || o.filled_quantity::text || ' but fills sum to ' || coalesce(sum(f.quantity), 0)::text
      from orders o left join fills f on f.order_id = o.id
      group by o.id, o.filled_quantity having o.filled_quantity <> coalesce(sum(f.quantity), 0)`,
  );
}

/** Fills read and replayed per query by positionsMatchFills. */
const FILLS_PAGE = 2_000;

export async function positionsMatchFills(db: Executor, pageSize = FILLS_PAGE): Promise<string[]> {
  // The fills in id order, a page at a time: memory stays bounded however many there are, and
  // the process (the worker, or `start` serving requests) gets its event loop back between pages.
  const expected = new Map<string, Position>();
  let after: string | undefined;
  for (;;) {
    let page = db
      .selectFrom("fills")
      .select(["id", "account_id", "symbol", "side", "quantity", "price"])
      .orderBy("id")
      .limit(pageSize);
    if (after !== undefined) page = page.where("id", ">", after);
    const fills = await page.execute();
    for (const f of fills) {
      const key = `${f.account_id} ${f.symbol}`;
      expected.set(
        key,
        applyFill(expected.get(key) ?? flat(), f.side, new Decimal(f.quantity), new Decimal(f.price)),
      );
    }
    if (fills.length < pageSize) break;
    after = fills[fills.length - 1]?.id;
  }
  const stored = await db.selectFrom("positions").selectAll().execute();
  const breaches: string[] = [];
  const seen = new Set<string>();
  for (const p of stored) {
    const key = `${p.account_id} ${p.symbol}`;
    seen.add(key);
    const e = expected.get(key) ?? flat();
    if (!e.quantity.eq(p.quantity) || !e.realizedPnl.eq(p.realized_pnl)) {
      breaches.push(
        `${key}: stored ${p.quantity} / pnl ${p.realized_pnl}, fills say ${e.quantity} / ${e.realizedPnl}`,
      );
    }
  }
  for (const [key, e] of expected)
    if (!seen.has(key) && !e.quantity.isZero()) breaches.push(`${key}: no position row`);
  return breaches;
}

const describe = (r: Rows) => r.map((row) => JSON.stringify(row));

/** All checks read one snapshot (repeatable read), so work committing meanwhile cannot look like a breach. */
export async function checkInvariants(db: Executor): Promise<CheckResult[]> {
  return await db
    .transaction()
    .setIsolationLevel("repeatable read")
    .execute(async (trx) => [
      { name: "every asset's ledger entries sum to zero", breaches: describe(await ledgerBalances(trx)) },
      {
        name: "balances equal the sums of their ledger entries",
        breaches: describe(await balancesMatchLedger(trx)),
      },
      {
        name: "accounts + fees + venue clearing = deposits − withdrawals",
        breaches: describe(await deposits(trx)),
      },
      { name: "no user balance below zero", breaches: describe(await negativeBalances(trx)) },
      {
        name: "filled ≤ quantity; terminal orders hold nothing",
        breaches: describe(await ordersConsistent(trx)),
      },
      {
        name: "held balances equal the holds of open orders",
        breaches: describe(await holdsMatchOrders(trx)),
      },
      {
        name: "every open limit order holds what its remaining quantity at its price needs",
        breaches: describe(await limitOrdersHeld(trx)),
      },
      {
        name: "each order class's exits hold once, on one leg, what they may still close",
        breaches: describe(await classExitsHeldOnce(trx)),
      },
      {
        name: "no balance, hold, ledger entry or fee has more decimals than its asset allows",
        breaches: describe(await amountsAtPrecision(trx)),
      },
      {
        name: "every fill applied once; filled quantity = sum of fills",
        breaches: describe(await fillsOnce(trx)),
      },
      { name: "positions equal the fills", breaches: await positionsMatchFills(trx) },
    ]);
}
