// Prometheus metrics: one registry per process, rendered at /metrics.
import type pg from "pg";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<"method" | "route" | "status_code">;
  /** Positions that disagree with their fills, as of the last position_check. */
  positionMismatches: Gauge;
  /** Redis operations that failed (the caller fell back: cache bypassed, limit failed open or closed). */
  redisErrors: Counter<"operation">;
  /** Requests let through without a rate-limit check because Redis was unreachable. */
  rateLimitFailOpen: Counter;
  cacheRequests: Counter<"cache" | "result">;
  streamConnections: Gauge;
  streamMessages: Counter<"type">;
  streamDisconnects: Counter<"reason">;
  fastPath: Counter<"work" | "result">;
}

export function createMetrics(pool: pg.Pool | undefined): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request duration by route and status",
    labelNames: ["method", "route", "status_code"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const positionMismatches = new Gauge({
    name: "position_mismatches",
    help: "positions that disagree with their fills at the last position_check",
    registers: [registry],
  });
  const redisErrors = new Counter({
    name: "redis_errors_total",
    help: "Redis operations that failed, by operation",
    labelNames: ["operation"] as const,
    registers: [registry],
  });
  const rateLimitFailOpen = new Counter({
    name: "rate_limit_fail_open_total",
    help: "requests admitted without a rate-limit check because Redis was unreachable",
    registers: [registry],
  });
  const cacheRequests = new Counter({
    name: "cache_requests_total",
    help: "cache lookups by cache and result (hit, miss)",
    labelNames: ["cache", "result"] as const,
    registers: [registry],
  });
  const streamConnections = new Gauge({
    name: "stream_connections",
    help: "open WebSocket stream connections",
    registers: [registry],
  });
  const streamMessages = new Counter({
    name: "stream_messages_total",
    help: "messages sent to stream clients, by type",
    labelNames: ["type"] as const,
    registers: [registry],
  });
  const streamDisconnects = new Counter({
    name: "stream_disconnects_total",
    help: "stream connections closed by the server, by reason",
    labelNames: ["reason"] as const,
    registers: [registry],
  });
  const fastPath = new Counter({
    name: "fast_path_total",
    help: "work run right after its commit (done, failed: left to its job) or left to the queue (full), by work",
    labelNames: ["work", "result"] as const,
    registers: [registry],
  });
  if (pool !== undefined) {
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          this.set(read());
        },
      });
    gauge("db_pool_connections", "connections open in the PostgreSQL pool", () => pool.totalCount);
    gauge("db_pool_idle", "idle connections in the PostgreSQL pool", () => pool.idleCount);
    gauge("db_pool_waiting", "queries waiting for a PostgreSQL connection", () => pool.waitingCount);
  }
  return {
    registry,
    httpDuration,
    positionMismatches,
    redisErrors,
    rateLimitFailOpen,
    cacheRequests,
    streamConnections,
    streamMessages,
    streamDisconnects,
    fastPath,
  };
}
