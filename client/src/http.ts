// Typed calls to the HTTP API: openapi-fetch over the paths generated from /openapi.json.
import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "./schema.d.ts";

export type Schemas = components["schemas"];
export type Order = Schemas["Order"];
export type Fill = Schemas["Fill"];
export type Position = Schemas["Position"];
export type Balance = Schemas["Balance"];
export type Activity = Schemas["Activity"];
export type Instrument = Schemas["Instrument"];
export type ErrorBody = Schemas["Error"];
export type ErrorCode = ErrorBody["error"]["code"];
export type BourseClient = Client<paths>;

export interface ClientOptions {
  /** Where the API is, e.g. http://127.0.0.1:8000; "" in a browser page served by the API. */
  baseUrl: string;
  /** An account's API key (bk_…) or, for /api/v1/admin routes, the admin token. */
  token?: string;
  /** A fetch of your own (tests, proxies); the global one by default. */
  fetch?: typeof fetch;
}

/** A client for every route of the API; each call resolves to `{ data }` or `{ error }`, both typed. */
export function createBourseClient(o: ClientOptions): BourseClient {
  return createClient<paths>({
    baseUrl: o.baseUrl,
    headers: o.token === undefined ? {} : { authorization: `Bearer ${o.token}` },
    ...(o.fetch === undefined ? {} : { fetch: o.fetch }),
  });
}

/** An API error as a throwable: the status and the body of the error shape. */
export class BourseError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly details: { path: string; message: string }[];
  constructor(status: number, body: ErrorBody) {
    super(`${status} ${body.error.code}: ${body.error.message}`);
    this.name = "BourseError";
    this.status = status;
    this.code = body.error.code;
    this.details = body.error.details ?? [];
  }
}

const isErrorBody = (body: unknown): body is ErrorBody =>
  typeof body === "object" &&
  body !== null &&
  "error" in body &&
  typeof (body as { error: unknown }).error === "object";

/**
 * The data of a call, or a BourseError thrown with its status and code:
 * `const order = await unwrap(api.POST("/api/v1/orders", { body }))`.
 */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<NonNullable<T>> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) {
    const body = isErrorBody(error)
      ? error
      : ({
          error: { code: "INTERNAL_ERROR", message: `unexpected ${response.status} response` },
        } satisfies ErrorBody);
    throw new BourseError(response.status, body);
  }
  if (data === undefined || data === null) throw new Error(`no body in the ${response.status} response`);
  return data;
}
