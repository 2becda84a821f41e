// What placing an order would do, estimated without doing it (POST /orders/preview): the hold and
// whether the account's available balance covers it, the price from the venue's book (a market
// order walks the levels it would take; a limit order names its price), and the fee at the rate
// the order would likely pay. The estimate is pure; the book is read by the caller.
import { z } from "zod";
import type { Instrument } from "../instruments/instruments.service.ts";
import { balancesOf } from "../ledger/ledger.service.ts";
import { exitsHoldFor, type Hold, trailingTriggerAt } from "../orders/orders.rules.ts";
import type { CreateOrderInput } from "../orders/orders.schema.ts";
import { ceilTo, Decimal } from "../shared/decimal.ts";
import type { DomainError } from "../shared/errors.ts";
import type { Executor } from "../shared/executor.ts";
import { fundsRefusal } from "./place.checks.ts";

/** What placing an order would do. */
export interface Preview {
  /** Absent when a check failed before the hold was sized, or for a replay. */
  hold?: Hold;
  estimate?: Estimate & { asset: string };
  /** The error placing it would get. */
  error?: DomainError;
  /** The existing order a replayed client_order_id names: placing answers it, holding nothing more. */
  replayOf?: string;
}

/** The preview of an order that passed placement's checks: its hold, funds and estimates. */
export async function previewPlacement(
  db: Executor,
  accountId: string,
  input: CreateOrderInput,
  checked: { instrument: Instrument; hold: Hold },
  bookData: unknown,
): Promise<Preview> {
  const { instrument, hold } = checked;
  const estimated = estimate(input, instrument, parseBook(bookData));
  // The holds placing would take: the order's, and a sell bracket's or oto's exits' buy-back.
  const exits = exitsHoldFor(input, instrument);
  const refusal = fundsRefusal(
    await balancesOf(db, accountId),
    exits === undefined ? [hold] : [hold, exits],
    false,
  );
  return {
    hold,
    estimate: { ...estimated, asset: instrument.quote_asset },
    ...(refusal === undefined ? {} : { error: refusal }),
  };
}

export interface BookSide {
  price: Decimal;
  quantity: Decimal;
}

export interface Book {
  /** Best first. */
  bids: BookSide[];
  /** Best first. */
  asks: BookSide[];
}

const levels = z.array(z.tuple([z.string(), z.string()]).rest(z.unknown()));
const bookSchema = z.object({ bids: levels, asks: levels });

/** The venue's book JSON as levels; undefined when it is not a book. */
export function parseBook(data: unknown): Book | undefined {
  const parsed = bookSchema.safeParse(data);
  if (!parsed.success) return undefined;
  const side = (rows: (typeof parsed.data)["bids"]) =>
    rows.map(([price, quantity]) => ({ price: new Decimal(price), quantity: new Decimal(quantity) }));
  return { bids: side(parsed.data.bids), asks: side(parsed.data.asks) };
}

export interface Estimate {
  /** The average price the order would trade at; null when nothing would trade now. */
  price: Decimal | null;
  fee: Decimal;
}

/** Decimal places an average price is given to. */
const PRICE_PLACES = 8;

/**
 * Walks the side a market order would take, level by level: up to `quantity`, or (notional) for
 * up to `notional`, each level's lots rounded down to the lot size as the venue does.
 */
function walk(side: BookSide[], o: { quantity?: Decimal; notional?: Decimal; lot: Decimal }) {
  let filled = new Decimal(0);
  let value = new Decimal(0);
  for (const level of side) {
    let take = level.quantity;
    if (o.quantity !== undefined) take = Decimal.min(take, o.quantity.minus(filled));
    if (o.notional !== undefined) {
      const affordable = o.notional.minus(value).div(level.price).div(o.lot).floor().times(o.lot);
      take = Decimal.min(take, affordable);
    }
    if (take.lte(0)) break;
    filled = filled.plus(take);
    value = value.plus(take.times(level.price));
  }
  return { filled, value };
}

/**
 * The estimated price and fee (in the quote asset) of an order, were it placed now against `book`;
 * the fee rounded up to the quote asset's precision, as settlement charges it.
 */
export function estimate(input: CreateOrderInput, instrument: Instrument, book: Book | undefined): Estimate {
  const exact = exactEstimate(input, instrument, book);
  return { ...exact, fee: ceilTo(exact.fee, instrument.quote_decimals) };
}

function exactEstimate(input: CreateOrderInput, instrument: Instrument, book: Book | undefined): Estimate {
  const taker = instrument.taker_fee_rate;
  const quantity = input.quantity ?? new Decimal(0);
  if (input.order_type === "market") {
    const side = input.side === "buy" ? book?.asks : book?.bids;
    const { filled, value } =
      input.notional === undefined
        ? walk(side ?? [], { quantity, lot: instrument.lot_size })
        : walk(side ?? [], { notional: input.notional, lot: instrument.lot_size });
    if (filled.isZero()) {
      // No book to read: the reference price stands in, as it does for the hold.
      const amount = input.notional ?? quantity.times(instrument.reference_price);
      return { price: book === undefined ? instrument.reference_price : null, fee: amount.times(taker) };
    }
    return { price: value.div(filled).toDecimalPlaces(PRICE_PLACES), fee: value.times(taker) };
  }
  if (input.order_type === "limit") {
    // A limit order that reaches the other side trades as the taker; otherwise it rests as a maker.
    const best = input.side === "buy" ? book?.asks[0]?.price : book?.bids[0]?.price;
    const crosses =
      best !== undefined && (input.side === "buy" ? best.lte(input.price) : best.gte(input.price));
    const rate = crosses && !input.post_only ? taker : instrument.maker_fee_rate;
    return { price: input.price, fee: quantity.times(input.price).times(rate) };
  }
  // Stops trade once triggered, usually taking: at the limit price (stop-limit) or the trigger; a
  // trailing stop's trigger is the venue's, so the reference price less or plus its trail stands in.
  const price =
    input.order_type === "stop_limit"
      ? input.price
      : input.order_type === "trailing_stop"
        ? trailingTriggerAt(
            input.side,
            { price: input.trail_price, percent: input.trail_percent },
            instrument.reference_price,
          )
        : input.trigger_price;
  return { price, fee: quantity.times(price).times(taker) };
}
