// Domain errors: a stable code, a message that says what to do, no HTTP knowledge.
// src/http/errors.ts maps each code to a status.

export interface ErrorDetail {
  path: string;
  message: string;
}

export class DomainError extends Error {
  readonly code: string;
  readonly details: ErrorDetail[] | undefined;
  constructor(code: string, message: string, details?: ErrorDetail[], options?: ErrorOptions) {
    super(message, options);
    this.name = "DomainError";
    this.code = code;
    this.details = details;
  }
}

export const notFound = (what: string) => new DomainError("NOT_FOUND", `${what} not found`);

export const validation = (details: ErrorDetail[]) =>
  new DomainError("VALIDATION_ERROR", details.map((d) => `${d.path}: ${d.message}`).join("; "), details);
