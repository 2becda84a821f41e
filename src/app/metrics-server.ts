// /metrics and /healthz for a process that serves no API (a worker), so its gauges (such as
// position_mismatches from position_check) and queue-side counters can be scraped too.
import { createServer } from "node:http";
import type { Logger } from "../platform/logger.ts";
import type { Metrics } from "../platform/metrics.ts";
import type { Closer } from "./lifecycle.ts";

export async function startMetricsServer(
  metrics: Metrics,
  log: Logger,
  o: { host: string; port: number },
): Promise<Closer> {
  const server = createServer((request, response) => {
    if (request.method === "GET" && request.url === "/metrics") {
      metrics.registry.metrics().then(
        (text) => {
          response.writeHead(200, { "content-type": metrics.registry.contentType }).end(text);
        },
        () => response.writeHead(500).end(),
      );
      return;
    }
    if (request.method === "GET" && request.url === "/healthz") {
      response.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
      return;
    }
    response
      .writeHead(404, { "content-type": "application/json" })
      .end('{"error":{"code":"NOT_FOUND","message":"only /metrics and /healthz here"}}');
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => resolve());
  });
  log.info({ url: `http://${o.host}:${o.port}/metrics` }, "worker metrics listening");
  return {
    name: "metrics server",
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
