// Prometheus metrics: one registry per process, rendered at /metrics.
import type pg from "pg";
import { collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<"method" | "route" | "status_code">;
  /** Positions that disagree with their fills, as of the last position_check. */
  positionMismatches: Gauge;
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
  return { registry, httpDuration, positionMismatches };
}
