// The order contracts: what POST /api/v1/orders accepts and what every order route returns.
import { z } from "zod";
import { type Decimal, parseDecimal } from "../shared/decimal.ts";
import { ORDER_CLASSES, ORDER_STATUSES } from "./orders.table.ts";

const positiveDecimal = (what: string, example: string) =>
  `${what} must be a positive decimal string or number, e.g. "${example}"`;

/**
 * A positive decimal. `required` words a missing value when the field is required only for some
 * order types, so that the message says which; otherwise a missing value is "<field> is required".
 */
const decimalInput = (what: string, example: string, o: { required?: string } = {}) =>
  z
    .union([z.string(), z.number()], {
      error: (issue) => (issue.input === undefined ? o.required : positiveDecimal(what, example)),
    })
    .transform((value, ctx): Decimal => {
      const parsed = parseDecimal(value);
      if (parsed === undefined || parsed.lte(0)) {
        ctx.addIssue({
          code: "custom",
          message: positiveDecimal(what, example),
        });
        return z.NEVER;
      }
      return parsed;
    })
    .meta({ description: `${what}: decimal string (or JSON number), > 0`, examples: [example] });

const forbidden = (why: string) =>
  z
    .unknown()
    .refine((v) => v === undefined || v === null, { message: why })
    .transform(() => undefined)
    .optional()
    .meta({ description: why });

export const symbolSchema = z
  .string()
  .min(1, "must not be empty")
  .max(20, "must be at most 20 characters")
  .regex(/^[A-Z0-9_-]+$/, "must be upper-case letters, digits, '_' or '-'")
  .meta({ examples: ["BTC-USD"] });

const common = {
  symbol: symbolSchema,
  side: z.enum(["buy", "sell"]),
  quantity: decimalInput("quantity", "0.1"),
  client_order_id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1–64 characters of A–Z, a–z, 0–9, '_' or '-'")
    .optional()
    .meta({ description: "your id for this order, unique per account; replaying it returns the same order" }),
  order_class: z.enum(ORDER_CLASSES).default("simple").meta({
    description:
      "simple (default); bracket: a market or limit entry with take_profit and stop_loss exits for what it fills (for a buy take_profit.limit_price > entry > stop_loss.stop_price, reversed for a sell; the reference price stands in for a market entry); oto: an entry with one of them; oco: a limit order (the take-profit, at `price`) with a stop_loss, closing a position you hold. The legs are orders of their own with `parent_order_id`; the exits of one class share one hold.",
  }),
  take_profit: z
    .object({ limit_price: decimalInput("take_profit.limit_price", "52000") })
    .optional()
    .meta({ description: "bracket, oto (and oco, where it must equal price): the take-profit limit leg" }),
  stop_loss: z
    .object({
      stop_price: decimalInput("stop_loss.stop_price", "48000"),
      limit_price: decimalInput("stop_loss.limit_price", "47900").optional(),
    })
    .optional()
    .meta({ description: "bracket, oto, oco: the stop-loss leg, a stop (a stop-limit with limit_price)" }),
};

const PRICE_REQUIRED = "price is required for limit and stop_limit orders";
const TRIGGER_REQUIRED = "trigger_price is required for stop and stop_limit orders";

const SLIPPAGE_RANGE = 'slippage_tolerance must be a decimal between 0 and 0.1, e.g. "0.01"';

const restingTif = z.enum(["gtc", "ioc", "fok", "day"]).default("gtc");
const slippage = z
  .union([z.string(), z.number()], { error: SLIPPAGE_RANGE })
  .transform((value, ctx): Decimal => {
    const parsed = parseDecimal(value);
    if (parsed === undefined || parsed.gt("0.1")) {
      ctx.addIssue({
        code: "custom",
        message: SLIPPAGE_RANGE,
      });
      return z.NEVER;
    }
    return parsed;
  })
  .optional()
  .meta({ description: "0..0.1, default 0.01: sizes the hold and bounds the worst accepted price" });

const TRAIL_PERCENT_RANGE =
  'trail_percent must be a percentage above 0 and at most 50, with at most 4 decimals, e.g. "2.5"';
const trailPercent = z
  .union([z.string(), z.number()], { error: TRAIL_PERCENT_RANGE })
  .transform((value, ctx): Decimal => {
    const parsed = parseDecimal(value);
    if (parsed === undefined || parsed.lte(0) || parsed.gt(50) || parsed.decimalPlaces() > 4) {
      ctx.addIssue({ code: "custom", message: TRAIL_PERCENT_RANGE });
      return z.NEVER;
    }
    return parsed;
  })
  .optional()
  .meta({
    description:
      "trailing_stop: the trigger trails the mark by this percentage of it (0 < p <= 50, up to 4 decimals)",
    examples: ["2.5"],
  });

/**
 * A trailing stop (Alpaca's `trailing_stop`): the venue tracks the high-water mark (sell) or the
 * low-water mark (buy) from its trades, starting at the market price when it accepts the order
 * (the last trade, else the mid), and keeps the trigger `trail_price` (or `trail_percent` of the
 * mark) away from it; when a trade crosses the trigger the order executes as a market order.
 */
const trailingStop = z
  .object({
    ...common,
    order_type: z.literal("trailing_stop"),
    time_in_force: z
      .enum(["gtc", "day"])
      .default("gtc")
      .meta({ description: "how long the trailing stop waits for its trigger: gtc or day" }),
    price: forbidden("price is not allowed for trailing_stop orders"),
    trigger_price: forbidden(
      "trigger_price is set by the venue for trailing_stop orders (it follows the mark)",
    ),
    trail_price: decimalInput("trail_price", "250")
      .optional()
      .meta({ description: "trailing_stop: the trigger trails the mark by this price distance" }),
    trail_percent: trailPercent,
    slippage_tolerance: slippage,
  })
  .superRefine((o, ctx) => {
    if (o.trail_price === undefined && o.trail_percent === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["trail_price"],
        message: "trail_price or trail_percent is required for trailing_stop orders",
      });
    } else if (o.trail_price !== undefined && o.trail_percent !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["trail_percent"],
        message: "send only one of trail_price and trail_percent",
      });
    }
  });

export const createOrderSchema = z.discriminatedUnion("order_type", [
  z.object({
    ...common,
    order_type: z.literal("market"),
    time_in_force: z
      .enum(["ioc", "fok"])
      .default("ioc")
      .meta({ description: "market orders never rest: ioc or fok" }),
    price: forbidden("price is not allowed for market orders"),
    trigger_price: forbidden("trigger_price is only allowed for stop and stop_limit orders"),
    slippage_tolerance: slippage,
  }),
  z.object({
    ...common,
    order_type: z.literal("limit"),
    time_in_force: restingTif,
    price: decimalInput("price", "50000", { required: PRICE_REQUIRED }),
    trigger_price: forbidden("trigger_price is only allowed for stop and stop_limit orders"),
    slippage_tolerance: forbidden("slippage_tolerance is only allowed for market and stop orders"),
  }),
  z.object({
    ...common,
    order_type: z.literal("stop"),
    time_in_force: restingTif,
    price: forbidden("price is not allowed for stop orders (use stop_limit)"),
    trigger_price: decimalInput("trigger_price", "49000", { required: TRIGGER_REQUIRED }),
    slippage_tolerance: slippage,
  }),
  z.object({
    ...common,
    order_type: z.literal("stop_limit"),
    time_in_force: restingTif,
    price: decimalInput("price", "48900", { required: PRICE_REQUIRED }),
    trigger_price: decimalInput("trigger_price", "49000", { required: TRIGGER_REQUIRED }),
    slippage_tolerance: forbidden("slippage_tolerance is only allowed for market and stop orders"),
  }),
  trailingStop,
]);

export type CreateOrderInput = z.output<typeof createOrderSchema>;

const decimalText = (example: string) => z.string().meta({ examples: [example] });

export const orderSchema = z
  .object({
    id: z.uuid(),
    client_order_id: z.string().nullable(),
    symbol: z.string(),
    side: z.enum(["buy", "sell"]),
    order_type: z.enum(["market", "limit", "stop", "stop_limit", "trailing_stop"]),
    time_in_force: z.enum(["gtc", "ioc", "fok", "day"]),
    quantity: decimalText("0.1"),
    price: decimalText("50000").nullable(),
    trigger_price: decimalText("49000").nullable().meta({
      description:
        "stop and stop_limit: the trigger; trailing_stop: the current trigger, moved by the venue as the mark moves (null until the venue has a price)",
    }),
    trail_price: decimalText("250")
      .nullable()
      .meta({ description: "trailing_stop: the trail as a price distance" }),
    trail_percent: decimalText("2.5")
      .nullable()
      .meta({ description: "trailing_stop: the trail as a percentage of the mark" }),
    hwm: decimalText("50500").nullable().meta({
      description:
        "trailing_stop: the mark the trigger trails, the high-water mark for a sell and the low-water mark for a buy, as the venue last reported it (at most once a second); null until the venue reports one",
    }),
    order_class: z.enum(ORDER_CLASSES),
    parent_order_id: z
      .uuid()
      .nullable()
      .meta({ description: "a leg's parent: the entry (bracket, oto) or the limit leg (oco)" }),
    status: z.enum(ORDER_STATUSES),
    filled_quantity: decimalText("0"),
    average_fill_price: decimalText("50000").nullable(),
    reject_reason: z.string().nullable().meta({
      description:
        "why the order closed: user, ioc, fok, market_remainder, day_expiry, self_trade, oco (the other exit of its pair filled or was cancelled), parent_cancelled (its entry was cancelled, or ended with nothing filled), venue: …, venue unavailable after …, unknown at the venue …",
    }),
    created_at: z.string().meta({ examples: ["2026-11-26T12:00:00.000Z"] }),
    updated_at: z.string().meta({ examples: ["2026-11-26T12:00:00.000Z"] }),
  })
  .meta({ id: "Order" });

export type OrderView = z.output<typeof orderSchema>;

/** One order's own reads and its placement answer: a parent also shows its legs. */
export const orderWithLegsSchema = orderSchema
  .extend({
    legs: z
      .array(orderSchema)
      .optional()
      .meta({ description: "the parent of an order class: its legs (lists show legs as rows of their own)" }),
  })
  .meta({ id: "OrderWithLegs" });

export type OrderWithLegsView = z.output<typeof orderWithLegsSchema>;

export const listOrdersQuery = z.object({
  symbol: symbolSchema.optional(),
  status: z.enum(ORDER_STATUSES).optional(),
  side: z.enum(["buy", "sell"]).optional(),
});

export const cancelAllQuery = z.object({ symbol: symbolSchema.optional() });

export const replaceOrderSchema = z
  .object({
    quantity: decimalInput("quantity", "0.2").optional(),
    price: decimalInput("price", "50100").optional(),
  })
  .refine((b) => b.quantity !== undefined || b.price !== undefined, {
    message: "send quantity, price or both",
  });
