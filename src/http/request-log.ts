// One line per finished request. Failures (4xx, 5xx) are logged at the default level, so that a
// client's refusals can be traced from a request id without turning debug on; successes only at
// debug. The line holds the path without its query and never headers or bodies, where keys are.
import type { FastifyReply, FastifyRequest } from "fastify";
import { errorCodeOf } from "./errors.ts";

export function logCompletion(request: FastifyRequest, reply: FastifyReply, o: { debug: boolean }): void {
  const status = reply.statusCode;
  if (status < 400 && !o.debug) return;
  const level = status >= 500 ? "error" : status >= 400 ? "info" : "debug";
  request.log[level](
    {
      method: request.method,
      route: request.routeOptions.url,
      path: request.url.split("?")[0],
      status,
      code: errorCodeOf(reply),
      ms: Math.round(reply.elapsedTime * 10) / 10,
      account_id: request.principal?.accountId,
    },
    "request completed",
  );
}
