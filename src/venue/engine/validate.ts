// Checks a request before it touches the book. The venue server validates too, but the engine
// must never hold a value outside the safe-integer range, since exactness rests on it.
import type { OrderNode } from "./order.ts";
import {
  type AmendRejectReason,
  type GroupRequest,
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
  if (request.quoteBudget !== undefined) {
    if (request.type !== "market" || !isTicksOrLots(request.quoteBudget)) return "invalid_order";
    if (request.timeInForce !== "ioc") return "invalid_time_in_force";
  }
  if (request.postOnly === true) {
    if (request.type !== "limit") return "invalid_order";
    // An order that may never rest cannot add liquidity.
    if (request.timeInForce === "ioc" || request.timeInForce === "fok") return "invalid_time_in_force";
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

const EXIT_TYPES = new Set(["limit", "stop", "stop_limit"]);

/**
 * An order class is accepted whole or not at all: each order valid and of a new id; oco two exits,
 * bracket an entry and two, oto an entry and one; an entry market or limit; exits limit, stop or
 * stop-limit, a pair one limit and one stop; all of one owner; the exits on the other side from
 * the entry, each of its quantity (or of one quantity for oco), waiting gtc or day.
 */
export function groupProblem(
  request: GroupRequest,
  known: (id: string) => boolean,
): RejectReason | undefined {
  const { entry, exits, orderClass } = request;
  const all = [...(entry === undefined ? [] : [entry]), ...exits];
  for (const r of all) {
    const problem = orderProblem(r);
    if (problem !== undefined) return problem;
  }
  if (new Set(all.map((r) => r.id)).size !== all.length || all.some((r) => known(r.id)))
    return "invalid_order";
  const count = orderClass === "oto" ? 1 : 2;
  if ((orderClass === "oco") !== (entry === undefined) || exits.length !== count) return "invalid_order";
  if (entry !== undefined && entry.type !== "market" && entry.type !== "limit") return "invalid_order";
  const first = exits[0];
  if (first === undefined) return "invalid_order";
  const quantity = entry?.quantity ?? first.quantity;
  for (const exit of exits) {
    if (!EXIT_TYPES.has(exit.type) || exit.side !== first.side || exit.owner !== first.owner)
      return "invalid_order";
    if (exit.quantity !== quantity) return "invalid_quantity";
    if (exit.timeInForce !== "gtc" && exit.timeInForce !== "day") return "invalid_time_in_force";
  }
  if (entry !== undefined && (entry.side === first.side || entry.owner !== first.owner))
    return "invalid_order";
  if (count === 2 && exits.filter((e) => e.type === "limit").length !== 1) return "invalid_order";
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
