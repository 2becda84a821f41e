// Service routes (no key): liveness, readiness, metrics (behind its own token when one is set).
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import type { Db } from "../modules/database.ts";
import type { Metrics } from "../platform/metrics.ts";
import { type SchemaState, schemaState } from "../platform/migrations.ts";
import { bearerToken, tokenMatcher } from "./auth.ts";
import { errorBody, sendError } from "./errors.ts";

/**
 * Who may read /metrics: anyone, the holder of a bearer token, or nobody (not served: production
 * without METRICS_TOKEN, so that what the process knows is not public by default).
 */
export type MetricsAccess = "open" | { token: string } | "hidden";

export interface Readiness {
  /** /readyz answers 503 (load balancers stop sending), requests are still served. */
  draining: boolean;
  /** The listener is closing: requests on open connections get 503 UNAVAILABLE. */
  closing: boolean;
}

export function registerServiceRoutes(
  app: FastifyInstance,
  o: { db: Db; metrics: Metrics; readiness: Readiness; metricsAccess: MetricsAccess },
) {
  let schemaReady = false;
  const hide = { hide: true } as const;

  app.get("/healthz", { schema: hide }, async () => ({ status: "ok" }));

  app.get("/readyz", { schema: hide }, async (_request, reply) => {
    if (o.readiness.draining) return reply.status(503).send({ status: "draining", reason: "shutting down" });
    try {
      await sql`select 1`.execute(o.db);
      if (!schemaReady) {
        const state: SchemaState = await schemaState(o.db);
        if (!state.ready) {
          const reason = state.queueInstalled
            ? `database schema is behind: pending migrations ${state.pending.join(", ")}; run 'bourse migrate latest'`
            : "job queue schema is missing; run 'bourse migrate latest'";
          return reply.status(503).send({ status: "not_ready", reason });
        }
        schemaReady = true;
      }
    } catch (error) {
      app.log.warn({ error: String(error) }, "readiness check failed");
      return reply.status(503).send({ status: "not_ready", reason: "database unreachable" });
    }
    return { status: "ready" };
  });

  if (o.metricsAccess !== "hidden") {
    const access = o.metricsAccess;
    const matches = access === "open" ? undefined : tokenMatcher(access.token);
    app.get("/metrics", { schema: hide }, async (request, reply) => {
      const token = bearerToken(request);
      if (matches !== undefined && (token === undefined || !matches(token))) {
        return sendError(
          reply,
          401,
          errorBody("UNAUTHENTICATED", "send METRICS_TOKEN as 'Authorization: Bearer <token>'"),
        );
      }
      reply.header("content-type", o.metrics.registry.contentType);
      return await o.metrics.registry.metrics();
    });
  }

  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url ?? "unmatched";
    o.metrics.httpDuration.observe(
      { method: request.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
}
