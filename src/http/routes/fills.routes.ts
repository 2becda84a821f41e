// Executions of this account, and its positions.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { listFills } from "../../modules/executions/executions.repository.ts";
import { fillView } from "../../modules/executions/executions.views.ts";
import { findOrder } from "../../modules/orders/orders.repository.ts";
import { symbolSchema } from "../../modules/orders/orders.schema.ts";
import { type MarketPrice, positionsOf } from "../../modules/positions/positions.service.ts";
import { notFound } from "../../modules/shared/errors.ts";
import type { Executor } from "../../modules/shared/executor.ts";
import { pageQuery, toPage } from "../../modules/shared/pagination.ts";
import { principalOf } from "../auth.ts";
import { authErrors, bearerAuth, errorSchema, idParams, pageOf } from "./common.ts";

export const fillSchema = z
  .object({
    id: z.uuid(),
    order_id: z.uuid(),
    symbol: z.string(),
    side: z.enum(["buy", "sell"]),
    quantity: z.string(),
    price: z.string(),
    fee: z.string(),
    fee_asset: z.string(),
    liquidity: z.enum(["maker", "taker"]),
    executed_at: z.string(),
  })
  .meta({ id: "Fill" });

export const positionSchema = z
  .object({
    symbol: z.string(),
    quantity: z.string().meta({ description: "signed: negative is short" }),
    average_entry_price: z.string(),
    market_price: z
      .string()
      .nullable()
      .meta({ description: "the venue's last trade price; null when unknown" }),
    unrealized_pnl: z.string().nullable(),
    realized_pnl: z.string(),
  })
  .meta({ id: "Position" });

export const fillsRoutes: FastifyPluginAsyncZod<{ db: Executor; marketPrice: MarketPrice }> = async (
  app,
  o,
) => {
  app.get(
    "/api/v1/fills",
    {
      config: { auth: "read" },
      schema: {
        tags: ["account"],
        security: bearerAuth,
        summary: "This account's executions, newest first",
        querystring: z.object({ symbol: symbolSchema.optional() }).extend(pageQuery.shape),
        response: { 200: pageOf(fillSchema), ...authErrors },
      },
    },
    async (request) => {
      const rows = await listFills(o.db, principalOf(request).accountId, request.query);
      return toPage(rows.map(fillView), request.query.limit);
    },
  );

  app.get(
    "/api/v1/orders/:id/fills",
    {
      config: { auth: "read" },
      schema: {
        tags: ["orders"],
        security: bearerAuth,
        summary: "The executions of one order",
        params: idParams,
        response: { 200: z.object({ data: z.array(fillSchema) }), 404: errorSchema, ...authErrors },
      },
    },
    async (request) => {
      const accountId = principalOf(request).accountId;
      if ((await findOrder(o.db, accountId, request.params.id)) === undefined) throw notFound("order");
      const rows = await listFills(o.db, accountId, { orderId: request.params.id, limit: 1_000 });
      return { data: rows.map(fillView).reverse() };
    },
  );

  app.get(
    "/api/v1/positions",
    {
      config: { auth: "read" },
      schema: {
        tags: ["account"],
        security: bearerAuth,
        summary: "Positions per symbol, marked to the venue's last price",
        response: { 200: z.object({ data: z.array(positionSchema) }), ...authErrors },
      },
    },
    async (request) => ({ data: await positionsOf(o.db, principalOf(request).accountId, o.marketPrice) }),
  );
};
