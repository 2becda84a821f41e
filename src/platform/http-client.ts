// Outbound HTTP to a dependency: one undici pool (keep-alive, connect and request timeouts) behind
// a resilience policy from cockatiel — retries with exponential backoff and jitter for idempotent
// calls, a circuit breaker, and a concurrency cap — plus a requests-per-second cap (cockatiel has
// none, so it is a small token bucket here).
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
}

/** A failed call: `transient` ones (5xx, timeouts, connection errors, open breaker) may succeed later. */
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

class TokenBucket {
  #tokens: number;
  #last = Date.now();
  readonly #rate: number;
  constructor(rate: number) {
    this.#rate = rate;
    this.#tokens = rate;
  }
  async take(): Promise<void> {
    for (;;) {
      const now = Date.now();
      this.#tokens = Math.min(this.#rate, this.#tokens + ((now - this.#last) / 1000) * this.#rate);
      this.#last = now;
      if (this.#tokens >= 1) {
        this.#tokens -= 1;
        return;
      }
      await new Promise((r) => setTimeout(r, Math.ceil(((1 - this.#tokens) / this.#rate) * 1000)));
    }
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
    this.#bucket = new TokenBucket(o.maxPerSecond);
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
    let status: number;
    let text: string;
    try {
      const r = await this.#pool.request({
        method: method as "GET",
        path,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? null : JSON.stringify(body),
      });
      status = r.statusCode;
      text = await r.body.text();
    } catch (cause) {
      throw new UpstreamError(`${method} ${path} failed: ${String(cause)}`, { transient: true, cause });
    }
    if (status >= 500 || status === 429) {
      throw new UpstreamError(`${method} ${path} answered ${status}`, { status, transient: true });
    }
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
