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
  if (request.quoteBudget !== undefined) {
    if (request.type !== "market" || !isTicksOrLots(request.quoteBudget)) return "invalid_order";
    if (request.timeInForce !== "ioc") return "invalid_time_in_force";
  }
  if (request.postOnly === true) {
    if (request.type !== "limit") return "invalid_order";
    // An order that may never rest cannot add liquidity.
    if (request.timeInForce === "ioc" || request.timeInForce === "fok") return "invalid_time_in_force";
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
    // A triggered stop already is a plain order: moving its trigger would mean nothing.
    if (!node.isStop || node.triggered || !isTicksOrLots(changes.triggerPrice)) {
      return "invalid_trigger_price";
    }
  }
  return undefined;
}

const optional = (price: number | undefined): boolean => price === undefined || isTicksOrLots(price);
