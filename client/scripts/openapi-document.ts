// The app's OpenAPI document without a database or a listening socket: the HTTP server is built by
// the same buildServer the roles use, over stand-ins for its dependencies. Building routes only
// declares them; nothing is called on a dependency until a request arrives, and none does here.
import { buildServer, type ServerDeps } from "../../src/http/server.ts";
import { createLogger } from "../../src/platform/logger.ts";

/** An object on which every property is a callable stand-in, for dependencies nothing calls. */
function standIn(): unknown {
  const handler: ProxyHandler<() => void> = {
    get: (_target, property) => (property === "then" ? undefined : standIn()),
    apply: () => standIn(),
  };
  return new Proxy(() => {}, handler);
}

export async function openApiDocument(): Promise<unknown> {
  const deps = new Proxy({} as ServerDeps, {
    get: (_target, property) => {
      switch (property) {
        case "log":
          return createLogger({ LOG_LEVEL: "warn", LOG_FORMAT: "json", NODE_ENV: "development" });
        case "corsOrigins":
          return [];
        case "metricsAccess":
          return "open";
        case "trustProxy":
          return false;
        case "bodyLimit":
          return 65_536;
        case "timeouts":
          return { requestMs: 10_000, connectionMs: 60_000 };
        case "adminToken":
          return undefined;
        case "venueWebhook":
          return { secret: "stand-in", toleranceMs: 300_000 };
        case "stream":
          return {
            heartbeatMs: 15_000,
            authTimeoutMs: 5_000,
            maxBufferBytes: 1_048_576,
            bookDepth: 10,
            connectionsPerAddress: 0,
            connectionsPerKey: 0,
            messages: { perSecond: 10, burst: 20 },
          };
        default:
          return standIn();
      }
    },
  });
  const app = await buildServer(deps);
  try {
    await app.ready();
    return app.swagger();
  } finally {
    await app.close();
  }
}
