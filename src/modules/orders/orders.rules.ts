// Pure order rules: instrument precision, the size of the hold, the idempotency fingerprint.
import { createHash } from "node:crypto";
import type { Instrument } from "../instruments/instruments.service.ts";
import { Decimal, isMultipleOf } from "../shared/decimal.ts";
import type { ErrorDetail } from "../shared/errors.ts";
import type { CreateOrderInput } from "./orders.schema.ts";

export const DEFAULT_SLIPPAGE = new Decimal("0.01");

const priceOf = (input: CreateOrderInput): Decimal | undefined =>
  input.order_type === "limit" || input.order_type === "stop_limit" ? input.price : undefined;
const triggerOf = (input: CreateOrderInput): Decimal | undefined =>
  input.order_type === "stop" || input.order_type === "stop_limit" ? input.trigger_price : undefined;
const notionalOf = (input: CreateOrderInput): Decimal | undefined =>
  input.order_type === "market" ? input.notional : undefined;
const expireAtOf = (input: CreateOrderInput): Date | undefined =>
  input.order_type === "market" ? undefined : input.expire_at;

/** A GTD order may be placed until this long before its expiry is out of range. */
export const MAX_GTD_MS = 90 * 24 * 3_600_000;

export const slippageOf = (input: CreateOrderInput): Decimal | undefined =>
  input.order_type === "market" || input.order_type === "stop"
    ? (input.slippage_tolerance ?? DEFAULT_SLIPPAGE)
    : undefined;

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
  for (const [path, value] of [
    ["price", priceOf(input)],
    ["trigger_price", triggerOf(input)],
  ] as const) {
    if (value !== undefined && !isMultipleOf(value, instrument.tick_size)) {
      problems.push({
        path,
        message: `must be a multiple of the tick size ${instrument.tick_size.toFixed()}`,
      });
    }
  }
  return problems;
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

/**
 * What the order must set aside. A sell holds the base asset. A buy holds quote: quantity × limit
 * price for limit and stop_limit; for market and stop, quantity × the worse of the reference and
 * trigger prices × (1 + slippage), since that bounds what the order may pay. A buy's hold also
 * covers the taker fee, the most it can be charged, so settlement never reaches beyond it.
 */
export function holdFor(input: CreateOrderInput, instrument: Instrument): Hold {
  const withFee = (notional: Decimal) => notional.times(instrument.taker_fee_rate.plus(1));
  const notional = notionalOf(input);
  if (notional !== undefined) {
    return input.side === "buy"
      ? { asset: instrument.quote_asset, amount: withFee(notional) }
      : { asset: instrument.base_asset, amount: maxQuantity(input, instrument) };
  }
  const quantity = quantityOf(input);
  if (input.side === "sell") return { asset: instrument.base_asset, amount: quantity };
  const limit = priceOf(input);
  if (limit !== undefined) return { asset: instrument.quote_asset, amount: withFee(quantity.times(limit)) };
  const trigger = triggerOf(input);
  const base = trigger?.gt(instrument.reference_price) === true ? trigger : instrument.reference_price;
  const slippage = slippageOf(input) ?? DEFAULT_SLIPPAGE;
  return {
    asset: instrument.quote_asset,
    amount: withFee(quantity.times(base).times(slippage.plus(1))),
  };
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
  ].join("|");
  return createHash("sha256").update(canonical).digest("base64url");
}
