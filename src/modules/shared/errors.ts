// Domain errors: a stable code, a message that says what to do, no HTTP knowledge.
// src/http/errors.ts maps each code to a status.

/**
 * Every error code the API answers with. A code is part of the contract: clients branch on it,
 * so a new one is added here (and given a status in src/http/errors.ts) and an old one is kept.
 */
export const ERROR_CODES = [
  "BAD_REQUEST",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "METHOD_NOT_ALLOWED",
  "CONFLICT",
  "ORDER_NOT_CANCELLABLE",
  "ORDER_NOT_REPLACEABLE",
  "IDEMPOTENCY_MISMATCH",
  "PAYLOAD_TOO_LARGE",
  "VALIDATION_ERROR",
  "INSUFFICIENT_FUNDS",
  "UNKNOWN_SYMBOL",
  "INSTRUMENT_HALTED",
  "RATE_LIMITED",
  "INTERNAL_ERROR",
  "EXCHANGE_ERROR",
  "UNAVAILABLE",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorDetail {
  path: string;
  message: string;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[] | undefined;
  constructor(
    code: ErrorCode,
    message: string,
    o: { details?: ErrorDetail[] | undefined; cause?: unknown } = {},
  ) {
    super(message, o.cause === undefined ? undefined : { cause: o.cause });
    this.name = "DomainError";
    this.code = code;
    this.details = o.details;
  }
}

export const notFound = (what: string) => new DomainError("NOT_FOUND", `${what} not found`);

export const validation = (details: ErrorDetail[]) =>
  new DomainError("VALIDATION_ERROR", details.map((d) => `${d.path}: ${d.message}`).join("; "), {
    details,
  });
