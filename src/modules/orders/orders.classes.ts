// Order classes, pure: which legs a request makes, the rules its prices follow, and the hold of an
// oco buy. The parent is the entry (bracket, oto) or the limit leg (oco, as Alpaca has it); the
// other legs are exits on the other side from an entry, or on the oco's own side.
import type { Instrument } from "../instruments/instruments.service.ts";
import { Decimal, isMultipleOf } from "../shared/decimal.ts";
import type { ErrorDetail } from "../shared/errors.ts";
import type { CreateOrderInput } from "./orders.schema.ts";

export interface LegTerms {
  role: "take_profit" | "stop_loss";
  side: "buy" | "sell";
  order_type: "limit" | "stop" | "stop_limit";
  price: Decimal | null;
  trigger_price: Decimal | null;
}

const opposite = (side: "buy" | "sell") => (side === "buy" ? "sell" : "buy");

/** The exit legs a request makes besides its own order (none for a simple order). */
export function legsOf(input: CreateOrderInput): LegTerms[] {
  if (input.order_class === "simple") return [];
  const side = input.order_class === "oco" ? input.side : opposite(input.side);
  const legs: LegTerms[] = [];
  if (input.take_profit !== undefined && input.order_class !== "oco") {
    legs.push({
      role: "take_profit",
      side,
      order_type: "limit",
      price: input.take_profit.limit_price,
      trigger_price: null,
    });
  }
  const sl = input.stop_loss;
  if (sl !== undefined) {
    legs.push({
      role: "stop_loss",
      side,
      order_type: sl.limit_price === undefined ? "stop" : "stop_limit",
      price: sl.limit_price ?? null,
      trigger_price: sl.stop_price,
    });
  }
  return legs;
}

/**
 * A class's rules, each refusal naming its field. bracket: a market or limit entry, both exits,
 * take_profit.limit_price > the entry's price (the reference price for a market entry) >
 * stop_loss.stop_price for a buy, the other way round for a sell. oto: the same with one exit. oco: a limit order at the take-profit price
 * with a stop_loss on the far side of the market from it (below a sell's limit, above a buy's).
 * Class orders wait gtc or day; a market entry's exits wait gtc.
 */
export function classViolations(input: CreateOrderInput, instrument: Instrument): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const tp = input.take_profit;
  const sl = input.stop_loss;
  for (const [path, value] of [
    ["take_profit.limit_price", tp?.limit_price],
    ["stop_loss.stop_price", sl?.stop_price],
    ["stop_loss.limit_price", sl?.limit_price],
  ] as const) {
    if (value !== undefined && !isMultipleOf(value, instrument.tick_size)) {
      problems.push({
        path,
        message: `must be a multiple of the tick size ${instrument.tick_size.toFixed()}`,
      });
    }
  }
  if (input.order_class !== "simple") {
    // A class's legs share its quantity, and its entry must be free to trade: neither a notional
    // nor a post-only order can be one.
    if ("notional" in input && input.notional !== undefined)
      problems.push({ path: "notional", message: `is not allowed for ${input.order_class} orders` });
    if ("post_only" in input && input.post_only === true)
      problems.push({ path: "post_only", message: `is not allowed for ${input.order_class} orders` });
    if (problems.length > 0) return problems;
  }
  if (input.order_class === "simple") {
    if (tp !== undefined)
      problems.push({ path: "take_profit", message: "is only allowed for bracket, oto and oco orders" });
    if (sl !== undefined)
      problems.push({ path: "stop_loss", message: "is only allowed for bracket, oto and oco orders" });
    return problems;
  }
  if (input.order_type !== "market" && input.time_in_force !== "gtc" && input.time_in_force !== "day") {
    problems.push({ path: "time_in_force", message: `must be gtc or day for ${input.order_class} orders` });
  }
  if (input.order_class === "oco") {
    if (input.order_type !== "limit") {
      problems.push({
        path: "order_type",
        message: "must be limit for oco orders (the take-profit leg, at price)",
      });
      return problems;
    }
    if (sl === undefined)
      problems.push({ path: "stop_loss", message: "stop_loss.stop_price is required for oco orders" });
    if (tp !== undefined && !tp.limit_price.eq(input.price)) {
      problems.push({
        path: "take_profit.limit_price",
        message: "must equal price for oco orders (or be left out)",
      });
    }
    const below = input.side === "sell";
    if (sl !== undefined && (below ? !sl.stop_price.lt(input.price) : !sl.stop_price.gt(input.price))) {
      problems.push({
        path: "stop_loss.stop_price",
        message: `must be ${below ? "below" : "above"} price for an oco ${input.side}`,
      });
    }
    return problems;
  }
  if (input.order_type !== "market" && input.order_type !== "limit") {
    problems.push({ path: "order_type", message: `must be market or limit for ${input.order_class} orders` });
    return problems;
  }
  if (input.order_class === "bracket") {
    if (tp === undefined)
      problems.push({
        path: "take_profit",
        message: "take_profit.limit_price is required for bracket orders",
      });
    if (sl === undefined)
      problems.push({ path: "stop_loss", message: "stop_loss.stop_price is required for bracket orders" });
  } else if ((tp === undefined) === (sl === undefined)) {
    problems.push({
      path: "take_profit",
      message: "an oto order takes exactly one of take_profit and stop_loss",
    });
  }
  // A buy takes its profit above the entry and its loss below; a sell the other way round.
  const entry = input.order_type === "limit" ? input.price : instrument.reference_price;
  const buy = input.side === "buy";
  if (tp !== undefined && !(buy ? tp.limit_price.gt(entry) : tp.limit_price.lt(entry))) {
    problems.push({
      path: "take_profit.limit_price",
      message: `must be ${buy ? "above" : "below"} the entry price ${entry.toFixed()}`,
    });
  }
  if (sl !== undefined && !(buy ? sl.stop_price.lt(entry) : sl.stop_price.gt(entry))) {
    problems.push({
      path: "stop_loss.stop_price",
      message: `must be ${buy ? "below" : "above"} the entry price ${entry.toFixed()}`,
    });
  }
  return problems;
}

/**
 * The price a class's buy exits hold for, once: the dearest leg's (a stop leg's trigger plus
 * slippage, or its limit price). An oco buy's parent holds the quantity at it; a sell bracket's or
 * oto's exits (buying back what the entry sells) hold the whole quantity at it from placement.
 */
export function buyExitsPrice(input: CreateOrderInput, slippage: Decimal): Decimal {
  const prices: Decimal[] = [];
  if (input.order_class === "oco" && input.order_type === "limit") prices.push(input.price);
  if (input.take_profit !== undefined && input.order_class !== "oco")
    prices.push(input.take_profit.limit_price);
  const sl = input.stop_loss;
  if (sl !== undefined) prices.push(sl.limit_price ?? sl.stop_price.times(slippage.plus(1)));
  return prices.reduce((a, b) => (b.gt(a) ? b : a), new Decimal(0));
}
