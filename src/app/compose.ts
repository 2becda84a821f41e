// The object graph shared by the roles (roles.ts) and the tests (test/support/app.ts): the
// services, the fast paths, the edge and the HTTP server over parts that the caller opened, with
// the closers of what it builds registered by component (lifecycle.ts declares their order).
// What is particular to a process (reading config, opening the database, the venue, the worker,
// listening, signals) stays with the caller, so that the tests run the wiring the roles run.
import type { FastifyInstance } from "fastify";
import type { Config, TrustProxy } from "../config.ts";
import { buildServer, type HttpTimeouts } from "../http/server.ts";
import type { MetricsAccess } from "../http/service-routes.ts";
import { KeyRevocations } from "../modules/accounts/revocations.ts";
import type { Db } from "../modules/database.ts";
import { removeJob } from "../modules/jobs/queue.ts";
import type { VenueClient } from "../modules/trading/venue.client.ts";
import type { BlobStore } from "../platform/blob-store.ts";
import { FastPath } from "../platform/fast-path.ts";
import type { Logger } from "../platform/logger.ts";
import type { Metrics } from "../platform/metrics.ts";
import { buildEdge, type EdgeDeps, type EdgeSettings, edgeSettings, publishCommittedEvents } from "./edge.ts";
import type { Closers } from "./lifecycle.ts";
import type { RedisTier } from "./redis-tier.ts";
import { buildServices, type ServiceOptions, type Services } from "./services.ts";

/** What a process runs: `start` all three, `api`, `worker` and `venue` one each. */
export interface Parts {
  api: boolean;
  worker: boolean;
  venue: boolean;
}

export interface AppSettings {
  /** The services' settings other than their venue and fast routing, which this file wires. */
  services: Omit<ServiceOptions, "venue" | "fastRouting">;
  /** FAST_PATH on (see platform/fast-path.ts), or off. */
  fastPath: { fallbackMs: number; maxPending: number } | false;
  edge: EdgeSettings;
  http: {
    /** Venue webhooks are refused without a secret. */
    webhook: { secret: string; toleranceMs: number } | undefined;
    bodyLimit: number;
    corsOrigins: string[];
    trustProxy: TrustProxy;
    signedUrlExpiresS: number;
    timeouts: HttpTimeouts;
    metrics: MetricsAccess;
  };
}

/** The settings of a role, from its configuration. */
export function appSettings(config: Config, webhookSecret: string | undefined): AppSettings {
  return {
    services: {
      placementBatchMax: config.PLACEMENT_BATCH_MAX,
      placementBatchConcurrency: config.PLACEMENT_BATCH_CONCURRENCY,
      routing: {
        baseDelayMs: config.ROUTE_RETRY_BASE_MS,
        maxDelayMs: config.ROUTE_RETRY_MAX_MS,
        maxRetries: config.ROUTE_MAX_RETRIES,
      },
    },
    fastPath: config.FAST_PATH
      ? { fallbackMs: config.FAST_PATH_FALLBACK_MS, maxPending: config.FAST_PATH_MAX_PENDING }
      : false,
    edge: edgeSettings(config),
    http: {
      webhook:
        webhookSecret === undefined
          ? undefined
          : { secret: webhookSecret, toleranceMs: config.VENUE_WEBHOOK_TOLERANCE_MS },
      bodyLimit: config.BODY_LIMIT_BYTES,
      corsOrigins: config.CORS_ORIGINS,
      trustProxy: config.TRUST_PROXY,
      signedUrlExpiresS: config.S3_SIGNED_URL_EXPIRES_S,
      timeouts: {
        requestMs: config.HTTP_REQUEST_TIMEOUT_MS,
        connectionMs: config.HTTP_CONNECTION_TIMEOUT_MS,
      },
      metrics: metricsAccess(config),
    },
  };
}

/** /metrics behind METRICS_TOKEN when set; without it, open outside production and not served in it. */
function metricsAccess(config: Config): MetricsAccess {
  const token = config.METRICS_TOKEN?.reveal();
  if (token !== undefined) return { token };
  return config.NODE_ENV === "production" ? "hidden" : "open";
}

export interface Composition {
  services: Services;
  /** Turned off by the shutdown: `/readyz` answers 503. */
  readiness: { draining: boolean; closing: boolean };
  /** The HTTP server, ready but not listening, and its edge; undefined without the API part. */
  api: { server: FastifyInstance; edge: EdgeDeps } | undefined;
}

/** Webhook batches settled at the same time by one API process. */
const SETTLE_INLINE_CONCURRENCY = 4;

/**
 * Routing after placement and settlement after a webhook, run in the API process that committed
 * them: routing with no job (the workers' rescue takes over pending orders it left), settlement
 * with its job as the fallback.
 */
function fastPaths(
  o: { fallbackMs: number; maxPending: number },
  d: { db: Db; log: Logger; metrics: Metrics },
) {
  const count = (work: string) => (result: string) => d.metrics.fastPath.inc({ work, result });
  return {
    // Routing's own limit (the router's) bounds its work; a claim is a placement batch.
    routing: new FastPath(
      { ...o, name: "routing", concurrency: o.maxPending, count: count("routing") },
      d.log,
    ),
    settlement: new FastPath(
      {
        ...o,
        name: "settlement",
        withdraw: (jobKey) => removeJob(d.db, jobKey),
        concurrency: SETTLE_INLINE_CONCURRENCY,
        count: count("settlement"),
      },
      d.log,
    ),
  };
}

/**
 * Builds the services and, with the API part, the fast paths (when on), the edge and the HTTP
 * server; registers the closers of the last two with `closers`. `adminToken` is asked for once
 * the services exist (embedded mode makes its demo account with them).
 */
export async function composeApp(o: {
  parts: Pick<Parts, "api">;
  settings: AppSettings;
  db: Db;
  log: Logger;
  venue: VenueClient;
  /** The venue client of market data, apart from the trading one (venue-clients.ts). */
  marketVenue: VenueClient;
  tier: RedisTier;
  blobs: BlobStore;
  metrics: Metrics;
  closers: Closers;
  adminToken: (services: Services) => Promise<string | undefined>;
  /** The demo account's key the console may offer (asked for after `adminToken`); none by default. */
  demoKey?: () => string | undefined;
}): Promise<Composition> {
  const { settings: s, db, log } = o;
  publishCommittedEvents(db, o.tier, log);
  const fast = o.parts.api && s.fastPath !== false ? fastPaths(s.fastPath, o) : undefined;
  const services = buildServices(db, {
    ...s.services,
    venue: o.venue,
    fastRouting: fast === undefined ? undefined : { path: fast.routing, log },
  });
  if (fast !== undefined) {
    o.closers.add("fast path", async () => {
      await Promise.all([fast.routing.drain(), fast.settlement.drain()]);
    });
  }
  const readiness = { draining: false, closing: false };
  if (!o.parts.api) return { services, readiness, api: undefined };
  const adminToken = await o.adminToken(services);
  const edge = buildEdge({
    tier: o.tier,
    db,
    marketVenue: o.marketVenue,
    metrics: o.metrics,
    log,
    settings: s.edge,
  });
  const revocations = new KeyRevocations({
    pubsub: o.tier.pubsub,
    authenticator: services.authenticator,
    log,
    onRevoked: (key) => edge.hub.closeKey(key.id),
  });
  const server = await buildServer({
    log,
    db,
    metrics: o.metrics,
    readiness,
    ...services,
    venue: o.venue,
    adminToken,
    revocations,
    venueWebhook:
      s.http.webhook === undefined
        ? undefined
        : {
            ...s.http.webhook,
            inline:
              fast === undefined ? undefined : { path: fast.settlement, catalog: services.catalog, log },
          },
    bodyLimit: s.http.bodyLimit,
    corsOrigins: s.http.corsOrigins,
    trustProxy: s.http.trustProxy,
    blobs: o.blobs,
    signedUrlExpiresS: s.http.signedUrlExpiresS,
    timeouts: s.http.timeouts,
    metricsAccess: s.http.metrics,
    console: { demoKey: o.demoKey?.() },
    ...edge,
  });
  o.closers.add("http", async () => {
    await revocations.close();
    // Stream clients get 1001 (going away) and resume on another instance.
    await edge.hub.close();
    await edge.candleRelay.close();
    // close() closes the connections idle at that moment; a kept-alive connection whose request
    // ends later stays open, and a client polling within the keep-alive timeout would hold the
    // drain open to the end of the grace period. Idle ones are closed until the server is.
    const sweep = setInterval(() => server.server.closeIdleConnections(), 100);
    try {
      await server.close();
    } finally {
      clearInterval(sweep);
    }
  });
  await server.ready();
  await revocations.start();
  return { services, readiness, api: { server, edge } };
}
