// settle_fill: applies one execution report to the OMS, in one transaction, exactly once. A trade
// moves the order (filled quantity, average price, status), the ledger (the hold released in
// proportion, base and quote exchanged with the venue's clearing account, the fee to the house),
// the position, and writes the fill and its events. Cancels, expiries and rejections close the
// order and release its hold.

import { addJob } from "../../platform/queue.ts";
import { transact } from "../events/committed.ts";
import { appendEvents } from "../events/events.service.ts";
import type { Instrument, InstrumentCatalog } from "../instruments/instruments.service.ts";
import { FEES_ACCOUNT_ID, VENUE_ACCOUNT_ID } from "../ledger/ledger.accounts.ts";
import { type JournalLine, postJournal } from "../ledger/ledger.service.ts";
import { NOTIFY_TASK } from "../notifications/notifications.tasks.ts";
import { isTerminal } from "../orders/orders.table.ts";
import { balanceEvents, closeOrder, openOrder } from "../orders/orders.transitions.ts";
import { type OrderRow, orderView } from "../orders/orders.views.ts";
import { findPositionForUpdate, upsertPosition } from "../positions/positions.repository.ts";
import { applyFill, flat } from "../positions/positions.rules.ts";
import { Decimal } from "../shared/decimal.ts";
import type { Executor } from "../shared/executor.ts";
import { newId } from "../shared/ids.ts";
import {
  findOrderByIdForUpdate,
  findReportForUpdate,
  insertFill,
  markSettled,
} from "./executions.repository.ts";
import type { ExecutionReport } from "./executions.table.ts";
import { fillView } from "./executions.views.ts";

export type SettleResult = "settled" | "already_settled" | "ignored";

export class SettlementError extends Error {
  override name = "SettlementError";
}

/** Ledger lines of one trade; `release` is the part of the hold this fill frees. */
export function tradeLines(o: {
  order: OrderRow;
  instrument: Instrument;
  quantity: Decimal;
  price: Decimal;
  fee: Decimal;
  release: Decimal;
}): JournalLine[] {
  const { order, instrument, quantity, fee, release } = o;
  const cost = quantity.times(o.price);
  const [base, quote, user] = [instrument.base_asset, instrument.quote_asset, order.account_id];
  const line = (
    accountId: string,
    asset: string,
    bucket: "available" | "held",
    amount: Decimal,
  ): JournalLine => ({
    accountId,
    asset,
    bucket,
    amount,
  });
  if (order.side === "buy") {
    return [
      line(user, quote, "held", release.negated()),
      line(user, quote, "available", release.minus(cost).minus(fee)),
      line(VENUE_ACCOUNT_ID, quote, "available", cost),
      line(FEES_ACCOUNT_ID, quote, "available", fee),
      line(VENUE_ACCOUNT_ID, base, "available", quantity.negated()),
      line(user, base, "available", quantity),
    ];
  }
  return [
    line(user, base, "held", release.negated()),
    line(VENUE_ACCOUNT_ID, base, "available", quantity),
    line(VENUE_ACCOUNT_ID, quote, "available", cost.negated()),
    line(user, quote, "available", cost.minus(fee)),
    line(FEES_ACCOUNT_ID, quote, "available", fee),
  ];
}

async function settleTrade(trx: Executor, order: OrderRow, report: ExecutionReport, instrument: Instrument) {
  if (report.quantity === undefined || report.price === undefined || report.liquidity === undefined) {
    throw new SettlementError(`trade report ${report.execution_id} lacks quantity, price or liquidity`);
  }
  const quantity = new Decimal(report.quantity);
  const price = new Decimal(report.price);
  const filledBefore = new Decimal(order.filled_quantity);
  const open = new Decimal(order.quantity).minus(filledBefore);
  if (quantity.lte(0) || quantity.gt(open)) {
    throw new SettlementError(
      `trade ${report.execution_id} of ${quantity.toFixed()} exceeds the open ${open.toFixed()}`,
    );
  }
  const final = quantity.eq(open);
  const held = new Decimal(order.hold_amount);
  const rate = report.liquidity === "maker" ? instrument.maker_fee_rate : instrument.taker_fee_rate;
  const fee = quantity.times(price).times(rate);
  // A buy releases its share of the hold, and never less than this fill costs while the hold has
  // it (a fill at a price raised by a replace that is still being recorded).
  const share = held.times(quantity).div(open);
  const release = final
    ? held
    : order.side === "sell"
      ? quantity
      : Decimal.min(held, Decimal.max(share, quantity.times(price).plus(fee)));
  const moved = await postJournal(trx, {
    kind: "trade",
    orderId: order.id,
    lines: tradeLines({ order, instrument, quantity, price, fee, release }),
  });
  const filled = filledBefore.plus(quantity);
  const average = new Decimal(order.average_fill_price ?? 0)
    .times(filledBefore)
    .plus(price.times(quantity))
    .div(filled);
  const updated = await trx
    .updateTable("orders")
    .set({
      filled_quantity: filled.toFixed(),
      average_fill_price: average.toFixed(),
      status: final ? "filled" : "partially_filled",
      hold_amount: held.minus(release).toFixed(),
      updated_at: new Date(),
    })
    .where("id", "=", order.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const fill = await insertFill(trx, {
    id: newId(),
    execution_id: report.execution_id,
    order_id: order.id,
    account_id: order.account_id,
    symbol: order.symbol,
    side: order.side,
    quantity: quantity.toFixed(),
    price: price.toFixed(),
    fee: fee.toFixed(),
    fee_asset: instrument.quote_asset,
    liquidity: report.liquidity,
    executed_at: new Date(report.executed_at),
  });
  const position = await findPositionForUpdate(trx, order.account_id, order.symbol);
  const next = applyFill(
    position === undefined
      ? flat()
      : {
          quantity: new Decimal(position.quantity),
          averageEntryPrice: new Decimal(position.average_entry_price),
          realizedPnl: new Decimal(position.realized_pnl),
        },
    order.side,
    quantity,
    price,
  );
  await upsertPosition(trx, {
    account_id: order.account_id,
    symbol: order.symbol,
    quantity: next.quantity.toFixed(),
    average_entry_price: next.averageEntryPrice.toFixed(),
    realized_pnl: next.realizedPnl.toFixed(),
  });
  await addJob(trx, NOTIFY_TASK, { fill_id: fill.id }, { maxAttempts: 10 });
  await appendEvents(trx, order.account_id, [
    { type: "fill.created", payload: fillView(fill) },
    { type: final ? "order.filled" : "order.updated", payload: orderView(updated) },
    ...balanceEvents(moved),
  ]);
}

/**
 * Settles one stored report. Idempotent: a report settles once; running it again changes nothing.
 * A report about a terminal order is recorded and ignored (a terminal order never changes).
 */
export async function settleExecution(
  db: Executor,
  catalog: InstrumentCatalog,
  executionId: string,
): Promise<SettleResult> {
  return await transact(db, async (trx) => {
    const stored = await findReportForUpdate(trx, executionId);
    if (stored === undefined) throw new SettlementError(`no execution report ${executionId}`);
    if (stored.settled_at !== null) return "already_settled";
    const report = stored.payload;
    const order = await findOrderByIdForUpdate(trx, stored.order_id);
    if (order === undefined)
      throw new SettlementError(`report ${executionId} names an unknown order ${stored.order_id}`);
    let result: SettleResult = "settled";
    if (isTerminal(order.status)) {
      result = "ignored";
    } else if (report.type === "trade") {
      await settleTrade(trx, order, report, await catalog.get(order.symbol));
    } else if (report.type === "accepted") {
      await openOrder(trx, order);
    } else {
      await closeOrder(trx, order, report.type, report.reason ?? null);
    }
    await markSettled(trx, executionId);
    return result;
  });
}
