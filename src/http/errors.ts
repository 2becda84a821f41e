// One error shape for every route and layer: { "error": { code, message, details? } }.
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from "fastify-type-provider-zod";
import { DomainError, ERROR_CODES, type ErrorCode, type ErrorDetail } from "../modules/shared/errors.ts";
import { dependencyDown } from "../platform/unreachable.ts";
import type { RouteMethods } from "./route-methods.ts";

/** Every code's status: the type makes the compiler refuse a missing code or a stray one. */
export const STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  ORDER_NOT_CANCELLABLE: 409,
  ORDER_NOT_REPLACEABLE: 409,
  IDEMPOTENCY_MISMATCH: 409,
  PAYLOAD_TOO_LARGE: 413,
  VALIDATION_ERROR: 422,
  INSUFFICIENT_FUNDS: 422,
  UNKNOWN_SYMBOL: 422,
  INSTRUMENT_HALTED: 422,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  EXCHANGE_ERROR: 502,
  UNAVAILABLE: 503,
};

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: ErrorDetail[] };
}

export function errorBody(code: ErrorCode, message: string, details?: ErrorDetail[]): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** The code each error reply carried, for the request log (onResponse sees the reply, not the body). */
const sentCodes = new WeakMap<FastifyReply, ErrorCode>();

/** Sends an error in the one shape and remembers its code for the request log. */
export function sendError(reply: FastifyReply, status: number, body: ErrorBody): FastifyReply {
  sentCodes.set(reply, body.error.code);
  return reply.status(status).send(body);
}

export const errorCodeOf = (reply: FastifyReply): ErrorCode | undefined => sentCodes.get(reply);

/** Fastify's own client errors (parsing, limits, content type) in our codes. */
function fromFastify(error: FastifyError): { status: number; body: ErrorBody } | undefined {
  switch (error.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return {
        status: 413,
        body: errorBody("PAYLOAD_TOO_LARGE", "the request body is larger than the limit"),
      };
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return { status: 400, body: errorBody("BAD_REQUEST", "send the body as application/json") };
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return { status: 400, body: errorBody("BAD_REQUEST", "the JSON body is empty") };
    default:
      if (error instanceof SyntaxError || error.code === "FST_ERR_CTP_INVALID_JSON_BODY") {
        return { status: 400, body: errorBody("BAD_REQUEST", "the body is not valid JSON") };
      }
      if (typeof error.statusCode === "number" && error.statusCode >= 400 && error.statusCode < 500) {
        return { status: error.statusCode, body: errorBody(codeForStatus(error.statusCode), error.message) };
      }
      return undefined;
  }
}

function codeForStatus(status: number): ErrorCode {
  return ERROR_CODES.find((code) => STATUS_BY_CODE[code] === status) ?? "BAD_REQUEST";
}

export function errorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const details = error.validation.map((v) => ({
      path: v.instancePath.replace(/^\//, "").replaceAll("/", ".") || (error.validationContext ?? "body"),
      message: v.message ?? "is invalid",
    }));
    return sendError(
      reply,
      422,
      errorBody("VALIDATION_ERROR", "the request is invalid; see details", details),
    );
  }
  if (error instanceof DomainError) {
    const status = STATUS_BY_CODE[error.code];
    if (status >= 500)
      request.log.error({ err: error, account_id: request.principal?.accountId }, "request failed");
    return sendError(reply, status, errorBody(error.code, error.message, error.details));
  }
  if (!isResponseSerializationError(error)) {
    const known = fromFastify(error);
    if (known !== undefined) return sendError(reply, known.status, known.body);
  }
  if (dependencyDown(error)) {
    request.log.error({ err: error, account_id: request.principal?.accountId }, "a dependency is down");
    reply.header("retry-after", "1");
    return sendError(
      reply,
      503,
      errorBody("UNAVAILABLE", "a service this request needs is unreachable; retry shortly"),
    );
  }
  request.log.error({ err: error, account_id: request.principal?.accountId }, "unexpected error");
  return sendError(
    reply,
    500,
    errorBody("INTERNAL_ERROR", `something went wrong; quote request id ${request.id}`),
  );
}

const orList = (items: string[]) =>
  items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;

/**
 * No route for this method and path: 405 with `Allow` when the path has other methods (RFC 9110
 * requires the header), else 404.
 */
export function notFoundHandler(routes: RouteMethods) {
  return (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const path = request.url.split("?")[0] ?? "";
    const allowed = routes.allowed(path);
    if (allowed.length === 0)
      return sendError(reply, 404, errorBody("NOT_FOUND", `no route ${request.method} ${path}`));
    reply.header("allow", allowed.join(", "));
    return sendError(
      reply,
      405,
      errorBody("METHOD_NOT_ALLOWED", `${request.method} is not allowed on ${path}; use ${orList(allowed)}`),
    );
  };
}
