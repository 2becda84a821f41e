// Helmet's security headers, computed once. For a JSON API they are the same on every response,
// so helmet's middleware runs once at start-up against a recording response, and the server sets
// the recorded headers in one call per request (running the middleware per request cost ~5% of a
// cached read's CPU).
import helmet, { type HelmetOptions } from "helmet";

export function securityHeaders(options: Readonly<HelmetOptions>): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let done = false;
  helmet(options)({} as never, response as never, (error?: unknown) => {
    if (error !== undefined) throw error;
    done = true;
  });
  if (!done) throw new Error("helmet did not finish synchronously");
  return headers;
}
