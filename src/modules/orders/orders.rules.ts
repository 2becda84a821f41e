// Pure order rules: instrument precision, the size of the hold, the idempotency fingerprint.
import { createHash } from "node:crypto";
import type { Instrument } from "../instruments/instruments.service.ts";
import { Decimal, isMultipleOf } from "../shared/decimal.ts";
import type { ErrorDetail } from "../shared/errors.ts";
import { buyExitsNotional, classViolations } from "./orders.classes.ts";
import type { CreateOrderInput } from "./orders.schema.ts";

export const DEFAULT_SLIPPAGE = new Decimal("0.01");

const priceOf = (input: CreateOrderInput): Decimal | undefined =>
  input.order_type === "limit" || input.order_type === "stop_limit" ? input.price : undefined;
const triggerOf = (input: CreateOrderInput): Decimal | undefined =>
  input.order_type === "stop" || input.order_type === "stop_limit" ? input.trigger_price : undefined;
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

/** Precision and size rules of the instrument; an empty list when the order fits. */
export function instrumentViolations(input: CreateOrderInput, instrument: Instrument): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (!isMultipleOf(input.quantity, instrument.lot_size)) {
    problems.push({
      path: "quantity",
      message: `must be a multiple of the lot size ${instrument.lot_size.toFixed()}`,
    });
  }
  if (input.quantity.lt(instrument.min_quantity)) {
    problems.push({ path: "quantity", message: `must be at least ${instrument.min_quantity.toFixed()}` });
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
 * back the whole quantity at the dearer leg, plus the taker fee. None for other orders: a buy
 * entry's exits are held from what it buys (settlement), an oco's hold is its parent's.
 */
export function exitsHoldFor(input: CreateOrderInput, instrument: Instrument): Hold | undefined {
  if ((input.order_class !== "bracket" && input.order_class !== "oto") || input.side !== "sell")
    return undefined;
  const notional = buyExitsNotional(input, DEFAULT_SLIPPAGE);
  return { asset: instrument.quote_asset, amount: notional.times(instrument.taker_fee_rate.plus(1)) };
}

export interface Hold {
  asset: string;
  amount: Decimal;
}

/**
 * What the order must set aside. A sell holds the base asset. A buy holds quote: quantity × limit
 * price for limit and stop_limit; for market and stop, quantity × the worse of the reference and
 * trigger prices × (1 + slippage), since that bounds what the order may pay. A trailing stop buy
 * is held as a stop buy whose trigger is the reference price plus the trail: its low-water mark
 * starts near the reference price and only falls, so its trigger never rises above that (the
 * venue's protection price, derived from the hold, bounds it if the market moved meanwhile). A
 * buy's hold also covers the taker fee, the most it can be charged, so settlement never reaches
 * beyond it.
 */
export function holdFor(input: CreateOrderInput, instrument: Instrument): Hold {
  if (input.side === "sell") return { asset: instrument.base_asset, amount: input.quantity };
  const withFee = (notional: Decimal) => notional.times(instrument.taker_fee_rate.plus(1));
  if (input.order_class === "oco" && input.order_type === "limit") {
    return { asset: instrument.quote_asset, amount: withFee(buyExitsNotional(input, DEFAULT_SLIPPAGE)) };
  }
  const limit = priceOf(input);
  if (limit !== undefined)
    return { asset: instrument.quote_asset, amount: withFee(input.quantity.times(limit)) };
  const reference = instrument.reference_price;
  const trigger =
    input.order_type === "trailing_stop"
      ? reference.plus(trailFrom({ price: input.trail_price, percent: input.trail_percent }, reference))
      : triggerOf(input);
  const base = trigger?.gt(reference) === true ? trigger : reference;
  const slippage = slippageOf(input) ?? DEFAULT_SLIPPAGE;
  return {
    asset: instrument.quote_asset,
    amount: withFee(input.quantity.times(base).times(slippage.plus(1))),
  };
}

/** A fingerprint of what the order asks for, insensitive to how numbers were written ("0.10" = 0.1). */
export function requestHash(input: CreateOrderInput): string {
  const canonical = [
    input.symbol,
    input.side,
    input.order_type,
    input.time_in_force,
    input.quantity.toFixed(),
    priceOf(input)?.toFixed() ?? "",
    triggerOf(input)?.toFixed() ?? "",
    slippageOf(input)?.toFixed() ?? "",
    // Only trailing stops add their trail, so other orders keep the fingerprint they always had.
    ...(input.order_type === "trailing_stop"
      ? [trailPriceOf(input)?.toFixed() ?? "", trailPercentOf(input)?.toFixed() ?? ""]
      : []),
    // Likewise only class orders add their class and exits.
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
