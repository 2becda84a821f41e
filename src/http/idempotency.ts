// Idempotency-Key on every POST, PATCH and DELETE under /api/v1: the hooks are attached to those
// routes only, and a request without the header costs a header lookup (no database round trip).
// The key is claimed after the request passed validation (a refused body keeps nothing, as at
// Stripe), and the response is kept before it is sent. 5xx responses are not kept: the claim is
// dropped, so that a retry after a failure on the server's side runs again (every write is one
// transaction, rolled back when it fails).
import { hash } from "node:crypto";
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onSendHookHandler,
  preHandlerHookHandler,
  preValidationHookHandler,
  RouteOptions,
} from "fastify";
import type { KeyRef } from "../modules/idempotency/idempotency.repository.ts";
import { type IdempotencyKeys, KEY_PATTERN } from "../modules/idempotency/idempotency.service.ts";
import { DomainError } from "../modules/shared/errors.ts";
import type { Logger } from "../platform/logger.ts";
import { bearerToken } from "./auth.ts";

export const IDEMPOTENCY_HEADER = "idempotency-key";
export const REPLAYED_HEADER = "idempotent-replayed";

const WRITES = new Set(["POST", "PATCH", "DELETE"]);
/** The response headers a replay gives back besides the body. */
const KEPT_HEADERS = ["content-type", "location"] as const;

export const isIdempotentRoute = (method: string, url: string): boolean =>
  WRITES.has(method.toUpperCase()) && url.startsWith("/api/v1/");

type Hooks<H> = H | H[] | undefined;
const append = <H>(hooks: Hooks<H>, hook: H): H[] =>
  hooks === undefined ? [hook] : Array.isArray(hooks) ? [...hooks, hook] : [hooks, hook];

/**
 * The credential a key belongs to: the API key (by its id), or the admin token (by a digest of it,
 * so that a new token starts afresh); none on a public route.
 */
function ownerOf(request: FastifyRequest): string | undefined {
  if (request.routeOptions.config.auth === "admin") {
    const token = bearerToken(request);
    return token === undefined ? undefined : `admin:${hash("sha256", token).slice(0, 32)}`;
  }
  return request.principal === undefined ? undefined : `key:${request.principal.keyId}`;
}

function keyOf(request: FastifyRequest): string | undefined {
  const header = request.headers[IDEMPOTENCY_HEADER];
  if (header === undefined) return undefined;
  if (typeof header !== "string" || !KEY_PATTERN.test(header)) {
    throw new DomainError("VALIDATION_ERROR", "the Idempotency-Key header is invalid", {
      details: [
        { path: "Idempotency-Key", message: "must be 1 to 255 printable ASCII characters, sent once" },
      ],
    });
  }
  return header;
}

export function registerIdempotency(app: FastifyInstance, o: { keys: IdempotencyKeys; log: Logger }): void {
  /** The body as parsed, before validation transforms it: what the fingerprint covers. */
  const bodies = new WeakMap<FastifyRequest, unknown>();
  const claims = new WeakMap<FastifyRequest, KeyRef & { claim: string }>();

  const capture: preValidationHookHandler = (request, _reply, done) => {
    if (request.headers[IDEMPOTENCY_HEADER] !== undefined) bodies.set(request, request.body);
    done();
  };

  const claim: preHandlerHookHandler = (request, reply, done) => {
    let key: string | undefined;
    try {
      key = keyOf(request);
    } catch (error) {
      done(error as DomainError);
      return;
    }
    const owner = key === undefined ? undefined : ownerOf(request);
    if (key === undefined || owner === undefined) {
      done();
      return;
    }
    o.keys
      .claim({ owner, key }, { method: request.method, path: request.url, body: bodies.get(request) })
      .then(
        (c) => {
          if (c.kind === "claimed") {
            claims.set(request, c.ref);
            done();
            return;
          }
          void reply.code(c.status).headers(c.headers).header(REPLAYED_HEADER, "true").send(c.body);
        },
        (error: Error) => done(error),
      );
  };

  const keep: onSendHookHandler = (request, reply, payload, done) => {
    const ref = claims.get(request);
    if (ref === undefined) {
      done(null, payload);
      return;
    }
    claims.delete(request);
    settle(ref, reply, payload).then(
      () => done(null, payload),
      (error: unknown) => {
        // The claim then lapses, and a retry after it runs again.
        o.log.warn({ err: error, request_id: request.id }, "Idempotency-Key response not kept");
        done(null, payload);
      },
    );
  };

  const settle = async (ref: KeyRef & { claim: string }, reply: FastifyReply, payload: unknown) => {
    const body =
      typeof payload === "string" ? payload : Buffer.isBuffer(payload) ? payload.toString() : undefined;
    if (reply.statusCode >= 500 || body === undefined) {
      await o.keys.release(ref);
      return;
    }
    const headers: Record<string, string> = {};
    for (const name of KEPT_HEADERS) {
      const value = reply.getHeader(name);
      if (value !== undefined) headers[name] = String(value);
    }
    // Not kept when the claim lapsed and another request took the key over meanwhile.
    if (!(await o.keys.keep(ref, { status: reply.statusCode, headers, body }))) {
      o.log.warn({ key: ref.key }, "an Idempotency-Key's claim lapsed before its response was kept");
    }
  };

  app.addHook("onRoute", (route: RouteOptions) => {
    const methods = typeof route.method === "string" ? [route.method] : route.method;
    if (!methods.some((m) => isIdempotentRoute(m, route.url))) return;
    route.preValidation = append(route.preValidation, capture);
    route.preHandler = append(route.preHandler, claim);
    route.onSend = append(route.onSend, keep);
  });
}

interface OpenApiOperation {
  parameters?: unknown[];
  responses?: Record<string, { headers?: Record<string, unknown> }>;
}

/** Documents the header on every route that takes it, and the replay header on its answers. */
export function documentIdempotency<D>(document: D): D {
  const paths = (document as { paths?: Record<string, Record<string, OpenApiOperation>> }).paths ?? {};
  for (const [path, operations] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      if (!isIdempotentRoute(method, path)) continue;
      operation.parameters = [
        ...(operation.parameters ?? []),
        {
          in: "header",
          name: "Idempotency-Key",
          required: false,
          description:
            "1–255 printable ASCII characters. The first response (status, body, Content-Type and Location) is kept 24 h per credential (API key, or the admin token); the same method, path and JSON body under the same key answers it again with Idempotent-Replayed: true, without running again. Another request under the key: 409 IDEMPOTENCY_MISMATCH; the same one while the first still runs: 409 CONFLICT. A request refused by validation keeps nothing, and a 5xx answer is not kept (a retry runs again). A claim whose request never answered is released after 60 s.",
          schema: { type: "string", minLength: 1, maxLength: 255 },
        },
      ];
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (status.startsWith("5")) continue;
        response.headers = {
          ...response.headers,
          "Idempotent-Replayed": {
            description:
              "true when this is the kept response of an earlier request with the same Idempotency-Key",
            schema: { type: "string", enum: ["true"] },
          },
        };
      }
    }
  }
  return document;
}
