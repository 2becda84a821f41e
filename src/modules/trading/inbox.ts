// The execution inbox: reports from the venue are stored once per execution id, their settlement
// queued with them in the same transaction (or, on the fast path, done in it), and settled in the
// order they arrived.

import { sql } from "kysely";
import type { Claim, FastPath } from "../../platform/fast-path.ts";
import { transact } from "../events/committed.ts";
import type { ExecutionReport } from "../executions/executions.table.ts";
import type { InstrumentCatalog } from "../instruments/instruments.service.ts";
import { jobKeys, MAX_ATTEMPTS } from "../jobs/catalogue.ts";
import { addJob } from "../jobs/queue.ts";
import type { Executor } from "../shared/executor.ts";
import { runNamed } from "../shared/named.ts";
import type { StoredReport } from "./settle.plan.ts";
import { settleIn, settleOrders } from "./settle.ts";
/** Orders settled per transaction: their reports, balances, positions and events in one go. */
export const SETTLE_CHUNK = 64;

/**
 * Settlement by the process that stores the reports (the fast path): in the same transaction when
 * the batch is small, otherwise (or if that failed) right after its commit, the job as fallback.
 */
export interface InlineSettlement {
  /** The fast path that settles the stored reports after COMMIT when the inline attempt failed; without one, their job does. */
  path?: FastPath;
  catalog: InstrumentCatalog;
  log: { warn(message: string): void };
}

/**
 * Stores new reports (known execution ids are acknowledged and ignored) and queues one
 * `settle_fill` job for the orders that got one, in one transaction. Returns how many were new.
 *
 * Inline, a batch of up to SETTLE_CHUNK reports is settled in that same transaction instead: the
 * reports and their effects commit together, and no job is needed. If that transaction fails (a
 * report that cannot settle, a deadlock), the reports are stored with their job as above and
 * settled by the fast path, whose per-order fallback isolates the bad one.
 */
export async function receiveReports(
  db: Executor,
  reports: ExecutionReport[],
  inline?: InlineSettlement,
): Promise<number> {
  if (reports.length === 0) return 0;
  if (inline !== undefined && reports.length <= SETTLE_CHUNK) {
    try {
      return await transact(db, async (trx) => {
        const { fresh, orders } = await insertReports(trx, reports);
        const ignored = new Set<string>();
        await settleIn(trx, inline.catalog, orders, { ignored });
        for (const id of ignored) inline.log.warn(`reports for terminal order ${id} were ignored`);
        return fresh;
      });
    } catch (error) {
      inline.log.warn(`settling reports as they were stored failed (${String(error)}); they get a job`);
    }
  }
  const write = (claim?: Claim) =>
    transact(db, async (trx) => {
      const stored = await insertReports(trx, reports);
      if (stored.orders.length > 0) {
        await addJob(
          trx,
          "settle_fill",
          { order_ids: stored.orders },
          { maxAttempts: MAX_ATTEMPTS.settle_fill, jobKey: claim?.jobKey, runAt: claim?.runAt },
        );
      }
      return stored;
    });
  const stored =
    inline?.path === undefined
      ? await write()
      : await inline.path.around(write, ({ orders }) =>
          orders.length === 0 ? undefined : () => settleOrQueue(db, inline.catalog, orders, inline.log),
        );
  return stored.fresh;
}

/**
 * The inbox insert both statements below share: the reports in batch order (inbox_seq follows it),
 * a known execution id ignored. `where` gates the rows (insertReports' lock).
 */
const inboxInsert = (reports: ExecutionReport[], where = sql``) => sql`
  insert into execution_reports (execution_id, order_id, type, payload)
  select r.value ->> 'execution_id', (r.value ->> 'order_id')::uuid, r.value ->> 'type', r.value
  from jsonb_array_elements(${JSON.stringify(reports)}::jsonb) with ordinality as r (value, n)
  ${where}
  order by r.n
  on conflict (execution_id) do nothing`;

/**
 * One statement; inbox_seq follows the order of the batch. Returns the new reports' count and
 * orders. Before it writes a report it locks the reports' orders (FOR UPDATE, as settlement does,
 * in id order, all of them: an InitPlan runs once, before the first row). Routing stores the
 * reports a submit answered with while it holds its orders; the webhook's copies of those reports
 * then wait for routing's COMMIT and find them stored, instead of getting in first and leaving
 * routing nothing to settle (the inbox has no foreign key to orders, so nothing else waits).
 */
export async function insertReports(trx: Executor, reports: ExecutionReport[]) {
  const orderIds = [...new Set(reports.map((r) => r.order_id))];
  const query = sql`
    with locked as (
      select id from orders where id = any(${orderIds}::uuid[]) order by id for update
    )
    ${inboxInsert(reports, sql`where (select count(*) from locked) >= 0`)}
    returning order_id`;
  const rows = (await runNamed<{ order_id: string }>(trx, "insert-reports", query)).rows;
  return { fresh: rows.length, orders: [...new Set(rows.map((r) => r.order_id))] };
}

/**
 * Routing's inbox insert: stores the reports a submit answered with (known execution ids are
 * ignored) and returns every unsettled report of `orderIds`, in inbox order, for settlement, in
 * one statement instead of two. The caller must hold the orders' locks already (routing's
 * `lockOrders`): the reports read here are then those of a snapshot taken after the lock, so none
 * is being settled by another transaction. (insertReports takes its lock inside its statement, so
 * a read there could see reports another transaction settled meanwhile.)
 */
export async function storeAnswerReports(
  trx: Executor,
  orderIds: readonly string[],
  reports: ExecutionReport[],
): Promise<StoredReport[]> {
  const query = sql`
    with fresh as (
      ${inboxInsert(reports)}
      returning execution_id, order_id, payload, inbox_seq
    )
    select execution_id, order_id, payload from (
      select execution_id, order_id, payload, inbox_seq from execution_reports
      where order_id = any(${orderIds}::uuid[]) and settled_at is null
      union all
      select execution_id, order_id, payload, inbox_seq from fresh
    ) r
    order by inbox_seq`;
  return (await runNamed<StoredReport>(trx, "store-answer-reports", query)).rows;
}

export interface SettleOutcome {
  /** Orders whose reports were ignored: the order was already terminal. */
  ignored: string[];
  /** Orders whose settlement failed even in a transaction of their own. */
  failed: { orderId: string; error: unknown }[];
}

/**
 * Settles the orders' unsettled reports, SETTLE_CHUNK orders per transaction. If a transaction
 * fails (a report that cannot settle, a deadlock), its orders are settled one transaction each, so
 * one bad order cannot hold up the others; the orders that still fail are returned.
 */
export async function settleBatch(
  db: Executor,
  catalog: InstrumentCatalog,
  orderIds: readonly string[],
): Promise<SettleOutcome> {
  const ids = [...new Set(orderIds)];
  const ignored = new Set<string>();
  const failed: SettleOutcome["failed"] = [];
  for (let i = 0; i < ids.length; i += SETTLE_CHUNK) {
    const chunk = ids.slice(i, i + SETTLE_CHUNK);
    try {
      await settleOrders(db, catalog, chunk, { ignored });
      continue;
    } catch (error) {
      if (chunk.length === 1) {
        failed.push({ orderId: chunk[0] as string, error });
        continue;
      }
    }
    for (const id of chunk) {
      try {
        await settleOrders(db, catalog, [id], { ignored });
      } catch (error) {
        failed.push({ orderId: id, error });
      }
    }
  }
  return { ignored: [...ignored], failed };
}

/**
 * Settles orders as a settle_fill job of several orders does: an order that fails gets a job of
 * its own (retried by the queue). Throws only when that job cannot be queued.
 */
export async function settleOrQueue(
  db: Executor,
  catalog: InstrumentCatalog,
  orderIds: readonly string[],
  log: { warn(message: string): void },
): Promise<void> {
  const out = await settleBatch(db, catalog, orderIds);
  for (const id of out.ignored) log.warn(`reports for terminal order ${id} were ignored`);
  for (const { orderId, error } of out.failed) {
    log.warn(`settling order ${orderId} failed (${String(error)}); it gets a job of its own`);
    await queueOrderSettlement(db, orderId);
  }
}

/** Queues the settlement of one order as a job of its own (retried by the queue, 25 attempts). */
async function queueOrderSettlement(db: Executor, orderId: string): Promise<void> {
  await addJob(
    db,
    "settle_fill",
    { order_ids: [orderId] },
    { jobKey: jobKeys.settle(orderId), maxAttempts: MAX_ATTEMPTS.settle_fill },
  );
}
