// What routing sends the venue for an order, and how often it tries.
import type { Instrument } from "../instruments/instruments.service.ts";
import { highestBuyPrice, trailingTriggerAt } from "../orders/orders.rules.ts";
import type { OrderRow } from "../orders/orders.views.ts";
import { Decimal } from "../shared/decimal.ts";
import type { VenueSubmit } from "./venue.client.ts";

export interface RetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetries: number;
}

/** Routing's default retry schedule: 1, 2, 4, 8, 16 s (with jitter), then the order fails. */
export const ROUTE_RETRY: RetryPolicy = { baseDelayMs: 1_000, maxDelayMs: 300_000, maxRetries: 5 };

/** Delay before retry number `attempt + 1`: base × 2^attempt, capped, with ±50% jitter. */
export const retryDelay = (p: RetryPolicy, attempt: number, random = Math.random): number =>
  Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** attempt) * (0.5 + random());

/**
 * Where a sell without a limit price is expected to trade: the reference price for a market order;
 * a stop fires at its trigger, below the market; a trailing stop at the latest at the reference
 * less its trail (its high-water mark only rises from about there, and its trigger with it).
 */
function sellBase(order: OrderRow, reference: Decimal): Decimal {
  if (order.order_type === "stop" && order.trigger_price !== null) {
    return Decimal.min(reference, new Decimal(order.trigger_price));
  }
  if (order.order_type === "trailing_stop") {
    return trailingTriggerAt(
      "sell",
      {
        price: order.trail_price === null ? undefined : new Decimal(order.trail_price),
        percent: order.trail_percent === null ? undefined : new Decimal(order.trail_percent),
      },
      reference,
    );
  }
  return reference;
}

/** The venue request for an order; market and stop orders carry their worst acceptable price. */
export function venueRequest(
  order: OrderRow,
  instrument: Instrument,
  legs: readonly OrderRow[] = [],
): VenueSubmit {
  const { reference_price: referencePrice, tick_size: tick } = instrument;
  const request: VenueSubmit = {
    client_order_id: order.id,
    owner: order.account_id,
    symbol: order.symbol,
    side: order.side,
    type: order.order_type,
    time_in_force: order.time_in_force,
    quantity: new Decimal(order.quantity).toFixed(),
  };
  if (order.post_only) request.post_only = true;
  if (order.expire_at !== null) request.expire_at = order.expire_at.toISOString();
  if (order.notional !== null) request.notional = new Decimal(order.notional).toFixed();
  if (order.trigger_price !== null) request.trigger_price = new Decimal(order.trigger_price).toFixed();
  if (order.trail_price !== null) request.trail_price = new Decimal(order.trail_price).toFixed();
  if (order.trail_percent !== null) request.trail_percent = new Decimal(order.trail_percent).toFixed();
  if (order.price !== null) {
    request.price = new Decimal(order.price).toFixed();
  } else {
    // Protection. A buy never pays more per unit than its hold covers, fee and rounding included
    // (the hold is intact until the first fill); a sell takes no less than the price it is
    // expected to trade at less slippage.
    const slip = new Decimal(order.slippage_tolerance ?? "0.01");
    // A notional buy's hold is its notional (and fee), not a price per unit: it is protected at
    // the reference plus slippage, as its quantity is only a bound.
    const sellAt = sellBase(order, referencePrice).times(new Decimal(1).minus(slip)).div(tick).ceil();
    request.price = (
      order.side === "buy" && order.notional !== null
        ? referencePrice.times(slip.plus(1)).div(tick).floor().times(tick)
        : order.side === "buy"
          ? highestBuyPrice(new Decimal(order.hold_amount), new Decimal(order.quantity), instrument)
          : Decimal.max(sellAt, 1).times(tick)
    ).toFixed();
  }
  if (order.order_class !== "simple" && legs.length > 0) {
    request.order_class = order.order_class;
    request.legs = legs.map((leg) => ({
      client_order_id: leg.id,
      side: leg.side,
      type: leg.order_type as "limit" | "stop" | "stop_limit",
      time_in_force: leg.time_in_force === "day" ? "day" : "gtc",
      quantity: new Decimal(leg.quantity).toFixed(),
      ...(leg.price === null ? {} : { price: new Decimal(leg.price).toFixed() }),
      ...(leg.trigger_price === null ? {} : { trigger_price: new Decimal(leg.trigger_price).toFixed() }),
    }));
  }
  return request;
}
