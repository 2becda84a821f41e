import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AccountsService } from "../../modules/accounts/accounts.service.ts";
import { listActivities } from "../../modules/activities/activities.service.ts";
import { orderSchema } from "../../modules/orders/orders.schema.ts";
import { type MarketPrice, positionsOf } from "../../modules/positions/positions.service.ts";
import type { Executor } from "../../modules/shared/executor.ts";
import type { OrdersService } from "../../modules/trading/orders.service.ts";
import { principalOf } from "../auth.ts";
import { ACTIVITIES_DESCRIPTION, activitiesQuery, activitySchema } from "./activities.schema.ts";
import { authErrors, bearerAuth, pageOf } from "./common.ts";
import { positionSchema } from "./fills.routes.ts";

export const balanceSchema = z
  .object({
    asset: z.string().meta({ examples: ["USD"] }),
    total: z.string().meta({ examples: ["100000"] }),
    available: z.string().meta({ examples: ["95000"] }),
    held: z.string().meta({ examples: ["5000"] }),
  })
  .meta({ id: "Balance" });

const accountSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    email: z.string().nullable().meta({ description: "where order confirmations are sent; null: none are" }),
    balances: z.array(balanceSchema),
  })
  .meta({ id: "Account" });

const tags = ["account"];

export const accountRoutes: FastifyPluginAsyncZod<{
  accounts: AccountsService;
  orders: OrdersService;
  db: Executor;
  marketPrice: MarketPrice;
}> = async (app, { accounts, orders, db, marketPrice }) => {
  app.get(
    "/api/v1/account",
    {
      config: { auth: "read" },
      schema: {
        tags,
        security: bearerAuth,
        summary: "This account and its balances",
        response: { 200: accountSchema, ...authErrors },
      },
    },
    async (request) => {
      const { id, name, email, balances } = await accounts.get(principalOf(request).accountId);
      return { id, name, email, balances };
    },
  );

  app.get(
    "/api/v1/account/activities",
    {
      config: { auth: "read" },
      schema: {
        tags,
        security: bearerAuth,
        summary: "Every movement of this account's money, newest first",
        description: ACTIVITIES_DESCRIPTION,
        querystring: activitiesQuery,
        response: { 200: pageOf(activitySchema), ...authErrors },
      },
    },
    async (request) => await listActivities(db, principalOf(request).accountId, request.query),
  );

  app.get(
    "/api/v1/dashboard",
    {
      config: { auth: "read" },
      schema: {
        tags,
        security: bearerAuth,
        summary: "Balances, positions and open orders, read concurrently",
        response: {
          200: z.object({
            balances: z.array(balanceSchema),
            positions: z.array(positionSchema),
            open_orders: z.array(orderSchema),
          }),
          ...authErrors,
        },
      },
    },
    async (request) => {
      const accountId = principalOf(request).accountId;
      const [balances, positions, openOrders] = await Promise.all([
        accounts.balances(accountId),
        positionsOf(db, accountId, marketPrice),
        orders.open(accountId),
      ]);
      return { balances, positions, open_orders: openOrders };
    },
  );
};
