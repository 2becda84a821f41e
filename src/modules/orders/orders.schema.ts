// The order contracts: what POST /api/v1/orders accepts and what every order route returns.
import { z } from "zod";
import { type Decimal, parseDecimal } from "../shared/decimal.ts";
import { ORDER_STATUSES } from "./orders.table.ts";

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
]);

export type CreateOrderInput = z.output<typeof createOrderSchema>;

const decimalText = (example: string) => z.string().meta({ examples: [example] });

export const orderSchema = z
  .object({
    id: z.uuid(),
    client_order_id: z.string().nullable(),
    symbol: z.string(),
    side: z.enum(["buy", "sell"]),
    order_type: z.enum(["market", "limit", "stop", "stop_limit"]),
    time_in_force: z.enum(["gtc", "ioc", "fok", "day"]),
    quantity: decimalText("0.1"),
    price: decimalText("50000").nullable(),
    trigger_price: decimalText("49000").nullable(),
    status: z.enum(ORDER_STATUSES),
    filled_quantity: decimalText("0"),
    average_fill_price: decimalText("50000").nullable(),
    reject_reason: z.string().nullable(),
    created_at: z.string().meta({ examples: ["2026-11-26T12:00:00.000Z"] }),
    updated_at: z.string().meta({ examples: ["2026-11-26T12:00:00.000Z"] }),
  })
  .meta({ id: "Order" });

export type OrderView = z.output<typeof orderSchema>;

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
