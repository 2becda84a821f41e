// Outbound HTTP to a dependency: one undici pool (keep-alive, connect and request timeouts) behind
// a resilience policy from cockatiel — retries with exponential backoff and jitter for idempotent
// calls, a circuit breaker, and a concurrency cap — plus a requests-per-second cap (cockatiel has
// none, so it is platform/token-bucket.ts). With a signer, every request is signed and an answer
// that does not prove to come from the dependency is a failure, whatever it says.

import type { IncomingHttpHeaders } from "node:http";
import {
  BulkheadRejectedError,
  bulkhead,
  ConsecutiveBreaker,
  circuitBreaker,
  ExponentialBackoff,
  handleWhen,
  type IPolicy,
  retry,
  wrap,
} from "cockatiel";
import { Pool } from "undici";
import { TokenBucket } from "./token-bucket.ts";

/** Authenticates calls both ways: signs each request, checks each answer. */
export interface CallSigner {
  /** The headers that authenticate a request. */
  sign(r: { method: string; path: string; body: string }): Record<string, string>;
  /** Why an answer is not the dependency's to this request; undefined when it is. */
  check(a: {
    request: Record<string, string>;
    status: number;
    headers: IncomingHttpHeaders;
    body: Buffer;
  }): string | undefined;
}

export interface HttpClientOptions {
  baseUrl: string;
  connections: number;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  /** Retries of an idempotent call after the first attempt. */
  retries: number;
  /** Consecutive failures that open the breaker, and how long it stays open. */
  breakerThreshold: number;
  breakerHalfOpenAfterMs: number;
  maxConcurrent: number;
  maxPerSecond: number;
  signer?: CallSigner;
}

/**
 * A failed call: `transient` ones (5xx, 429, 401, an answer the signer refuses, timeouts, connection
 * errors, open breaker) may succeed later.
 */
export class UpstreamError extends Error {
  readonly status: number | undefined;
  readonly transient: boolean;
  constructor(message: string, o: { status?: number; transient: boolean; cause?: unknown }) {
    super(message, { cause: o.cause });
    this.name = "UpstreamError";
    this.status = o.status;
    this.transient = o.transient;
  }
}

export interface JsonResponse {
  status: number;
  body: unknown;
}

export class HttpClient {
  readonly #pool: Pool;
  readonly #o: HttpClientOptions;
  readonly #bucket: TokenBucket;
  readonly #once: IPolicy;
  readonly #retrying: IPolicy;

  constructor(o: HttpClientOptions) {
    this.#o = o;
    this.#pool = new Pool(o.baseUrl, {
      connections: o.connections,
      connectTimeout: o.connectTimeoutMs,
      headersTimeout: o.requestTimeoutMs,
      bodyTimeout: o.requestTimeoutMs,
    });
    this.#bucket = new TokenBucket({ perSecond: o.maxPerSecond, burst: o.maxPerSecond });
    const transient = handleWhen((e) => e instanceof UpstreamError && e.transient);
    const breaker = circuitBreaker(transient, {
      halfOpenAfter: o.breakerHalfOpenAfterMs,
      breaker: new ConsecutiveBreaker(o.breakerThreshold),
    });
    const cap = bulkhead(o.maxConcurrent, o.maxConcurrent * 10);
    this.#once = wrap(cap, breaker);
    const retries = retry(transient, {
      maxAttempts: o.retries,
      backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 2_000 }),
    });
    this.#retrying = wrap(retries, cap, breaker);
  }

  /**
   * One JSON call. `idempotent` calls (GETs, unless told otherwise) are retried on transient
   * failures.
   */
  async call(
    method: "GET" | "POST" | "PATCH" | "DELETE",
    path: string,
    o: { body?: unknown; idempotent?: boolean } = {},
  ) {
    const body = o.body;
    const policy = (o.idempotent ?? method === "GET") ? this.#retrying : this.#once;
    try {
      return await policy.execute(() => this.#send(method, path, body));
    } catch (error) {
      if (error instanceof UpstreamError) throw error;
      const open =
        error instanceof BulkheadRejectedError ? "too many calls in flight" : "circuit open or call refused";
      throw new UpstreamError(`${this.#o.baseUrl}: ${open}`, { transient: true, cause: error });
    }
  }

  async #send(method: string, path: string, body: unknown): Promise<JsonResponse> {
    await this.#bucket.take();
    const payload = body === undefined ? "" : JSON.stringify(body);
    // Signed after the wait for a token: the signature's timestamp is the moment it is sent.
    const auth = this.#o.signer?.sign({ method, path, body: payload }) ?? {};
    let status: number;
    let raw: Buffer;
    let headers: IncomingHttpHeaders;
    try {
      const r = await this.#pool.request({
        method: method as "GET",
        path,
        headers: body === undefined ? auth : { "content-type": "application/json", ...auth },
        body: body === undefined ? null : payload,
      });
      status = r.statusCode;
      headers = r.headers;
      raw = Buffer.from(await r.body.arrayBuffer());
    } catch (cause) {
      throw new UpstreamError(`${method} ${path} failed: ${String(cause)}`, { transient: true, cause });
    }
    if (status >= 500 || status === 429) {
      throw new UpstreamError(`${method} ${path} answered ${status}`, { status, transient: true });
    }
    // Transient: nothing of the answer is used, and a later call may reach the real dependency.
    const forged = this.#o.signer?.check({ request: auth, status, headers, body: raw });
    if (forged !== undefined) {
      throw new UpstreamError(`${method} ${path}: ${forged}`, { status, transient: true });
    }
    // The dependency refused this process's credentials (a clock off, a secret changed): not a
    // refusal of what was asked, which may succeed once that is fixed.
    if (status === 401) {
      throw new UpstreamError(`${method} ${path} answered 401: credentials refused`, {
        status,
        transient: true,
      });
    }
    const text = raw.toString("utf8");
    try {
      return { status, body: text === "" ? undefined : (JSON.parse(text) as unknown) };
    } catch (cause) {
      throw new UpstreamError(`${method} ${path} answered ${status} with a body that is not JSON`, {
        status,
        transient: false,
        cause,
      });
    }
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }
}
