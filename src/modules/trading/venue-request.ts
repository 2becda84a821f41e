// What routing sends the venue for an order, and how often it tries.
import type { Instrument } from "../instruments/instruments.service.ts";
import { highestBuyPrice } from "../orders/orders.rules.ts";
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

/** The venue request for an order; market and stop orders carry their worst acceptable price. */
export function venueRequest(order: OrderRow, instrument: Instrument): VenueSubmit {
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
  if (order.price !== null) {
    request.price = new Decimal(order.price).toFixed();
  } else {
    // Protection. A buy never pays more per unit than its hold covers, fee and rounding included
    // (the hold is intact until the first fill); a sell takes no less than the reference less
    // slippage.
    const slip = new Decimal(order.slippage_tolerance ?? "0.01");
    // A notional buy's hold is its notional (and fee), not a price per unit: it is protected at
    // the reference plus slippage, as its quantity is only a bound.
    request.price = (
      order.side === "buy" && order.notional !== null
        ? referencePrice.times(slip.plus(1)).div(tick).floor().times(tick)
        : order.side === "buy"
          ? highestBuyPrice(new Decimal(order.hold_amount), new Decimal(order.quantity), instrument)
          : referencePrice.times(new Decimal(1).minus(slip)).div(tick).ceil().times(tick)
    ).toFixed();
  }
  return request;
}
