// Pure order rules: instrument precision, the size of the hold, the idempotency fingerprint.
import { createHash } from "node:crypto";
import type { Instrument } from "../instruments/instruments.service.ts";
import { ceilTo, Decimal, exceedsDecimals, isMultipleOf, stepOf } from "../shared/decimal.ts";
import type { ErrorDetail } from "../shared/errors.ts";
import { buyExitsPrice, classViolations } from "./orders.classes.ts";
import type { CreateOrderInput } from "./orders.schema.ts";

export const DEFAULT_SLIPPAGE = new Decimal("0.01");

export const priceOf = (input: CreateOrderInput): Decimal | undefined =>
  input.order_type === "limit" || input.order_type === "stop_limit" ? input.price : undefined;
export const triggerOf = (input: CreateOrderInput): Decimal | undefined =>
  input.order_type === "stop" || input.order_type === "stop_limit" ? input.trigger_price : undefined;
const notionalOf = (input: CreateOrderInput): Decimal | undefined =>
  input.order_type === "market" ? input.notional : undefined;
const expireAtOf = (input: CreateOrderInput): Date | undefined =>
  input.order_type === "market" ? undefined : input.expire_at;

/** A GTD order may be placed until this long before its expiry is out of range. */
export const MAX_GTD_MS = 90 * 24 * 3_600_000;

export const slippageOf = (input: CreateOrderInput): Decimal | undefined =>
  input.order_type === "market" || input.order_type === "stop" || input.order_type === "trailing_stop"
    ? (input.slippage_tolerance ?? DEFAULT_SLIPPAGE)
    : undefined;
export const trailPriceOf = (input: CreateOrderInput): Decimal | undefined =>
  input.order_type === "trailing_stop" ? input.trail_price : undefined;
export const trailPercentOf = (input: CreateOrderInput): Decimal | undefined =>
  input.order_type === "trailing_stop" ? input.trail_percent : undefined;

/** A trailing stop's trail as a price distance from `mark`: its trail_price, or its percentage of the mark. */
export function trailFrom(
  trail: { price?: Decimal | undefined; percent?: Decimal | undefined },
  mark: Decimal,
) {
  return trail.price ?? mark.times(trail.percent ?? 0).div(100);
}

/** Where a trailing stop triggers when its mark is `mark`: the trail below it for a sell, above it for a buy. */
export function trailingTriggerAt(
  side: "buy" | "sell",
  trail: { price?: Decimal | undefined; percent?: Decimal | undefined },
  mark: Decimal,
): Decimal {
  const distance = trailFrom(trail, mark);
  return side === "sell" ? mark.minus(distance) : mark.plus(distance);
}

/** Precision and size rules of the instrument; an empty list when the order fits. */
export function instrumentViolations(input: CreateOrderInput, instrument: Instrument): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (input.quantity !== undefined && !isMultipleOf(input.quantity, instrument.lot_size)) {
    problems.push({
      path: "quantity",
      message: `must be a multiple of the lot size ${instrument.lot_size.toFixed()}`,
    });
  }
  if (input.quantity?.lt(instrument.min_quantity) === true) {
    problems.push({ path: "quantity", message: `must be at least ${instrument.min_quantity.toFixed()}` });
  }
  const notional = notionalOf(input);
  if (notional !== undefined && exceedsDecimals(notional, instrument.quote_decimals)) {
    problems.push({
      path: "notional",
      message: `${instrument.quote_asset} has at most ${instrument.quote_decimals} decimals (a multiple of ${stepOf(instrument.quote_decimals)})`,
    });
  }
  for (const [path, value] of [
    ["price", priceOf(input)],
    ["trigger_price", triggerOf(input)],
    ["trail_price", trailPriceOf(input)],
  ] as const) {
    if (value !== undefined && !isMultipleOf(value, instrument.tick_size)) {
      problems.push({
        path,
        message: `must be a multiple of the tick size ${instrument.tick_size.toFixed()}`,
      });
    }
  }
  problems.push(...classViolations(input, instrument));
  return problems;
}

/**
 * What a sell bracket's or oto's exits hold from placement (on their first leg), once: they buy
 * back the whole quantity at the dearer leg, plus the taker fee, rounded up as any buy's hold. None
 * for other orders: a buy entry's exits are held from what it buys (settlement), an oco's hold is
 * its parent's.
 */
export function exitsHoldFor(input: CreateOrderInput, instrument: Instrument): Hold | undefined {
  if ((input.order_class !== "bracket" && input.order_class !== "oto") || input.side !== "sell")
    return undefined;
  const price = buyExitsPrice(input, DEFAULT_SLIPPAGE);
  return { asset: instrument.quote_asset, amount: pairBuyHold(quantityOf(input), price, instrument) };
}

/**
 * The one hold of two buy exits that share a quantity: what buying it all at `price` needs, plus
 * two units of the quote asset. Each leg is an order that rounds its own notional and fee up, so
 * when both trade part of the quantity the second can be charged up to one unit more on each than
 * the whole rounded once; the last exit to end releases what is left.
 */
export function pairBuyHold(quantity: Decimal, price: Decimal, instrument: Instrument): Decimal {
  const unit = new Decimal(10).pow(-instrument.quote_decimals);
  return buyHoldNeeded(quantity, price, NOTHING_FILLED, instrument).plus(unit.times(2));
}

/** A GTD order's expiry must lie ahead of `now`, and at most MAX_GTD_MS ahead. */
export function expiryViolations(input: CreateOrderInput, now: Date): ErrorDetail[] {
  const at = expireAtOf(input);
  if (at === undefined) return [];
  if (at.getTime() <= now.getTime())
    return [{ path: "expire_at", message: `must be in the future (now is ${now.toISOString()})` }];
  if (at.getTime() - now.getTime() > MAX_GTD_MS)
    return [{ path: "expire_at", message: "must be at most 90 days ahead" }];
  return [];
}

export interface Hold {
  asset: string;
  amount: Decimal;
}

/** What an order's fills have come to so far, as settlement accumulates it on the order. */
export interface FilledSoFar {
  /** The exact notional (Σ quantity × price) of its fills. */
  notional: Decimal;
  /** The exact fee its fills accrued (Σ notional × fee rate). */
  feeAccrued: Decimal;
  /** The fee its fills charged, each in whole units of the quote asset. */
  feeCharged: Decimal;
}

export const NOTHING_FILLED: FilledSoFar = {
  notional: new Decimal(0),
  feeAccrued: new Decimal(0),
  feeCharged: new Decimal(0),
};

export const filledSoFar = (row: {
  filled_notional: string;
  fee_accrued: string;
  fee_charged: string;
}): FilledSoFar => ({
  notional: new Decimal(row.filled_notional),
  feeAccrued: new Decimal(row.fee_accrued),
  feeCharged: new Decimal(row.fee_charged),
});

/**
 * The most a buy of `quantity` more at up to `price` can still be charged, in whole units of the
 * quote asset. Settlement rounds an order's cumulative notional and fee up (see settle.plan.ts),
 * so what is left to charge is the rounded-up total after these fills less what is rounded up
 * already: the notional ⌈N + q·p⌉ − ⌈N⌉ and the fee ⌈F + q·p·taker⌉ − charged. The taker rate is
 * the higher one, so this bounds any fill. A hold of exactly this covers every fill to come and
 * leaves nothing over when they charge the most.
 */
export function buyHoldNeeded(
  quantity: Decimal,
  price: Decimal,
  filled: FilledSoFar,
  instrument: Instrument,
): Decimal {
  const d = instrument.quote_decimals;
  const notional = quantity.times(price);
  const notionalLeft = ceilTo(filled.notional.plus(notional), d).minus(ceilTo(filled.notional, d));
  const feeLeft = ceilTo(filled.feeAccrued.plus(notional.times(instrument.taker_fee_rate)), d).minus(
    filled.feeCharged,
  );
  return notionalLeft.plus(feeLeft);
}

/**
 * The highest price on the tick grid at which a buy of `quantity` costs no more than `hold`
 * (`buyHoldNeeded`): a market or stop buy's worst acceptable price. Found by bisection between
 * the exact bound hold ÷ (quantity × (1 + taker)), which rounding may overshoot, and that bound
 * less two units of the quote (rounding adds at most one to the notional and one to the fee).
 */
export function highestBuyPrice(hold: Decimal, quantity: Decimal, instrument: Instrument): Decimal {
  const tick = instrument.tick_size;
  const perUnit = quantity.times(instrument.taker_fee_rate.plus(1));
  const unit = new Decimal(10).pow(-instrument.quote_decimals);
  const fits = (steps: Decimal) =>
    buyHoldNeeded(quantity, steps.times(tick), NOTHING_FILLED, instrument).lte(hold);
  let high = hold.div(perUnit).div(tick).floor();
  if (fits(high)) return high.times(tick);
  let low = Decimal.max(0, hold.minus(unit.times(2)).div(perUnit).div(tick).floor());
  // Invariant: fits(low), !fits(high).
  while (high.minus(low).gt(1)) {
    const mid = low.plus(high).div(2).floor();
    if (fits(mid)) low = mid;
    else high = mid;
  }
  return low.times(tick);
}

/**
 * What the order must set aside. A sell holds the base asset. A buy holds quote: quantity × limit
 * price for limit and stop_limit; for market and stop, quantity × the worse of the reference and
 * trigger prices × (1 + slippage), since that bounds what the order may pay. A trailing stop buy
 * is held as a stop buy whose trigger is the reference price plus the trail: its low-water mark
 * starts near the reference price and only falls, so its trigger never rises above that (the
 * venue's protection price, derived from the hold, bounds it if the market moved meanwhile). An
 * oco buy holds once for its dearer leg (`pairBuyHold`). A buy's hold also covers the taker fee, the most it can
 * be charged, so settlement never reaches beyond it; both are rounded up to the quote asset's
 * precision (`buyHoldNeeded`).
 */
export function holdFor(input: CreateOrderInput, instrument: Instrument): Hold {
  const d = instrument.quote_decimals;
  const notional = notionalOf(input);
  if (notional !== undefined) {
    // The venue never trades a notional order past its notional, which has the quote's precision:
    // the rounded-up cost is at most the notional, and the fee at most the notional's fee rounded up.
    return input.side === "buy"
      ? {
          asset: instrument.quote_asset,
          amount: notional.plus(ceilTo(notional.times(instrument.taker_fee_rate), d)),
        }
      : { asset: instrument.base_asset, amount: maxQuantity(input, instrument) };
  }
  const quantity = quantityOf(input);
  if (input.side === "sell") return { asset: instrument.base_asset, amount: quantity };
  const atMost = (price: Decimal) => buyHoldNeeded(quantity, price, NOTHING_FILLED, instrument);
  if (input.order_class === "oco" && input.order_type === "limit") {
    return {
      asset: instrument.quote_asset,
      amount: pairBuyHold(quantity, buyExitsPrice(input, DEFAULT_SLIPPAGE), instrument),
    };
  }
  const limit = priceOf(input);
  if (limit !== undefined) return { asset: instrument.quote_asset, amount: atMost(limit) };
  const reference = instrument.reference_price;
  const trigger =
    input.order_type === "trailing_stop"
      ? trailingTriggerAt("buy", { price: input.trail_price, percent: input.trail_percent }, reference)
      : triggerOf(input);
  const base = trigger?.gt(reference) === true ? trigger : reference;
  const slippage = slippageOf(input) ?? DEFAULT_SLIPPAGE;
  return { asset: instrument.quote_asset, amount: atMost(base.times(slippage.plus(1))) };
}

const quantityOf = (input: CreateOrderInput): Decimal => {
  if (input.quantity === undefined) throw new Error("an order without a quantity is a notional order");
  return input.quantity;
};

/**
 * The most the order may trade. By quantity: its quantity. A notional sell: the notional at the
 * worst price it accepts (the reference less its slippage), rounded up to the lot, which the venue
 * is given as its bound and the account holds. A notional buy: the notional at one tick, which
 * nothing can exceed (the venue stops it at the notional first).
 */
export function maxQuantity(input: CreateOrderInput, instrument: Instrument): Decimal {
  const notional = notionalOf(input);
  if (notional === undefined) return quantityOf(input);
  const lot = instrument.lot_size;
  if (input.side === "buy") {
    const lots = Decimal.min(notional.div(instrument.tick_size).div(lot).floor(), Number.MAX_SAFE_INTEGER);
    return lots.times(lot);
  }
  const worst = instrument.reference_price.times(new Decimal(1).minus(slippageOf(input) ?? DEFAULT_SLIPPAGE));
  return notional.div(worst).div(lot).ceil().times(lot);
}

/** A fingerprint of what the order asks for, insensitive to how numbers were written ("0.10" = 0.1). */
export function requestHash(input: CreateOrderInput): string {
  const canonical = [
    input.symbol,
    input.side,
    input.order_type,
    input.time_in_force,
    input.quantity?.toFixed() ?? "",
    priceOf(input)?.toFixed() ?? "",
    triggerOf(input)?.toFixed() ?? "",
    slippageOf(input)?.toFixed() ?? "",
    // Appended only when used, so that orders placed before these terms keep their fingerprint.
    ...("post_only" in input && input.post_only === true ? ["post_only"] : []),
    ...(expireAtOf(input) === undefined ? [] : [`gtd:${expireAtOf(input)?.toISOString()}`]),
    ...(notionalOf(input) === undefined ? [] : [`notional:${notionalOf(input)?.toFixed()}`]),
    ...(input.order_type === "trailing_stop"
      ? [trailPriceOf(input)?.toFixed() ?? "", trailPercentOf(input)?.toFixed() ?? ""]
      : []),
    ...(input.order_class === "simple"
      ? []
      : [
          input.order_class,
          input.take_profit?.limit_price.toFixed() ?? "",
          input.stop_loss?.stop_price.toFixed() ?? "",
          input.stop_loss?.limit_price?.toFixed() ?? "",
        ]),
  ].join("|");
  return createHash("sha256").update(canonical).digest("base64url");
}
