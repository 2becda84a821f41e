// Closing positions: DELETE /positions/{symbol} (all, a quantity or a percentage) and DELETE
// /positions (every position, optionally after cancelling the account's open orders).
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { decimalInput, orderSchema, symbolSchema } from "../../modules/orders/orders.schema.ts";
import type { PositionCloser } from "../../modules/trading/close-positions.ts";
import { principalOf } from "../auth.ts";
import { errorBody, STATUS_BY_CODE } from "../errors.ts";
import { authErrors, bearerAuth, errorSchema } from "./common.ts";

const tags = ["account"];

const closeQuery = z.object({
  quantity: decimalInput("quantity", "0.05")
    .optional()
    .meta({ description: "close this much of the position (at most all of it; a multiple of the lot size)" }),
  percentage: decimalInput("percentage", "50")
    .refine((p) => p.lte(100), { message: "percentage must be at most 100" })
    .optional()
    .meta({
      description: "close this percentage of the position (0 < p ≤ 100), rounded down to the lot size",
    }),
});

const closeAllQuery = z.object({
  cancel_orders: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true")
    .meta({ description: "cancel the account's open orders first (default false)" }),
});

const closeResult = z
  .object({
    symbol: z.string(),
    status: z
      .number()
      .int()
      .meta({ description: "the HTTP status closing this position alone would answer" }),
    order: orderSchema.optional(),
    error: errorSchema.shape.error.optional(),
  })
  .meta({ id: "PositionCloseResult" });

export const positionsRoutes: FastifyPluginAsyncZod<{ closer: PositionCloser }> = async (app, { closer }) => {
  app.delete(
    "/api/v1/positions/:symbol",
    {
      config: { auth: "trade" },
      schema: {
        tags,
        security: bearerAuth,
        summary: "Close a position (all of it, a quantity or a percentage)",
        description:
          "Places a market order for the opposite side (a sell for a long position, a buy for a short one) through the same placement as POST /orders, and answers it with 200 (status pending; the venue fills it right after). Without quantity or percentage the whole position is closed; quantity closes that much (at most the position); percentage (0 < p ≤ 100) closes that share, rounded down to the lot size. Both → 422 VALIDATION_ERROR. 404 NOT_FOUND when the account has no position in the symbol, or a flat one. Like Alpaca, open orders are left alone: when open sell orders already hold the base asset a long close needs (or open buys hold the quote a short close needs), the close is refused with 422 INSUFFICIENT_FUNDS naming what is needed and available; cancel them first, or use DELETE /api/v1/positions?cancel_orders=true.",
        params: z.object({ symbol: symbolSchema }),
        querystring: closeQuery,
        response: { 200: orderSchema, 404: errorSchema, ...authErrors },
      },
    },
    async (request) =>
      await closer.close(principalOf(request).accountId, request.params.symbol, request.query),
  );

  app.delete(
    "/api/v1/positions",
    {
      config: { auth: "trade" },
      schema: {
        tags,
        security: bearerAuth,
        summary: "Close every position",
        description:
          "With cancel_orders=true, first cancels every open order of the account (as DELETE /api/v1/orders does) and settles the cancellations the venue reports, so the funds they held are free; then places one closing market order per open position, in symbol order. Answers 200 with one entry per position: status 200 with the order, or the status and error placing that close got (e.g. 422 INSUFFICIENT_FUNDS). An account without positions gets []. 502 EXCHANGE_ERROR when the venue does not confirm a cancel (nothing is closed then; try again).",
        querystring: closeAllQuery,
        response: { 200: z.array(closeResult), 502: errorSchema, ...authErrors },
      },
    },
    async (request) => {
      const results = await closer.closeAll(principalOf(request).accountId, {
        cancelOrders: request.query.cancel_orders,
      });
      return results.map((r) =>
        "order" in r
          ? { symbol: r.symbol, status: 200, order: r.order }
          : {
              symbol: r.symbol,
              status: STATUS_BY_CODE[r.error.code],
              error: errorBody(r.error.code, r.error.message, r.error.details).error,
            },
      );
    },
  );
};
