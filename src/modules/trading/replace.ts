// Replace (amend) of an open limit order at the venue: quantity and/or price, same order id. The
// venue decides atomically against its fills (a quantity decrease keeps time priority, anything
// else loses it). Funds: before asking the venue, the hold grows to cover the worst of old and
// new terms; after its answer, it becomes exactly what the order now needs.
//
// Replaces of one order take turns: the venue applies them in the order they reach it, and the
// OMS records each answer's terms, so two at once could be recorded in the other order and leave
// the order with terms (and a hold) the venue no longer has. Reserving takes the order's turn
// (CONFLICT while another replace holds it); recording terms needs the turn and hands out a new
// one. A turn lapses after a while, so a process that died at the venue does not block the order.
import { sql } from "kysely";
import { appendEvents } from "../events/events.service.ts";
import type { Instrument } from "../instruments/instruments.service.ts";
import { holdLines, postJournal } from "../ledger/ledger.service.ts";
import { findOrderForUpdate } from "../orders/orders.repository.ts";
import { buyHoldNeeded, filledSoFar } from "../orders/orders.rules.ts";
import type { OrderView } from "../orders/orders.schema.ts";
import { type OrderRow, orderView } from "../orders/orders.views.ts";
import { Decimal, isMultipleOf } from "../shared/decimal.ts";
import { DomainError, notFound, validation } from "../shared/errors.ts";
import type { Executor } from "../shared/executor.ts";
import { newId } from "../shared/ids.ts";
import { balanceEvents } from "./transitions.ts";

/**
 * How long a replace keeps its order's turn: well beyond what its venue calls may take with their
 * retries, so that only a replace whose process died loses it.
 */
export const REPLACE_TURN_SECONDS = 120;

export interface ReplaceInput {
  quantity?: Decimal | undefined;
  price?: Decimal | undefined;
}

/** What an order with these terms must hold for its open quantity, after what it filled. */
export function holdNeeded(
  row: Pick<OrderRow, "side" | "filled_quantity" | "filled_notional" | "fee_accrued" | "fee_charged">,
  terms: { quantity: Decimal; price: Decimal },
  instrument: Instrument,
) {
  const open = terms.quantity.minus(row.filled_quantity);
  return row.side === "sell" ? open : buyHoldNeeded(open, terms.price, filledSoFar(row), instrument);
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

/**
 * Step 1: takes the order's turn (CONFLICT while another replace holds it) and grows the hold to
 * cover both the old and the new terms (INSUFFICIENT_FUNDS otherwise). Returns the turn, which
 * step 2 needs.
 */
export async function reserveForReplace(
  trx: Executor,
  accountId: string,
  id: string,
  input: ReplaceInput,
  instrument: Instrument,
): Promise<string> {
  const row = checkReplace(await findOrderForUpdate(trx, accountId, id), input, instrument);
  const turn = await takeTurn(trx, row.id);
  const price = new Decimal(row.price ?? 0);
  const needed = holdNeeded(
    row,
    { quantity: input.quantity ?? new Decimal(row.quantity), price: input.price ?? price },
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
  return turn;
}

/** The order's turn for a new replace, unless another replace holds it and it has not lapsed. */
async function takeTurn(trx: Executor, orderId: string): Promise<string> {
  const turn = newId();
  const taken = await trx
    .updateTable("orders")
    .set({
      replace_turn: turn,
      replace_turn_until: sql<Date>`now() + make_interval(secs => ${REPLACE_TURN_SECONDS})`,
    })
    .where("id", "=", orderId)
    .where((eb) =>
      eb.or([eb("replace_turn_until", "is", null), eb("replace_turn_until", "<=", sql<Date>`now()`)]),
    )
    .executeTakeFirst();
  if (taken.numUpdatedRows === 0n) {
    throw new DomainError(
      "CONFLICT",
      `another replace of order ${orderId} is still waiting for the venue; send this one once it has been answered`,
    );
  }
  return turn;
}

/** Gives the turn back without recording terms (the replace ended before its step 2). */
export async function releaseTurn(db: Executor, orderId: string, turn: string): Promise<void> {
  await db
    .updateTable("orders")
    .set({ replace_turn_until: null })
    .where("id", "=", orderId)
    .where("replace_turn", "=", turn)
    .execute();
}

/** The order as it stands, and whether a replace holds its turn now (the database's clock decides). */
export async function findOrderWithTurn(db: Executor, orderId: string) {
  return await db
    .selectFrom("orders")
    .selectAll()
    .select(sql<boolean>`coalesce(replace_turn_until > now(), false)`.as("turn_held"))
    .where("id", "=", orderId)
    .executeTakeFirst();
}

/**
 * Step 2: records the terms the order has now (the new ones if the venue agreed, else the old) and
 * makes the hold exactly what they need, on the order as it is after any fills in between: it
 * shrinks, or grows when the venue has terms that need more than the order holds
 * (INSUFFICIENT_FUNDS if the account cannot fund them; nothing is recorded then). Only with the
 * order's current `turn`: if someone recorded terms or took the turn since, undefined and
 * nothing changes. The order gets a new turn.
 */
export async function settleReplace(
  trx: Executor,
  accountId: string,
  id: string,
  terms: { quantity: Decimal; price: Decimal } | undefined,
  instrument: Instrument,
  turn: string | null,
): Promise<OrderView | undefined> {
  const row = await findOrderForUpdate(trx, accountId, id);
  if (row === undefined) throw notFound("order");
  if (row.replace_turn !== turn) return undefined;
  const quantity = terms?.quantity ?? new Decimal(row.quantity);
  const price = terms?.price ?? new Decimal(row.price ?? 0);
  const open = row.status === "open" || row.status === "partially_filled";
  const target = open ? holdNeeded(row, { quantity, price }, instrument) : new Decimal(0);
  const change = target.minus(row.hold_amount);
  const moved = change.isZero()
    ? []
    : await postJournal(trx, {
        kind: change.gt(0) ? "hold" : "release",
        orderId: row.id,
        lines: holdLines(accountId, row.hold_asset, change),
      });
  const updated = await trx
    .updateTable("orders")
    .set({
      ...(terms === undefined || !open ? {} : { quantity: quantity.toFixed(), price: price.toFixed() }),
      hold_amount: change.isZero() ? row.hold_amount : target.toFixed(),
      replace_turn: newId(),
      replace_turn_until: null,
      updated_at: new Date(),
    })
    .where("id", "=", row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const view = orderView(updated);
  await appendEvents(trx, accountId, [{ type: "order.updated", payload: view }, ...balanceEvents(moved)]);
  return view;
}
