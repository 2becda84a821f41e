// Replace (amend) of an open limit order at the venue: quantity and/or price, same order id. The
// venue decides atomically against its fills (a quantity decrease keeps time priority, anything
// else loses it). Funds: before asking the venue, the hold grows to cover the worst of old and
// new terms; after its answer, it shrinks to exactly what the order now needs.
import { appendEvents } from "../events/events.service.ts";
import type { Instrument } from "../instruments/instruments.service.ts";
import { holdLines, postJournal } from "../ledger/ledger.service.ts";
import { findOrderForUpdate } from "../orders/orders.repository.ts";
import { type OrderRow, orderView } from "../orders/orders.views.ts";
import { Decimal, isMultipleOf } from "../shared/decimal.ts";
import { DomainError, notFound, validation } from "../shared/errors.ts";
import type { Executor } from "../shared/executor.ts";
import { balanceEvents } from "./transitions.ts";

export interface ReplaceInput {
  quantity?: Decimal | undefined;
  price?: Decimal | undefined;
}

/** What an order with these terms must hold for its open quantity. */
export function holdNeeded(
  o: { side: string; quantity: Decimal; filled: Decimal; price: Decimal },
  instrument: Instrument,
) {
  const open = o.quantity.minus(o.filled);
  return o.side === "sell" ? open : open.times(o.price).times(instrument.taker_fee_rate.plus(1));
}

function checkReplace(row: OrderRow | undefined, input: ReplaceInput, instrument: Instrument): OrderRow {
  if (row === undefined) throw notFound("order");
  if (row.order_type !== "limit" || (row.status !== "open" && row.status !== "partially_filled")) {
    throw new DomainError(
      "ORDER_NOT_REPLACEABLE",
      `only open limit orders can be replaced; order ${row.id} is a ${row.status} ${row.order_type} order`,
    );
  }
  const problems = [];
  if (input.quantity !== undefined) {
    if (!isMultipleOf(input.quantity, instrument.lot_size))
      problems.push({
        path: "quantity",
        message: `must be a multiple of the lot size ${instrument.lot_size.toFixed()}`,
      });
    if (input.quantity.lte(row.filled_quantity))
      problems.push({
        path: "quantity",
        message: `must be above the filled quantity ${new Decimal(row.filled_quantity).toFixed()}`,
      });
  }
  if (input.price !== undefined && !isMultipleOf(input.price, instrument.tick_size)) {
    problems.push({
      path: "price",
      message: `must be a multiple of the tick size ${instrument.tick_size.toFixed()}`,
    });
  }
  if (problems.length > 0) throw validation(problems);
  return row;
}

/** Step 1: grows the hold to cover both the old and the new terms (INSUFFICIENT_FUNDS otherwise). */
export async function reserveForReplace(
  trx: Executor,
  accountId: string,
  id: string,
  input: ReplaceInput,
  instrument: Instrument,
) {
  const row = checkReplace(await findOrderForUpdate(trx, accountId, id), input, instrument);
  const filled = new Decimal(row.filled_quantity);
  const price = new Decimal(row.price ?? 0);
  const needed = holdNeeded(
    {
      side: row.side,
      quantity: input.quantity ?? new Decimal(row.quantity),
      filled,
      price: input.price ?? price,
    },
    instrument,
  );
  const extra = needed.minus(row.hold_amount);
  if (extra.gt(0)) {
    const moved = await postJournal(trx, {
      kind: "hold",
      orderId: row.id,
      lines: holdLines(accountId, row.hold_asset, extra),
    });
    await trx
      .updateTable("orders")
      .set({ hold_amount: new Decimal(row.hold_amount).plus(extra).toFixed() })
      .where("id", "=", row.id)
      .execute();
    await appendEvents(trx, accountId, balanceEvents(moved));
  }
  return row;
}

/**
 * Step 2: records the terms the order has now (the new ones if the venue agreed, else the old) and
 * shrinks the hold to what they need, on the order as it is after any fills in between.
 */
export async function settleReplace(
  trx: Executor,
  accountId: string,
  id: string,
  terms: { quantity: Decimal; price: Decimal } | undefined,
  instrument: Instrument,
) {
  const row = await findOrderForUpdate(trx, accountId, id);
  if (row === undefined) throw notFound("order");
  const quantity = terms?.quantity ?? new Decimal(row.quantity);
  const price = terms?.price ?? new Decimal(row.price ?? 0);
  const open = row.status === "open" || row.status === "partially_filled";
  const target = open
    ? holdNeeded({ side: row.side, quantity, filled: new Decimal(row.filled_quantity), price }, instrument)
    : new Decimal(0);
  const release = new Decimal(row.hold_amount).minus(target);
  const moved = release.gt(0)
    ? await postJournal(trx, {
        kind: "release",
        orderId: row.id,
        lines: holdLines(accountId, row.hold_asset, release.negated()),
      })
    : [];
  const updated = await trx
    .updateTable("orders")
    .set({
      ...(terms === undefined || !open ? {} : { quantity: quantity.toFixed(), price: price.toFixed() }),
      hold_amount: release.gt(0) ? target.toFixed() : row.hold_amount,
      updated_at: new Date(),
    })
    .where("id", "=", row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const view = orderView(updated);
  await appendEvents(trx, accountId, [{ type: "order.updated", payload: view }, ...balanceEvents(moved)]);
  return view;
}
