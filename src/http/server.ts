// The HTTP server: plugins, hooks, error handling and routes, built from services handed in.
import { randomUUID } from "node:crypto";
import cors from "@fastify/cors";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from "fastify";
import { validatorCompiler } from "fastify-type-provider-zod";
import type { TrustProxy } from "../config.ts";
import type { AccountsService } from "../modules/accounts/accounts.service.ts";
import type { Authenticator } from "../modules/accounts/authenticator.ts";
import type { KeyRevocations } from "../modules/accounts/revocations.ts";
import type { Db } from "../modules/database.ts";
import { IdempotencyKeys } from "../modules/idempotency/idempotency.service.ts";
import type { InstrumentCatalog } from "../modules/instruments/instruments.service.ts";
import { type CandleReads, recordTrades } from "../modules/market/candles.service.ts";
import type { MarketData } from "../modules/market/market-data.ts";
import { OrderReads } from "../modules/orders/orders.cache.ts";
import { OrderPages } from "../modules/orders/orders.pages.ts";
import { useIssueMessages } from "../modules/shared/issues.ts";
import type { CandleRelay } from "../modules/streams/candles.ts";
import type { MessageRate } from "../modules/streams/caps.ts";
import type { StreamHub } from "../modules/streams/hub.ts";
import { PositionCloser } from "../modules/trading/close-positions.ts";
import type { InlineSettlement } from "../modules/trading/inbox.ts";
import type { OrdersService } from "../modules/trading/orders.service.ts";
import type { VenueClient } from "../modules/trading/venue.client.ts";
import type { BlobStore } from "../platform/blob-store.ts";
import type { Cache } from "../platform/cache.ts";
import type { Logger } from "../platform/logger.ts";
import type { Metrics } from "../platform/metrics.ts";
import { channels, type PubSub } from "../platform/pubsub.ts";
import { registerAuth } from "./auth.ts";
import { CONSOLE_DIR, consoleRoutes } from "./console.ts";
import { errorBody, errorHandler, notFoundHandler, sendError } from "./errors.ts";
import { registerIdempotency } from "./idempotency.ts";
import { registerOpenApi } from "./openapi.ts";
import type { RateLimits } from "./rate-limits.ts";
import { logCompletion } from "./request-log.ts";
import { RouteMethods } from "./route-methods.ts";
import { accountRoutes } from "./routes/account.routes.ts";
import { adminRoutes } from "./routes/admin.routes.ts";
import { adminAccountsRoutes } from "./routes/admin-accounts.routes.ts";
import { adminSettlementsRoutes } from "./routes/admin-settlements.routes.ts";
import { fillsRoutes } from "./routes/fills.routes.ts";
import { instrumentsRoutes } from "./routes/instruments.routes.ts";
import { lastPrice, marketRoutes } from "./routes/market.routes.ts";
import { ordersRoutes } from "./routes/orders.routes.ts";
import { portfolioRoutes } from "./routes/portfolio.routes.ts";
import { positionsRoutes } from "./routes/positions.routes.ts";
import { reportsRoutes } from "./routes/reports.routes.ts";
import { streamRoutes } from "./routes/stream.routes.ts";
import { venueMarketDataRoutes } from "./routes/venue-market-data.routes.ts";
import { venueWebhookRoutes } from "./routes/venue-webhook.routes.ts";
import { securityHeaders } from "./security-headers.ts";
import { schemaSerializerCompiler } from "./serializer.ts";
import { type MetricsAccess, type Readiness, registerServiceRoutes } from "./service-routes.ts";

export interface ServerDeps {
  log: Logger;
  db: Db;
  metrics: Metrics;
  readiness: Readiness;
  accounts: AccountsService;
  orders: OrdersService;
  catalog: InstrumentCatalog;
  authenticator: Authenticator;
  venue: VenueClient;
  adminToken: string | undefined;
  /** Tells every process of a key revoked here. */
  revocations: KeyRevocations;
  /**
   * Accept signed execution reports from the venue at /internal/venue/executions; `inline`:
   * settle them in this process right after they are stored.
   */
  venueWebhook: { secret: string; toleranceMs: number; inline?: InlineSettlement } | undefined;
  bodyLimit: number;
  timeouts: HttpTimeouts;
  /** Who may read /metrics on this port. */
  metricsAccess: MetricsAccess;
  corsOrigins: string[];
  trustProxy: TrustProxy;
  /** Where generated reports are stored (a folder, or S3 with signed download URLs). */
  blobs: BlobStore;
  /** How long a signed report download URL stays valid. */
  signedUrlExpiresS: number;
  cache: Cache;
  pubsub: PubSub;
  hub: StreamHub;
  limits: RateLimits;
  market: MarketData;
  /** Candles from PostgreSQL: the REST route's cached reads, and the stream's `candles` channel. */
  candles: CandleReads;
  candleRelay: CandleRelay;
  orderCacheTtlMs: number;
  /** The web console at `/`; `demoKey`: the demo account's key, offered to browsers on this machine. */
  console?: { demoKey: string | undefined };
  stream: {
    heartbeatMs: number;
    authTimeoutMs: number;
    maxBufferBytes: number;
    bookDepth: number;
    connectionsPerAddress: number;
    connectionsPerKey: number;
    messages: MessageRate;
  };
}

export interface HttpTimeouts {
  /** A request's head and body must have arrived within this (else 408 and the connection closes). */
  requestMs: number;
  /** A connection on which nothing moves for this long is closed. */
  connectionMs: number;
}

/**
 * How often Node looks for requests past their time limit: a request is cut between its limit and
 * a quarter more (Node's own interval, far longer, would let a short limit run on for it).
 */
const checkingInterval = (requestMs: number) => Math.min(30_000, Math.max(25, Math.floor(requestMs / 4)));

/** The most bytes of rendered order-list pages one API process keeps (orders.pages.ts). */
const ORDER_PAGES_MAX_BYTES = 32 * 1024 * 1024;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Fastify's `trustProxy` from TRUST_PROXY. A hop count goes in as proxy-addr's trust function (the
 * peer and the next entries up to the count are proxies): Fastify reads a bare number as "trust
 * nothing", because a count cannot tell a proxy from a client that reached the API directly.
 */
function fastifyTrustProxy(t: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof t === "number" ? (_address, hop) => hop < t : t;
}

export async function buildServer(d: ServerDeps): Promise<FastifyInstance> {
  useIssueMessages();
  if (d.trustProxy === true) {
    d.log.warn(
      "TRUST_PROXY=true: any client can name its own address in X-Forwarded-For and escape the failed-authentication limit; set the proxies' addresses or their number (refused in production)",
    );
  }
  const app = Fastify({
    loggerInstance: d.log as FastifyBaseLogger,
    // Requests are logged once, on completion, by the onResponse hook below.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: "request_id" }),
    bodyLimit: d.bodyLimit,
    // Without these, a client that sends its request slowly (or stops halfway) holds its socket
    // and the bytes read so far for as long as it likes.
    requestTimeout: d.timeouts.requestMs,
    connectionTimeout: d.timeouts.connectionMs,
    http: {
      requestTimeout: d.timeouts.requestMs,
      headersTimeout: d.timeouts.requestMs,
      connectionsCheckingInterval: checkingInterval(d.timeouts.requestMs),
    },
    trustProxy: fastifyTrustProxy(d.trustProxy),
    forceCloseConnections: "idle",
    return503OnClosing: true,
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(schemaSerializerCompiler);
  const routes = new RouteMethods();
  app.addHook("onRoute", (route) => routes.add(route.method, route.url));
  registerIdempotency(app, { keys: new IdempotencyKeys(d.db), log: d.log });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler(routes));
  // JSON only: any other body is refused with 400 instead of reaching validation as a string.
  // An empty JSON body counts as no body (POST …/cancel with a content-type header but no body).
  app.removeContentTypeParser("text/plain");
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    const text = body.toString();
    if (text.trim() === "") done(null, undefined);
    else void parseJson(request, text, done);
  });

  // The API answers JSON, which a Content-Security-Policy does not protect; only /docs (HTML)
  // gets one (see openapi.ts). TLS ends at the load balancer, which owns HSTS.
  const security = securityHeaders({ contentSecurityPolicy: false, hsts: false });
  // Callback-style hooks: on the hot path they cost less than async ones.
  app.addHook("onRequest", (request, reply, done) => {
    reply.headers(security);
    reply.header("x-request-id", request.id);
    // While closing, the venue may still deliver its last reports (internal webhook).
    if (d.readiness.closing && !request.url.startsWith("/readyz") && !request.url.startsWith("/internal/")) {
      reply.header("connection", "close");
      sendError(
        reply,
        503,
        errorBody("UNAVAILABLE", "the server is shutting down; retry on another instance"),
      );
      return;
    }
    done();
  });
  const logged = { debug: d.log.isLevelEnabled("debug") };
  app.addHook("onResponse", (request, reply, done) => {
    logCompletion(request, reply, logged);
    done();
  });

  // Without CORS_ORIGINS, browsers get no CORS headers at all (no cross-origin access).
  if (d.corsOrigins.length > 0) await app.register(cors, { origin: d.corsOrigins });
  await registerOpenApi(app);
  registerAuth(app, { authenticator: d.authenticator, adminToken: d.adminToken, limits: d.limits });
  registerServiceRoutes(app, {
    db: d.db,
    metrics: d.metrics,
    readiness: d.readiness,
    metricsAccess: d.metricsAccess,
  });

  await app.register(instrumentsRoutes, { catalog: d.catalog });
  const reads = new OrderReads({
    orders: d.orders,
    cache: d.cache,
    ttlMs: d.orderCacheTtlMs,
    onLookup: (hit) => d.metrics.cacheRequests.inc({ cache: "order", result: hit ? "hit" : "miss" }),
  });
  const pages = new OrderPages({
    db: d.db,
    maxBytes: ORDER_PAGES_MAX_BYTES,
    onLookup: (hit) => d.metrics.cacheRequests.inc({ cache: "order_list", result: hit ? "hit" : "miss" }),
  });
  await app.register(ordersRoutes, { orders: d.orders, reads, pages, market: d.market });
  await app.register(accountRoutes, {
    accounts: d.accounts,
    orders: d.orders,
    db: d.db,
    marketPrice: lastPrice(d.market),
  });
  await app.register(fillsRoutes, { db: d.db, marketPrice: lastPrice(d.market) });
  await app.register(portfolioRoutes, { db: d.db, catalog: d.catalog });
  await app.register(positionsRoutes, {
    closer: new PositionCloser({
      db: d.db,
      orders: d.orders,
      catalog: d.catalog,
      venue: d.venue,
      warn: (message, err) => app.log.warn({ err }, message),
    }),
  });
  await app.register(marketRoutes, { market: d.market, catalog: d.catalog, candles: d.candles });
  await app.register(streamRoutes, {
    hub: d.hub,
    authenticator: d.authenticator,
    limits: d.limits,
    catalog: d.catalog,
    market: d.market,
    candles: d.candleRelay,
    ...d.stream,
    onConnections: (delta) => d.metrics.streamConnections.inc(delta),
    onDisconnect: (reason) => d.metrics.streamDisconnects.inc({ reason }),
    onMarketMessage: () => d.metrics.streamMessages.inc({ type: "market" }),
  });
  await app.register(consoleRoutes, { dir: CONSOLE_DIR, demoKey: d.console?.demoKey });
  await app.register(adminRoutes, { accounts: d.accounts, revocations: d.revocations });
  await app.register(adminAccountsRoutes, { accounts: d.accounts });
  await app.register(reportsRoutes, { db: d.db, blobs: d.blobs, signedUrlExpiresS: d.signedUrlExpiresS });
  await app.register(adminSettlementsRoutes, { db: d.db });
  if (d.venueWebhook !== undefined) {
    const { secret, toleranceMs } = d.venueWebhook;
    await app.register(venueWebhookRoutes, { db: d.db, ...d.venueWebhook });
    // Market data from the venue, fanned out to every API process's stream clients.
    await app.register(venueMarketDataRoutes, {
      secret,
      toleranceMs,
      publish: (channel, symbol, data) =>
        d.pubsub.publish(channels.market(channel, symbol), JSON.stringify(data)),
      recordTrades: (boot, markets) => recordTrades(d.db, boot, markets),
    });
  }
  return app;
}
