// The long-running roles: `start` (everything in one process), `api` and `worker`.
import { randomBytes } from "node:crypto";
import type { Config } from "../config.ts";
import { buildServer } from "../http/server.ts";
import type { Logger } from "../platform/logger.ts";
import { createMetrics } from "../platform/metrics.ts";
import { startQueueWorker } from "../platform/worker.ts";
import { credentialsPath, ensureCredentials } from "./credentials.ts";
import { openDatabase } from "./database.ts";
import { type Closer, onShutdown, withDeadline } from "./lifecycle.ts";
import { buildServices } from "./services.ts";
import { taskList } from "./tasks.ts";

interface Parts {
  api: boolean;
  worker: boolean;
}

export async function runRole(config: Config, log: Logger, role: string, parts: Parts): Promise<void> {
  const database = await openDatabase(config, log, role);
  const closers: Closer[] = [];
  const readiness = { draining: false, closing: false };
  try {
    const services = buildServices(database.db, {
      placementBatchMax: config.PLACEMENT_BATCH_MAX,
      placementBatchConcurrency: config.PLACEMENT_BATCH_CONCURRENCY,
    });
    if (parts.worker) {
      const runner = await startQueueWorker({
        pool: database.pool,
        log,
        concurrency: config.WORKER_CONCURRENCY,
        pollIntervalMs: config.WORKER_POLL_INTERVAL_MS,
        tasks: taskList(database.db, services),
      });
      closers.push({
        name: "worker",
        close: () => withDeadline(log, "worker", config.SHUTDOWN_GRACE_MS, () => runner.stop()),
      });
    }
    if (parts.api) {
      const baseUrl = `http://${config.HOST.includes(":") ? `[${config.HOST}]` : config.HOST}:${config.PORT}`;
      let adminToken = config.ADMIN_TOKEN?.reveal();
      if (config.embedded) {
        const credentials = await ensureCredentials(
          { dataDir: config.DATA_DIR, baseUrl, demoUsd: config.DEMO_DEPOSIT_USD, adminToken },
          services,
          log,
        );
        adminToken = credentials.admin_token;
      }
      if (adminToken === undefined) log.warn("ADMIN_TOKEN is not set: admin routes answer 401");
      // One process holds both ends in embedded mode, so a random secret per start will do.
      const webhookSecret =
        config.VENUE_WEBHOOK_SECRET?.reveal() ??
        (config.embedded ? randomBytes(32).toString("base64url") : undefined);
      if (webhookSecret === undefined)
        log.warn("VENUE_WEBHOOK_SECRET is not set: venue execution reports are refused");
      const metrics = createMetrics(database.pool);
      const app = await buildServer({
        log,
        db: database.db,
        metrics,
        readiness,
        ...services,
        adminToken,
        venueWebhook:
          webhookSecret === undefined
            ? undefined
            : { secret: webhookSecret, toleranceMs: config.VENUE_WEBHOOK_TOLERANCE_MS },
        bodyLimit: config.BODY_LIMIT_BYTES,
        corsOrigins: config.CORS_ORIGINS,
        trustProxy: config.TRUST_PROXY,
      });
      await app.listen({ host: config.HOST, port: config.PORT });
      // The HTTP server closes first, so in-flight requests finish while the rest still runs.
      closers.unshift({
        name: "http",
        close: () => withDeadline(log, "http drain", config.SHUTDOWN_GRACE_MS, () => app.close()),
      });
      if (config.embedded) {
        log.info(
          { credentials: credentialsPath(config.DATA_DIR), docs: `${baseUrl}/docs` },
          `Bourse is ready at ${baseUrl}. API key and admin token: ${credentialsPath(config.DATA_DIR)}`,
        );
      } else {
        log.info({ url: baseUrl }, "Bourse API is listening");
      }
    }
  } catch (error) {
    for (const c of closers) await c.close().catch(() => undefined);
    await database.close();
    throw error;
  }
  closers.push({ name: "database", close: () => database.close() });
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
