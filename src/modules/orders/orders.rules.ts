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
export const slippageOf = (input: CreateOrderInput): Decimal | undefined =>
  input.order_type === "market" || input.order_type === "stop"
    ? (input.slippage_tolerance ?? DEFAULT_SLIPPAGE)
    : undefined;

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
  if (input.side === "sell") return { asset: instrument.base_asset, amount: input.quantity };
  const withFee = (notional: Decimal) => notional.times(instrument.taker_fee_rate.plus(1));
  const limit = priceOf(input);
  if (limit !== undefined)
    return { asset: instrument.quote_asset, amount: withFee(input.quantity.times(limit)) };
  const trigger = triggerOf(input);
  const base = trigger?.gt(instrument.reference_price) === true ? trigger : instrument.reference_price;
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
  ].join("|");
  return createHash("sha256").update(canonical).digest("base64url");
}
