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
export const decimalInput = (what: string, example: string, o: { required?: string } = {}) =>
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

const CLIENT_ORDER_ID = /^[A-Za-z0-9_-]{1,64}$/;
const CLIENT_ORDER_ID_RULE = "must be 1–64 characters of A–Z, a–z, 0–9, '_' or '-'";

const common = {
  symbol: symbolSchema,
  side: z.enum(["buy", "sell"]),
  quantity: decimalInput("quantity", "0.1"),
  client_order_id: z
    .string()
    .regex(CLIENT_ORDER_ID, CLIENT_ORDER_ID_RULE)
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

const restingTif = z
  .enum(["gtc", "ioc", "fok", "day", "gtd"])
  .default("gtc")
  .meta({ description: "gtc (default), ioc, fok, day, or gtd (good till expire_at)" });

const EXPIRE_AT_FORMAT =
  'expire_at must be an RFC 3339 date-time with a time zone, e.g. "2026-12-31T23:59:59.000Z"';

/** When a GTD order expires; its range (future, at most 90 days ahead) is placement's rule. */
const expireAt = z.iso
  .datetime({ offset: true, error: EXPIRE_AT_FORMAT })
  .transform((text) => new Date(text))
  .optional()
  .meta({
    description:
      "required with time_in_force gtd, forbidden otherwise: an RFC 3339 date-time, in the future and at most 90 days ahead. The order expires at that instant (status expired, hold released), to the second; the instant is kept to the millisecond.",
    examples: ["2026-12-31T23:59:59.000Z"],
  });

const EXPIRE_AT_REQUIRED = "expire_at is required with time_in_force gtd";
const EXPIRE_AT_FORBIDDEN = "expire_at is only allowed with time_in_force gtd";

/** A GTD order has an expire_at and no other order has one. */
const gtdRule = (o: { time_in_force: string; expire_at?: Date | undefined }, ctx: z.RefinementCtx) => {
  if (o.time_in_force === "gtd" && o.expire_at === undefined)
    ctx.addIssue({ code: "custom", path: ["expire_at"], message: EXPIRE_AT_REQUIRED });
  if (o.time_in_force !== "gtd" && o.expire_at !== undefined)
    ctx.addIssue({ code: "custom", path: ["expire_at"], message: EXPIRE_AT_FORBIDDEN });
};

const POST_ONLY_LIMIT = "post_only is only allowed for limit orders";
/** Other order types than limit: post_only absent, null or false. */
const noPostOnly = z
  .unknown()
  .refine((v) => v === undefined || v === null || v === false, { message: POST_ONLY_LIMIT })
  .transform(() => false as const)
  .optional()
  .meta({ description: POST_ONLY_LIMIT });
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
    post_only: noPostOnly,
    expire_at: forbidden("expire_at is only allowed with time_in_force gtd (trailing stops wait gtc or day)"),
    notional: forbidden("notional is only allowed for market orders"),
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

const QUANTITY_OR_NOTIONAL = "send exactly one of quantity and notional";

export const createOrderSchema = z.discriminatedUnion("order_type", [
  z
    .object({
      ...common,
      order_type: z.literal("market"),
      quantity: decimalInput("quantity", "0.1").optional(),
      notional: decimalInput("notional", "1000")
        .optional()
        .meta({
          description:
            "market orders only, instead of quantity: buy for, or sell for, this much of the quote asset. The quantity follows from the fills (each rounded down to the lot size) and never spends more than the notional (buy) nor sells for more than it; the order's quantity shows what it filled. A buy holds the notional plus the taker fee. A sell holds notional / (reference price × (1 − slippage_tolerance)) of the base asset, rounded up to the lot size: the most it may sell at the worst price it accepts (422 INSUFFICIENT_FUNDS when the account has less); fills release it.",
          examples: ["1000"],
        }),
      time_in_force: z
        .enum(["ioc", "fok"])
        .default("ioc")
        .meta({ description: "market orders never rest: ioc or fok" }),
      price: forbidden("price is not allowed for market orders"),
      trigger_price: forbidden("trigger_price is only allowed for stop and stop_limit orders"),
      slippage_tolerance: slippage,
      post_only: noPostOnly,
      expire_at: forbidden("expire_at is only allowed with time_in_force gtd (market orders never rest)"),
    })
    .superRefine((o, ctx) => {
      if ((o.quantity === undefined) === (o.notional === undefined))
        ctx.addIssue({ code: "custom", path: ["quantity"], message: QUANTITY_OR_NOTIONAL });
      if (o.notional !== undefined && o.time_in_force === "fok")
        ctx.addIssue({ code: "custom", path: ["time_in_force"], message: "a notional order is ioc" });
    }),
  z
    .object({
      ...common,
      order_type: z.literal("limit"),
      time_in_force: restingTif,
      price: decimalInput("price", "50000", { required: PRICE_REQUIRED }),
      trigger_price: forbidden("trigger_price is only allowed for stop and stop_limit orders"),
      slippage_tolerance: forbidden("slippage_tolerance is only allowed for market and stop orders"),
      post_only: z.boolean().default(false).meta({
        description:
          "limit only, default false: the order must add liquidity. If it would take any on arrival at the venue (its price reaches the other side of the book), it is rejected with reject_reason post_only: no fill, hold released. Not with ioc or fok. A replace that would make it take is refused (409 ORDER_NOT_REPLACEABLE).",
      }),
      expire_at: expireAt,
      notional: forbidden("notional is only allowed for market orders"),
    })
    .superRefine((o, ctx) => {
      gtdRule(o, ctx);
      if (o.post_only && (o.time_in_force === "ioc" || o.time_in_force === "fok"))
        ctx.addIssue({
          code: "custom",
          path: ["post_only"],
          message: "a post_only order cannot be ioc or fok",
        });
    }),
  z
    .object({
      ...common,
      order_type: z.literal("stop"),
      time_in_force: restingTif,
      price: forbidden("price is not allowed for stop orders (use stop_limit)"),
      trigger_price: decimalInput("trigger_price", "49000", { required: TRIGGER_REQUIRED }),
      slippage_tolerance: slippage,
      post_only: noPostOnly,
      expire_at: expireAt,
      notional: forbidden("notional is only allowed for market orders"),
    })
    .superRefine(gtdRule),
  z
    .object({
      ...common,
      order_type: z.literal("stop_limit"),
      time_in_force: restingTif,
      price: decimalInput("price", "48900", { required: PRICE_REQUIRED }),
      trigger_price: decimalInput("trigger_price", "49000", { required: TRIGGER_REQUIRED }),
      slippage_tolerance: forbidden("slippage_tolerance is only allowed for market and stop orders"),
      post_only: noPostOnly,
      expire_at: expireAt,
      notional: forbidden("notional is only allowed for market orders"),
    })
    .superRefine(gtdRule),
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
    time_in_force: z.enum(["gtc", "ioc", "fok", "day", "gtd"]),
    quantity: decimalText("0.1").meta({
      description: "the ordered quantity; for a notional order, what it has filled so far",
    }),
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
        "why a terminal order ended as it did: the venue's reason (e.g. user, ioc, fok, market_remainder, day_expiry, self_trade), post_only (a post-only order would have taken liquidity), gtd_expiry (a GTD order reached expire_at), oco (an exit leg: the other exit of its pair filled, or was cancelled), parent_cancelled (an exit leg: its entry was cancelled, or ended with nothing filled), or the OMS's (venue: …, unknown at the venue …); null otherwise",
    }),
    created_at: z.string().meta({ examples: ["2026-11-26T12:00:00.000Z"] }),
    updated_at: z.string().meta({ examples: ["2026-11-26T12:00:00.000Z"] }),
    post_only: z.boolean().meta({ description: "the order may only add liquidity (limit orders)" }),
    expire_at: z
      .string()
      .nullable()
      .meta({
        description: "when a GTD order expires; null otherwise",
        examples: ["2026-12-31T23:59:59.000Z"],
      }),
    notional: decimalText("1000")
      .nullable()
      .meta({ description: "a notional order's quote amount; null for an order by quantity" }),
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

const amount = z.object({ asset: z.string(), amount: decimalText("1002") });

/** The answer of POST /api/v1/orders/preview; `error` is the inner object of the error shape. */
export const orderPreviewSchema = z
  .object({
    accepted: z
      .boolean()
      .meta({ description: "placing this body now would be accepted (201, or 200 for a replay)" }),
    hold: amount.nullable().meta({
      description:
        "what placing it would set aside; null when a check fails before the hold is sized, or for a replay of a client_order_id (placing answers the existing order and holds nothing more)",
    }),
    estimated_price: decimalText("50012.5").nullable().meta({
      description:
        "market: the average price of walking the venue's book for the quantity (or the notional), null when the book has nothing to take; without the book (the venue did not answer), the reference price. limit and stop_limit: the limit price; stop: the trigger price",
    }),
    estimated_fee: amount.nullable().meta({
      description:
        "in the quote asset: at the taker rate for market orders, stops and limit orders that would cross the book (not post-only); at the maker rate for a limit order that would rest; rounded up to the quote asset's precision, as settlement charges it",
    }),
    error: z
      .object({
        code: z.string().meta({ examples: ["INSUFFICIENT_FUNDS"] }),
        message: z.string(),
        details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      })
      .nullable()
      .meta({ description: "the error object placing it would get (as in the error shape), or null" }),
  })
  .meta({ id: "OrderPreview" });

export type OrderPreviewView = z.output<typeof orderPreviewSchema>;

export const listOrdersQuery = z.object({
  symbol: symbolSchema.optional(),
  status: z.enum(ORDER_STATUSES).optional(),
  side: z.enum(["buy", "sell"]).optional(),
});

export const clientOrderIdParams = z.object({
  client_order_id: z.string().regex(CLIENT_ORDER_ID, CLIENT_ORDER_ID_RULE),
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
