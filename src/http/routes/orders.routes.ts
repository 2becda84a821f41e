import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { MarketData } from "../../modules/market/market-data.ts";
import { type OrderReads, orderCacheKey } from "../../modules/orders/orders.cache.ts";
import type { OrderPages } from "../../modules/orders/orders.pages.ts";
import {
  cancelAllQuery,
  clientOrderIdParams,
  createOrderSchema,
  listOrdersQuery,
  type OrderPreviewView,
  orderPreviewSchema,
  orderSchema,
  orderWithLegsSchema,
  replaceOrderSchema,
} from "../../modules/orders/orders.schema.ts";
import { pageQuery } from "../../modules/shared/pagination.ts";
import type { OrdersService } from "../../modules/trading/orders.service.ts";
import type { Preview } from "../../modules/trading/preview.ts";
import { principalOf } from "../auth.ts";
import { errorBody } from "../errors.ts";
import { authErrors, bearerAuth, errorSchema, idParams, pageOf } from "./common.ts";

const tags = ["orders"];

export const ordersRoutes: FastifyPluginAsyncZod<{
  orders: OrdersService;
  reads: OrderReads;
  pages: OrderPages;
  /** The venue's books, for previews' price estimates. */
  market: MarketData;
}> = async (app, { orders, reads, pages, market }) => {
  app.post(
    "/api/v1/orders",
    {
      config: { auth: "trade" },
      schema: {
        tags,
        security: bearerAuth,
        summary: "Place an order",
        description:
          "Validates, checks and holds funds, and queues the order for the venue in one transaction. Replaying a client_order_id with the same body returns the existing order with 200; with a different body, 409 IDEMPOTENCY_MISMATCH. 422 INSUFFICIENT_FUNDS says what the order needs and what is available (details: needed, available, each an amount and asset).",
        body: createOrderSchema,
        response: { 200: orderWithLegsSchema, 201: orderWithLegsSchema, 409: errorSchema, ...authErrors },
      },
    },
    async (request, reply) => {
      const { order, created } = await orders.place(principalOf(request).accountId, request.body);
      return reply.status(created ? 201 : 200).send(order);
    },
  );

  app.post(
    "/api/v1/orders/preview",
    {
      config: { auth: "trade" },
      // The body is checked in the handler, so that an invalid one is answered as placing would
      // refuse it (200 with the error), not refused itself.
      validatorCompiler: () => (data) => ({ value: data }),
      schema: {
        tags,
        security: bearerAuth,
        summary: "Preview an order: what placing this body would do, with no side effect",
        description:
          "Takes the body of POST /api/v1/orders and runs placement's checks (schema, instrument, tick, lot, expiry, client_order_id, funds) without writing anything: no order, no hold, no event, no job. Always 200 for a body that is JSON: accepted false with the error object placing it would get (VALIDATION_ERROR, UNKNOWN_SYMBOL, INSTRUMENT_HALTED, INSUFFICIENT_FUNDS, IDEMPOTENCY_MISMATCH). The estimated price walks the venue's book (up to 100 levels a side, cached as market data is) for market orders. Needs the trade scope and counts against the key's trading rate limit, as placing does. The estimates are not a promise: the book moves, and the venue decides.",
        body: createOrderSchema,
        response: { 200: orderPreviewSchema, ...authErrors },
      },
    },
    async (request) => {
      const parsed = createOrderSchema.safeParse(request.body as unknown);
      if (!parsed.success) {
        const details = parsed.error.issues.map((i) => ({
          path: i.path.map(String).join(".") || "body",
          message: i.message,
        }));
        return previewView({
          error: errorBody("VALIDATION_ERROR", "the request is invalid; see details", details).error,
        });
      }
      const input = parsed.data;
      const preview = await orders.preview(principalOf(request).accountId, input, async () =>
        market.book(encodeURIComponent(input.symbol), 100),
      );
      return previewView(wire(preview));
    },
  );

  app.get(
    "/api/v1/orders",
    {
      config: { auth: "read" },
      schema: {
        tags,
        security: bearerAuth,
        summary: "List this account's orders, newest first",
        querystring: listOrdersQuery.extend(pageQuery.shape),
        response: { 200: pageOf(orderSchema), ...authErrors },
      },
    },
    // Sent as the page's cached JSON bytes, already in the response schema's shape.
    async (request, reply) =>
      reply
        .type("application/json; charset=utf-8")
        .send((await pages.json(principalOf(request).accountId, request.query)) as never),
  );

  app.get(
    "/api/v1/orders/:id",
    {
      config: {
        auth: "read",
        cacheKey: (request, principal) =>
          orderCacheKey(principal.accountId, (request.params as { id: string }).id),
      },
      schema: {
        tags,
        security: bearerAuth,
        summary: "Get one order",
        params: idParams,
        response: { 200: orderWithLegsSchema, 404: errorSchema, ...authErrors },
      },
    },
    // Sent as the cached JSON text, already in the response schema's shape.
    async (request, reply) =>
      reply
        .type("application/json; charset=utf-8")
        // A string with a JSON content type goes out as is (Fastify skips serialisation).
        .send((await reads.json(principalOf(request).accountId, request.params.id, request.cached)) as never),
  );

  app.get(
    "/api/v1/orders/by_client_order_id/:client_order_id",
    {
      config: { auth: "read" },
      schema: {
        tags,
        security: bearerAuth,
        summary: "Get one order by its client_order_id",
        description:
          "The same view as GET /api/v1/orders/{id}. 404 when this account has no order with this client_order_id (another account's order is a 404 too).",
        params: clientOrderIdParams,
        response: { 200: orderSchema, 404: errorSchema, ...authErrors },
      },
    },
    async (request) =>
      await orders.getByClientOrderId(principalOf(request).accountId, request.params.client_order_id),
  );

  const cancelSchema = {
    tags,
    security: bearerAuth,
    summary: "Cancel an order",
    description: "Releases the order's hold. 409 ORDER_NOT_CANCELLABLE when the order is already terminal.",
    params: idParams,
    response: { 200: orderSchema, 404: errorSchema, 409: errorSchema, ...authErrors },
  };
  for (const [method, url] of [
    ["POST", "/api/v1/orders/:id/cancel"],
    ["DELETE", "/api/v1/orders/:id"],
  ] as const) {
    app.route({
      method,
      url,
      config: { auth: "trade" },
      schema: cancelSchema,
      handler: async (request) => await orders.cancel(principalOf(request).accountId, request.params.id),
    });
  }

  app.patch(
    "/api/v1/orders/:id",
    {
      config: { auth: "trade" },
      schema: {
        tags,
        security: bearerAuth,
        summary: "Replace quantity and/or price of an open limit order",
        description:
          "Amends the order at the venue under the same id (a quantity decrease keeps time priority; anything else loses it). quantity is the new total, fills included. 409 ORDER_NOT_REPLACEABLE when the order is not an open limit order or the venue refused (e.g. it filled meanwhile). 409 CONFLICT while another replace of the same order is waiting for the venue: one replace of an order at a time; send it again once the other has been answered.",
        params: idParams,
        body: replaceOrderSchema,
        response: { 200: orderSchema, 404: errorSchema, 409: errorSchema, 502: errorSchema, ...authErrors },
      },
    },
    async (request) => await orders.replace(principalOf(request).accountId, request.params.id, request.body),
  );

  app.delete(
    "/api/v1/orders",
    {
      config: { auth: "trade" },
      schema: {
        tags,
        security: bearerAuth,
        summary: "Cancel all open orders, optionally of one symbol",
        querystring: cancelAllQuery,
        response: { 200: z.object({ data: z.array(orderSchema) }), ...authErrors },
      },
    },
    async (request) => ({
      data: await orders.cancelAll(principalOf(request).accountId, request.query.symbol),
    }),
  );
};

type WirePreview = Omit<Preview, "error"> & { error?: OrderPreviewView["error"] };

const wire = (p: Preview): WirePreview => {
  const { error, ...rest } = p;
  return error === undefined
    ? rest
    : { ...rest, error: errorBody(error.code, error.message, error.details).error };
};

function previewView(p: WirePreview): OrderPreviewView {
  return {
    accepted: p.error === undefined,
    hold: p.hold === undefined ? null : { asset: p.hold.asset, amount: p.hold.amount.toFixed() },
    estimated_price: p.estimate?.price?.toFixed() ?? null,
    estimated_fee:
      p.estimate === undefined ? null : { asset: p.estimate.asset, amount: p.estimate.fee.toFixed() },
    error: p.error ?? null,
  };
}
