// Errors that say a service this process depends on cannot be reached right now.

/** Socket errors of a connection that cannot be made or was cut. */
const DOWN_ERRNOS = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);
/** PostgreSQL: the server is shutting down or starting, or has no connection slot left. */
const DOWN_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);
/** pg's own errors for a lost connection and for a pool that could not connect in time. */
const DOWN_MESSAGES = [/^Connection terminated/, /^timeout exceeded when trying to connect/];

/**
 * Whether an error means that PostgreSQL (or another service reached over a socket) is down or
 * unreachable, rather than that the request or the code is wrong: the API answers 503
 * `UNAVAILABLE` (a client retries) instead of 500, and a stream closes with 1013 (try again
 * later) instead of 1011. Looks through `cause` too.
 */
export function dependencyDown(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; depth < 5 && typeof e === "object" && e !== null; depth++) {
    const { code, message, cause } = e as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === "string") {
      // SQLSTATE class 08: connection exceptions.
      if (DOWN_ERRNOS.has(code) || DOWN_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
    }
    if (typeof message === "string" && DOWN_MESSAGES.some((m) => m.test(message))) return true;
    e = cause;
  }
  return false;
}
