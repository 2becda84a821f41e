// The long-running roles: `start` (everything in one process), `api`, `worker` and `venue`.
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { Config } from "../config.ts";
import { buildServer } from "../http/server.ts";
import type { Db } from "../modules/database.ts";
import { removeJob } from "../modules/jobs/queue.ts";
import { startRescue } from "../modules/trading/rescue.ts";
import { VenueClient } from "../modules/trading/venue.client.ts";
import {
  type BlobStore,
  createBlobStore,
  describeBlobStore,
  type S3Settings,
} from "../platform/blob-store.ts";
import { FastPath } from "../platform/fast-path.ts";
import { HttpClient } from "../platform/http-client.ts";
import type { Logger } from "../platform/logger.ts";
import { createMailer } from "../platform/mailer.ts";
import { createMetrics, type Metrics } from "../platform/metrics.ts";
import { fillPool } from "../platform/postgres.ts";
import { releaseStartupMemory } from "../platform/startup-memory.ts";
import { startQueueWorker } from "../platform/worker.ts";
import { credentialsPath, ensureCredentials } from "./credentials.ts";
import { type Database, openDatabase } from "./database.ts";
import { buildEdge, edgeSettings, publishCommittedEvents } from "./edge.ts";
import { type Closer, onShutdown, withDeadline } from "./lifecycle.ts";
import { startReferencePrices } from "./market-reference.ts";
import { startMetricsServer } from "./metrics-server.ts";
import { openRedisTier, type RedisTier } from "./redis-tier.ts";
import { buildServices, type Services } from "./services.ts";
import { schedules, taskList } from "./tasks.ts";
import { startVenue } from "./venue.ts";

export interface Parts {
  api: boolean;
  worker: boolean;
  venue: boolean;
}

const baseUrlOf = (config: Config) =>
  `http://${config.HOST.includes(":") ? `[${config.HOST}]` : config.HOST}:${config.PORT}`;

/**
 * The shared secret of venue webhooks. When this process runs the venue too (`start`), it holds
 * both ends, so a random one will do.
 */
function webhookSecret(config: Config, log: Logger, parts: Parts): string | undefined {
  const secret =
    config.VENUE_WEBHOOK_SECRET?.reveal() ??
    (parts.venue ? randomBytes(32).toString("base64url") : undefined);
  if (secret === undefined && parts.api)
    log.warn("VENUE_WEBHOOK_SECRET is not set: venue execution reports are refused");
  return secret;
}

/** The blob store of reports: S3 when S3_BUCKET is set, else a folder (BLOB_DIR, default DATA_DIR/blobs). */
async function openBlobStore(config: Config, log: Logger): Promise<BlobStore> {
  const s3: S3Settings | undefined =
    config.S3_BUCKET === undefined
      ? undefined
      : {
          bucket: config.S3_BUCKET,
          region: config.S3_REGION,
          endpoint: config.S3_ENDPOINT,
          accessKeyId: config.S3_ACCESS_KEY_ID,
          secretAccessKey: config.S3_SECRET_ACCESS_KEY?.reveal(),
          forcePathStyle: config.S3_FORCE_PATH_STYLE,
        };
  const settings = { dir: config.BLOB_DIR ?? join(config.DATA_DIR, "blobs"), s3 };
  if (s3 === undefined && config.NODE_ENV === "production") {
    log.warn(
      { blob_store: describeBlobStore(settings) },
      "S3_BUCKET is not set: reports are stored in a local folder, which only works with one API and worker host sharing it",
    );
  } else {
    log.debug({ blob_store: describeBlobStore(settings) }, "blob store");
  }
  return await createBlobStore(settings);
}

function venueClient(config: Config, url: string): { client: VenueClient; close: () => Promise<void> } {
  const http = new HttpClient({
    baseUrl: url,
    connections: 32,
    connectTimeoutMs: config.VENUE_CONNECT_TIMEOUT_MS,
    requestTimeoutMs: config.VENUE_TIMEOUT_MS,
    retries: config.VENUE_RETRIES,
    breakerThreshold: config.VENUE_BREAKER_THRESHOLD,
    breakerHalfOpenAfterMs: config.VENUE_BREAKER_OPEN_MS,
    maxConcurrent: config.VENUE_MAX_CONCURRENT,
    maxPerSecond: config.VENUE_MAX_RPS,
  });
  return { client: new VenueClient(http), close: () => http.close() };
}

/**
 * Routing after placement and settlement after a webhook, run in the API process that committed
 * them (FAST_PATH, see platform/fast-path.ts): routing with no job (the workers' rescue takes
 * over pending orders it left), settlement with its job as the fallback.
 */
function fastPaths(config: Config, db: Db, log: Logger, metrics: Metrics) {
  const o = { fallbackMs: config.FAST_PATH_FALLBACK_MS, maxPending: config.FAST_PATH_MAX_PENDING };
  const count = (work: string) => (result: string) => metrics.fastPath.inc({ work, result });
  return {
    // Routing's own limit (the router's) bounds its work; a claim is a placement batch.
    routing: new FastPath({ ...o, name: "routing", concurrency: o.maxPending, count: count("routing") }, log),
    settlement: new FastPath(
      {
        ...o,
        name: "settlement",
        withdraw: (jobKey) => removeJob(db, jobKey),
        concurrency: SETTLE_INLINE_CONCURRENCY,
        count: count("settlement"),
      },
      log,
    ),
  };
}

/** Webhook batches settled at the same time by one API process. */
const SETTLE_INLINE_CONCURRENCY = 4;

async function startApi(
  config: Config,
  log: Logger,
  o: {
    database: Database;
    services: Services;
    venue: VenueClient;
    secret: string | undefined;
    readiness: { draining: boolean; closing: boolean };
    metrics: Metrics;
    blobs: BlobStore;
    tier: RedisTier;
    fastSettlement: FastPath | undefined;
  },
): Promise<Closer> {
  const baseUrl = baseUrlOf(config);
  let adminToken = config.ADMIN_TOKEN?.reveal();
  if (config.embedded) {
    const demo = { dataDir: config.DATA_DIR, baseUrl, demoUsd: config.DEMO_DEPOSIT_USD, adminToken };
    adminToken = (await ensureCredentials(demo, o.services, log)).admin_token;
  }
  if (adminToken === undefined) log.warn("ADMIN_TOKEN is not set: admin routes answer 401");
  const edge = buildEdge({
    tier: o.tier,
    db: o.database.db,
    venue: o.venue,
    metrics: o.metrics,
    log,
    settings: edgeSettings(config),
  });
  const app = await buildServer({
    log,
    db: o.database.db,
    metrics: o.metrics,
    readiness: o.readiness,
    ...o.services,
    venue: o.venue,
    adminToken,
    venueWebhook:
      o.secret === undefined
        ? undefined
        : {
            secret: o.secret,
            toleranceMs: config.VENUE_WEBHOOK_TOLERANCE_MS,
            inline:
              o.fastSettlement === undefined
                ? undefined
                : { path: o.fastSettlement, catalog: o.services.catalog, log },
          },
    bodyLimit: config.BODY_LIMIT_BYTES,
    corsOrigins: config.CORS_ORIGINS,
    trustProxy: config.TRUST_PROXY,
    blobs: o.blobs,
    signedUrlExpiresS: config.S3_SIGNED_URL_EXPIRES_S,
    ...edge,
  });
  await app.listen({ host: config.HOST, port: config.PORT });
  const where = config.embedded ? `; API key and admin token: ${credentialsPath(config.DATA_DIR)}` : "";
  log.info({ url: baseUrl, docs: `${baseUrl}/docs` }, `Bourse is ready at ${baseUrl}${where}`);
  return {
    name: "http",
    close: () =>
      withDeadline(log, "http drain", config.SHUTDOWN_GRACE_MS, async () => {
        // Stream clients get 1001 (going away) and resume on another instance.
        await edge.hub.close();
        await app.close();
      }),
  };
}

export async function runRole(config: Config, log: Logger, role: string, parts: Parts): Promise<void> {
  if (parts.venue && !parts.api && !parts.worker) return await runVenueOnly(config, log);
  const database = await openDatabase(config, log, role);
  const closers: Closer[] = [];
  // In `start`, the venue stops first: it flushes its reports to the API while the API still runs.
  let venueCloser: Closer | undefined;
  const readiness = { draining: false, closing: false };
  try {
    await fillPool(database.pool, config.DB_POOL_MAX);
    const secret = webhookSecret(config, log, parts);
    let venueUrl = config.VENUE_URL;
    let startMarketData = () => {};
    if (parts.venue && secret !== undefined) {
      const webhookUrl = config.OMS_WEBHOOK_URL ?? `${baseUrlOf(config)}/internal/venue/executions`;
      // Embedded: any free port, so that several instances can run side by side.
      const running = await startVenue(config, log, {
        webhookUrl,
        secret,
        port: config.embedded ? 0 : config.VENUE_PORT,
      });
      venueUrl = running.url;
      venueCloser = { name: "venue", close: () => running.stop() };
      startMarketData = running.startMarketData;
    }
    const venue = venueClient(config, venueUrl);
    const metrics = createMetrics(database.pool);
    const tier = await openRedisTier(config, log, metrics, parts.api && parts.worker);
    closers.push({ name: "redis", close: () => tier.close() });
    publishCommittedEvents(database.db, tier, log);
    closers.push({ name: "venue client", close: venue.close });
    const blobs = await openBlobStore(config, log);
    closers.push({ name: "blob store", close: async () => blobs.close() });
    const fast = parts.api && config.FAST_PATH ? fastPaths(config, database.db, log, metrics) : undefined;
    const services = buildServices(database.db, {
      placementBatchMax: config.PLACEMENT_BATCH_MAX,
      placementBatchConcurrency: config.PLACEMENT_BATCH_CONCURRENCY,
      venue: venue.client,
      routing: {
        baseDelayMs: config.ROUTE_RETRY_BASE_MS,
        maxDelayMs: config.ROUTE_RETRY_MAX_MS,
        maxRetries: config.ROUTE_MAX_RETRIES,
      },
      fastRouting: fast === undefined ? undefined : { path: fast.routing, log },
    });
    if (parts.worker) {
      const mailer = createMailer({
        smtpUrl: config.SMTP_URL?.reveal(),
        dir: join(config.DATA_DIR, "mail"),
        from: config.MAIL_FROM,
      });
      const runner = await startQueueWorker({
        pool: database.pool,
        log,
        concurrency: config.WORKER_CONCURRENCY,
        fetchBatch: config.WORKER_FETCH_BATCH,
        pollIntervalMs: config.WORKER_POLL_INTERVAL_MS,
        tasks: taskList(database.db, services, venue.client, metrics, mailer, blobs),
        schedules,
      });
      // 0 turns the refresh off: reference prices stay where the instruments table has them.
      const prices =
        config.REFERENCE_PRICE_REFRESH_MS > 0
          ? startReferencePrices(database.db, venue.client, log, config.REFERENCE_PRICE_REFRESH_MS)
          : { stop: async () => {} };
      // Pending orders whose placing process died before routing them (FAST_PATH writes no job).
      const rescue = startRescue(database.db, log, config.FAST_PATH_FALLBACK_MS);
      // A worker without the API serves its own /metrics when asked to.
      if (!parts.api && config.WORKER_METRICS_PORT > 0) {
        closers.unshift(
          await startMetricsServer(metrics, log, { host: config.HOST, port: config.WORKER_METRICS_PORT }),
        );
      }
      closers.unshift({
        name: "worker",
        close: async () => {
          await Promise.all([prices.stop(), rescue.stop()]);
          await withDeadline(log, "worker", config.SHUTDOWN_GRACE_MS, () => runner.stop());
          mailer.close();
        },
      });
    }
    if (fast !== undefined) {
      // After the HTTP server (whose requests start this work), before the pools it uses.
      closers.unshift({
        name: "fast path",
        close: () =>
          withDeadline(log, "fast path", config.SHUTDOWN_GRACE_MS, async () => {
            await Promise.all([fast.routing.drain(), fast.settlement.drain()]);
          }),
      });
    }
    if (parts.api) {
      // The HTTP server closes first, so in-flight requests finish while the rest still runs.
      closers.unshift(
        await startApi(config, log, {
          database,
          services,
          venue: venue.client,
          secret,
          readiness,
          metrics,
          blobs,
          tier,
          fastSettlement: fast?.settlement,
        }),
      );
    }
    startMarketData();
  } catch (error) {
    for (const c of venueCloser === undefined ? closers : [venueCloser, ...closers]) {
      await c.close().catch(() => undefined);
    }
    await database.close();
    throw error;
  }
  if (venueCloser !== undefined) closers.unshift(venueCloser);
  closers.push({ name: "database", close: () => database.close() });
  releaseStartupMemory();
  await onShutdown(log, closers, {
    drainDelayMs: parts.api ? config.SHUTDOWN_DRAIN_DELAY_MS : 0,
    beforeClose: () => {
      readiness.draining = true;
    },
    afterDrain: () => {
      readiness.closing = true;
    },
  });
}

/** `bourse venue`: the exchange simulator alone; it needs no database. */
async function runVenueOnly(config: Config, log: Logger): Promise<void> {
  const secret = config.VENUE_WEBHOOK_SECRET?.reveal();
  if (secret === undefined || config.OMS_WEBHOOK_URL === undefined) {
    throw new Error(
      "bourse venue needs VENUE_WEBHOOK_SECRET and OMS_WEBHOOK_URL (the API's /internal/venue/executions)",
    );
  }
  const running = await startVenue(config, log, {
    webhookUrl: config.OMS_WEBHOOK_URL,
    secret,
    port: config.VENUE_PORT,
  });
  running.startMarketData();
  releaseStartupMemory();
  await onShutdown(log, [{ name: "venue", close: () => running.stop() }]);
}
