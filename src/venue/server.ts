// The venue's own HTTP API (the OMS reaches the venue only through it): signed requests only
// (auth.ts), with fault injection.
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  LogController,
} from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Logger } from "../platform/logger.ts";
import { requireSignedRequests, type VenueAuth } from "./auth.ts";
import type { OrderView } from "./engine/index.ts";
import { fromSteps, type Market } from "./markets.ts";
import { type Venue, VenueError } from "./venue.ts";

export interface Faults {
  /** Added to every request, ms. */
  latencyMs: number;
  /** Probability of a 503 before the request is processed. */
  errorRate: number;
  /** Probability of processing the request, then answering only after `timeoutMs` (a client timeout). */
  timeoutRate: number;
  timeoutMs: number;
  random: () => number;
}

export const NO_FAULTS: Faults = {
  latencyMs: 0,
  errorRate: 0,
  timeoutRate: 0,
  timeoutMs: 0,
  random: Math.random,
};

export function orderWire(o: OrderView, market: Market) {
  const qty = (n: number) => fromSteps(n, market.lotSize);
  const px = (n: number | null) => (n === null ? null : fromSteps(n, market.tickSize));
  return {
    client_order_id: o.id,
    symbol: market.symbol,
    side: o.side,
    type: o.type,
    time_in_force: o.timeInForce,
    quantity: qty(o.quantity),
    price: px(o.price),
    trigger_price: px(o.triggerPrice),
    trail_price: px(o.trailPrice),
    trail_percent: o.trailPercent === null ? null : fromSteps(o.trailPercent, "0.0001"),
    hwm: px(o.hwm),
    status: o.status,
    filled_quantity: qty(o.filledQuantity),
    remaining_quantity: qty(o.remainingQuantity),
    cancel_reason: o.cancelReason,
  };
}

const decimal = z.string().regex(/^\d+(\.\d+)?$/, "must be a decimal string");
const submitBody = z.object({
  client_order_id: z.string().min(1).max(64),
  owner: z.string().min(1).max(64),
  symbol: z.string(),
  side: z.enum(["buy", "sell"]),
  type: z.enum(["market", "limit", "stop", "stop_limit", "trailing_stop"]),
  time_in_force: z.enum(["gtc", "ioc", "fok", "day", "gtd"]),
  quantity: decimal,
  price: decimal.optional(),
  trigger_price: decimal.optional(),
  post_only: z.boolean().optional(),
  expire_at: z.iso.datetime({ offset: true }).optional(),
  notional: decimal.optional(),
  /** trailing_stop: a price distance, or a percentage of the mark (up to four decimals). */
  trail_price: decimal.optional(),
  trail_percent: decimal.optional(),
  /** An order class: this order is its entry (bracket, oto) or its limit leg (oco); `legs` the others. */
  order_class: z.enum(["oco", "bracket", "oto"]).optional(),
  legs: z
    .array(
      z.object({
        client_order_id: z.string().min(1).max(64),
        side: z.enum(["buy", "sell"]),
        type: z.enum(["limit", "stop", "stop_limit"]),
        time_in_force: z.enum(["gtc", "day"]),
        quantity: decimal,
        price: decimal.optional(),
        trigger_price: decimal.optional(),
      }),
    )
    .max(2)
    .optional(),
});
const idParams = z.object({ id: z.string().min(1).max(64) });
const symbolParams = z.object({ symbol: z.string() });

export async function buildVenueServer(
  venue: Venue,
  log: Logger,
  o: { auth: VenueAuth; faults?: Faults },
): Promise<FastifyInstance> {
  const faults = o.faults ?? NO_FAULTS;
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((error: FastifyError | VenueError, _request, reply) => {
    const status = error instanceof VenueError ? error.status : (error.statusCode ?? 500);
    if (status >= 500) log.error({ err: error }, "venue request failed");
    return reply.status(status === 400 ? 422 : status).send({ error: { message: error.message } });
  });
  app.addHook("onRequest", async (request, reply) => {
    if (request.url === "/healthz") return;
    if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
    if (faults.random() < faults.errorRate)
      return reply.status(503).send({ error: { message: "injected fault" } });
  });
  app.addHook("onSend", async () => {
    if (faults.timeoutRate > 0 && faults.random() < faults.timeoutRate) {
      await new Promise((r) => setTimeout(r, faults.timeoutMs));
    }
  });
  // After the faults: an answer is signed as it finally leaves.
  requireSignedRequests(app, o.auth);

  app.get("/healthz", async () => ({ status: "ok", boot: venue.boot }));
  app.post("/v1/orders", { schema: { body: submitBody } }, async (request, reply) => {
    const { order, created, book, reports } = venue.submit(request.body);
    return reply.status(created ? 201 : 200).send({ order: orderWire(order, book.market), reports });
  });
  app.get("/v1/orders/:id", { schema: { params: idParams } }, async (request) => {
    const { order, book } = venue.get(request.params.id);
    return { order: orderWire(order, book.market) };
  });
  // The end of the trading day: resting DAY orders expire (the OMS's expire_day_orders calls it at 00:00 UTC).
  app.post("/v1/session/end", async () => ({ expired: venue.expireDayOrders() }));
  app.get("/v1/orders/:id/executions", { schema: { params: idParams } }, async (request) => ({
    data: venue.executions(request.params.id),
  }));
  app.delete("/v1/orders/:id", { schema: { params: idParams } }, async (request) => {
    const { order, book } = venue.cancel(request.params.id);
    return { order: orderWire(order, book.market) };
  });
  // A GTD order's expiry, asked by the OMS at its instant (the venue's own clock does it too).
  app.post("/v1/orders/:id/expire", { schema: { params: idParams } }, async (request) => {
    const { order, book } = venue.expire(request.params.id);
    return { order: orderWire(order, book.market) };
  });
  app.patch(
    "/v1/orders/:id",
    {
      schema: {
        params: idParams,
        body: z.object({ quantity: decimal.optional(), price: decimal.optional() }),
      },
    },
    async (request) => {
      const { order, book } = venue.replace(request.params.id, request.body);
      return { order: orderWire(order, book.market) };
    },
  );
  app.get("/v1/markets/:symbol/ticker", { schema: { params: symbolParams } }, async (request) =>
    venue.ticker(request.params.symbol),
  );
  app.get(
    "/v1/markets/:symbol/book",
    {
      schema: {
        params: symbolParams,
        querystring: z.object({ depth: z.coerce.number().int().min(1).max(100).default(10) }),
      },
    },
    async (request) => venue.book(request.params.symbol, request.query.depth),
  );
  app.get(
    "/v1/markets/:symbol/trades",
    {
      schema: {
        params: symbolParams,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(50) }),
      },
    },
    async (request) => ({ data: venue.trades(request.params.symbol, request.query.limit) }),
  );
  return app;
}
