// Checks a request before it touches the book. The venue server validates too, but the engine
// must never hold a value outside the safe-integer range, since exactness rests on it.
import type { OrderNode } from "./order.ts";
import {
  type AmendRejectReason,
  MAX_INTEGER,
  ORDER_TYPES,
  type OrderRequest,
  type RejectReason,
  type ReplaceRequest,
  SIDES,
  TIMES_IN_FORCE,
  TRAIL_PERCENT_SCALE,
} from "./types.ts";

export const isTicksOrLots = (value: unknown): value is number =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= 1 && value <= MAX_INTEGER;

const hasLimitPrice = (type: OrderRequest["type"]): boolean => type === "limit" || type === "stop_limit";
const hasTrigger = (type: OrderRequest["type"]): boolean => type === "stop" || type === "stop_limit";

export function orderProblem(request: OrderRequest): RejectReason | undefined {
  if (typeof request.id !== "string" || request.id === "") return "invalid_order";
  if (typeof request.owner !== "string" || request.owner === "") return "invalid_order";
  if (!SIDES.includes(request.side) || !ORDER_TYPES.includes(request.type)) return "invalid_order";
  if (!TIMES_IN_FORCE.includes(request.timeInForce)) return "invalid_time_in_force";
  // A market order has nowhere to wait: only immediate times in force make sense for it.
  if (request.type === "market" && request.timeInForce !== "ioc" && request.timeInForce !== "fok") {
    return "invalid_time_in_force";
  }
  if (!isTicksOrLots(request.quantity)) return "invalid_quantity";
  if (hasLimitPrice(request.type) ? !isTicksOrLots(request.price) : !optional(request.price)) {
    return "invalid_price";
  }
  if (hasTrigger(request.type) ? !isTicksOrLots(request.triggerPrice) : request.triggerPrice !== undefined) {
    return "invalid_trigger_price";
  }
  return trailProblem(request);
}

/** A trailing stop has exactly one of a trail in ticks or in millionths (at most half the price); others neither. */
function trailProblem(request: OrderRequest): RejectReason | undefined {
  const { trailPrice, trailPercent } = request;
  if (request.type !== "trailing_stop") {
    return trailPrice === undefined && trailPercent === undefined ? undefined : "invalid_trail";
  }
  if ((trailPrice === undefined) === (trailPercent === undefined)) return "invalid_trail";
  if (trailPrice !== undefined && !isTicksOrLots(trailPrice)) return "invalid_trail";
  if (
    trailPercent !== undefined &&
    !(isTicksOrLots(trailPercent) && trailPercent <= TRAIL_PERCENT_SCALE / 2)
  ) {
    return "invalid_trail";
  }
  return undefined;
}

export function replaceProblem(node: OrderNode, changes: ReplaceRequest): AmendRejectReason | undefined {
  if (changes.quantity !== undefined) {
    if (!isTicksOrLots(changes.quantity)) return "invalid_quantity";
    if (changes.quantity <= node.filled) return "quantity_not_above_filled";
  }
  if (changes.price !== undefined && !isTicksOrLots(changes.price)) return "invalid_price";
  if (changes.triggerPrice !== undefined) {
    // A triggered stop already is a plain order: moving its trigger would mean nothing. A trailing
    // stop's trigger is the engine's to move.
    if (!node.isStop || node.isTrailing || node.triggered || !isTicksOrLots(changes.triggerPrice)) {
      return "invalid_trigger_price";
    }
  }
  return undefined;
}

const optional = (price: number | undefined): boolean => price === undefined || isTicksOrLots(price);
