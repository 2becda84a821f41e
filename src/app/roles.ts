// The long-running roles: `start` (everything in one process), `api`, `worker` and `venue`: what is
// particular to a process (config, the database, the venue, the worker, listening, signals) around
// the composition that the tests share (compose.ts).
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import type { Config } from "../config.ts";
import { backfillCandles } from "../modules/market/candles.backfill.ts";
import { startRescue } from "../modules/trading/rescue.ts";
import type { VenueClient } from "../modules/trading/venue.client.ts";
import {
  type BlobStore,
  createBlobStore,
  describeBlobStore,
  type S3Settings,
} from "../platform/blob-store.ts";
import type { Logger } from "../platform/logger.ts";
import { createMailer } from "../platform/mailer.ts";
import { createMetrics, type Metrics } from "../platform/metrics.ts";
import { fillPool } from "../platform/postgres.ts";
import { releaseStartupMemory } from "../platform/startup-memory.ts";
import { startQueueWorker } from "../platform/worker.ts";
import { DEFAULT_LIQUIDITY } from "../venue/liquidity.ts";
import { appSettings, type Composition, composeApp, type Parts } from "./compose.ts";
import { type Credentials, credentialsPath, ensureCredentials } from "./credentials.ts";
import { type Database, openDatabase } from "./database.ts";
import { Closers, onShutdown } from "./lifecycle.ts";
import { startReferencePrices } from "./market-reference.ts";
import { startMetricsServer } from "./metrics-server.ts";
import { openRedisTier } from "./redis-tier.ts";
import type { Services } from "./services.ts";
import { schedules, taskList } from "./tasks.ts";
import { startVenue } from "./venue.ts";
import { venueClientSettings, venueClients } from "./venue-clients.ts";

const baseUrlOf = (config: Config) =>
  `http://${config.HOST.includes(":") ? `[${config.HOST}]` : config.HOST}:${config.PORT}`;

/**
 * The secret shared with the venue: its webhooks and its API's requests and answers are signed
 * with it. When this process runs the venue too (`start`), it holds both ends, so a random one
 * will do.
 */
function webhookSecret(config: Config, log: Logger, parts: Parts): string | undefined {
  const secret =
    config.VENUE_WEBHOOK_SECRET?.reveal() ??
    (parts.venue ? randomBytes(32).toString("base64url") : undefined);
  if (secret === undefined)
    log.warn(
      "VENUE_WEBHOOK_SECRET is not set: the venue refuses this process's calls and its execution reports are refused",
    );
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

/**
 * A first run's chart: synthetic minute bars of the liquidity provider's kind of walk for every
 * instrument that has none (CANDLES_BACKFILL_HOURS), walking a step per refresh.
 */
async function backfillSyntheticCandles(config: Config, log: Logger, database: Database): Promise<void> {
  const written = await backfillCandles(database.db, {
    now: new Date(),
    hours: config.CANDLES_BACKFILL_HOURS,
    seed: config.LIQUIDITY_SEED,
    volatility: DEFAULT_LIQUIDITY.volatility,
    stepsPerMinute: Math.max(1, Math.round(60_000 / config.LIQUIDITY_REFRESH_MS)),
  });
  if (written.length > 0)
    log.info({ symbols: written, hours: config.CANDLES_BACKFILL_HOURS }, "synthetic candle history written");
}

/** Fails at once, before a database is opened or made, when HOST:PORT cannot be listened on. */
async function ensurePortFree(host: string, port: number): Promise<void> {
  const server = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen({ host, port, exclusive: true }, () => resolve());
    });
  } catch (error) {
    const code = error instanceof Error && "code" in error ? String(error.code) : "";
    if (code === "EADDRINUSE")
      throw new Error(`port ${port} on ${host} is in use: stop what uses it or set PORT= to another port`);
    throw new Error(`cannot listen on ${host}:${port} (${code}): check HOST= and PORT=`, { cause: error });
  }
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/**
 * The admin token of the API: ADMIN_TOKEN, or in embedded mode the demo's, made on first start.
 * `demo` receives the demo credentials in embedded mode.
 */
async function adminTokenOf(
  config: Config,
  log: Logger,
  services: Services,
  demo: { credentials?: Credentials },
): Promise<string | undefined> {
  let adminToken = config.ADMIN_TOKEN?.reveal();
  if (config.embedded) {
    const settings = {
      dataDir: config.DATA_DIR,
      baseUrl: baseUrlOf(config),
      demoUsd: config.DEMO_DEPOSIT_USD,
      adminToken,
    };
    demo.credentials = await ensureCredentials(settings, services, log);
    adminToken = demo.credentials.admin_token;
  }
  if (adminToken === undefined) log.warn("ADMIN_TOKEN is not set: admin routes answer 401");
  return adminToken;
}

/** The job runner, the reference prices, the rescue of unrouted orders and a worker's /metrics. */
async function startWorker(
  config: Config,
  log: Logger,
  o: {
    parts: Parts;
    database: Database;
    services: Services;
    venue: VenueClient;
    /** The venue client of market data (reference prices). */
    marketVenue: VenueClient;
    metrics: Metrics;
    blobs: BlobStore;
    closers: Closers;
  },
): Promise<void> {
  const mailer = createMailer({
    smtpUrl: config.SMTP_URL?.reveal(),
    dir: join(config.DATA_DIR, "mail"),
    from: config.MAIL_FROM,
  });
  const runner = await startQueueWorker({
    pool: o.database.pool,
    log,
    concurrency: config.WORKER_CONCURRENCY,
    fetchBatch: config.WORKER_FETCH_BATCH,
    pollIntervalMs: config.WORKER_POLL_INTERVAL_MS,
    tasks: taskList(o.database.db, o.services, o.venue, o.metrics, mailer, o.blobs),
    schedules,
  });
  // 0 turns the refresh off: reference prices stay where the instruments table has them.
  const prices =
    config.REFERENCE_PRICE_REFRESH_MS > 0
      ? startReferencePrices(o.database.db, o.marketVenue, log, config.REFERENCE_PRICE_REFRESH_MS)
      : { stop: async () => {} };
  // Pending orders whose placing process died before routing them (FAST_PATH writes no job).
  const rescue = startRescue(o.database.db, log, config.FAST_PATH_FALLBACK_MS);
  o.closers.add("worker", async () => {
    await Promise.all([prices.stop(), rescue.stop()]);
    await runner.stop();
    mailer.close();
  });
  // A worker without the API serves its own /metrics when asked to.
  if (!o.parts.api && config.WORKER_METRICS_PORT > 0) {
    const server = await startMetricsServer(o.metrics, log, {
      host: config.HOST,
      port: config.WORKER_METRICS_PORT,
    });
    o.closers.add("metrics server", server.close);
  }
}

export async function runRole(config: Config, log: Logger, role: string, parts: Parts): Promise<void> {
  if (parts.venue && !parts.api && !parts.worker) return await runVenueOnly(config, log);
  // Before a database is opened (in embedded mode, a cluster and a demo account made).
  if (parts.api) await ensurePortFree(config.HOST, config.PORT);
  const database = await openDatabase(config, log, role);
  const closers = new Closers();
  closers.add("database", () => database.close());
  let composed: Composition;
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
      closers.add("venue", () => running.stop());
      if (config.LIQUIDITY_ENABLED) await backfillSyntheticCandles(config, log, database);
      startMarketData = running.startMarketData;
    }
    const venue = venueClients(venueClientSettings(config, secret), venueUrl);
    closers.add("venue client", venue.close);
    const metrics = createMetrics(database.pool);
    const tier = await openRedisTier(config, log, metrics, parts.api && parts.worker);
    closers.add("redis", () => tier.close());
    const blobs = await openBlobStore(config, log);
    const demo: { credentials?: Credentials } = {};
    closers.add("blob store", async () => blobs.close());
    composed = await composeApp({
      parts,
      settings: appSettings(config, secret),
      db: database.db,
      log,
      venue: venue.trading,
      marketVenue: venue.marketData,
      tier,
      blobs,
      metrics,
      closers,
      adminToken: (services) => adminTokenOf(config, log, services, demo),
      // The console's "use the demo account": outside production only (and to loopback only).
      demoKey: () => (config.NODE_ENV === "production" ? undefined : demo.credentials?.api_key),
    });
    if (parts.worker) {
      await startWorker(config, log, {
        parts,
        database,
        services: composed.services,
        venue: venue.trading,
        marketVenue: venue.marketData,
        metrics,
        blobs,
        closers,
      });
    }
    if (composed.api !== undefined) await listen(config, log, composed.api.server);
    startMarketData();
  } catch (error) {
    await closers.closeAll().catch(() => undefined);
    throw error;
  }
  releaseStartupMemory();
  const { readiness } = composed;
  await onShutdown(log, closers.list(), {
    graceMs: config.SHUTDOWN_GRACE_MS,
    drainDelayMs: parts.api ? config.SHUTDOWN_DRAIN_DELAY_MS : 0,
    beforeClose: () => {
      readiness.draining = true;
    },
    afterDrain: () => {
      readiness.closing = true;
    },
  });
}

async function listen(config: Config, log: Logger, server: FastifyInstance): Promise<void> {
  await server.listen({ host: config.HOST, port: config.PORT });
  const baseUrl = baseUrlOf(config);
  const where = config.embedded ? `; API key and admin token: ${credentialsPath(config.DATA_DIR)}` : "";
  log.info(
    { url: baseUrl, docs: `${baseUrl}/docs`, console: `${baseUrl}/` },
    `Bourse is ready at ${baseUrl} (open it in a browser for the console)${where}`,
  );
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
  await onShutdown(log, [{ name: "venue", close: () => running.stop() }], {
    graceMs: config.SHUTDOWN_GRACE_MS,
  });
}
