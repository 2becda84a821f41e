// Rate limits per API key (sliding window, shared by every API process through the limiter), per
// client address on the public routes (they need no key, so the address is all there is), and a
// stricter limit on failed authentication, per client address and per key prefix. Limited
// routes send RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset on every response; a
// refusal is 429 RATE_LIMITED with Retry-After. When the limiter is unreachable, requests pass
// (fail-open, counted and warned) or get 503 (fail-closed), per RATE_LIMIT_FAIL_OPEN; failed
// authentications are then still counted, by this process alone.
import type { FastifyReply, FastifyRequest } from "fastify";
import { DomainError } from "../modules/shared/errors.ts";
import type { Lookup } from "../platform/cache.ts";
import type { Gate } from "../platform/gate.ts";
import { type Limit, MemoryRateLimiter, type RateLimiter, type Verdict } from "../platform/rate-limit.ts";
import type { RedisHealth } from "../platform/redis.ts";

export interface RateLimitSettings {
  limiter: RateLimiter;
  /** The key's window and a cache read in one call. */
  gate: Gate;
  health: RedisHealth;
  failOpen: boolean;
  onFailOpen: () => void;
  /** Per key, for routes that need the `trade` scope; max 0 turns it off. */
  trading: Limit;
  /** Per key, for routes that need the `read` scope; max 0 turns it off. */
  read: Limit;
  /** Per client address and per key prefix, failed authentications only; max 0 turns it off. */
  authFailures: Limit;
  /** Per client IP, on the public routes; max 0 turns it off. */
  publicRoutes: Limit;
}

const TOO_MANY_FAILURES = "too many failed authentications from this address or for this key; wait and retry";

const seconds = (ms: number) => Math.max(0, Math.ceil(ms / 1_000));

function setHeaders(reply: FastifyReply, v: Verdict): void {
  reply.header("ratelimit-limit", v.limit);
  reply.header("ratelimit-remaining", v.remaining);
  reply.header("ratelimit-reset", seconds(v.resetMs));
}

function refuse(reply: FastifyReply, v: Verdict, message: string): never {
  reply.header("retry-after", Math.max(1, seconds(v.resetMs)));
  throw new DomainError("RATE_LIMITED", message);
}

/** The failure windows of an attempt: its address's, and its key's when it named an existing one. */
const failureWindows = (ip: string, keyPrefix: string | undefined): string[] =>
  keyPrefix === undefined ? [`authfail:${ip}`] : [`authfail:${ip}`, `authfail:key:${keyPrefix}`];

/**
 * Failure windows this process saw full, until they free a slot: further failures there are
 * refused without a limiter call.
 */
class FullWindows {
  readonly #until = new Map<string, number>();
  static readonly MAX = 10_000;

  add(window: string, resetMs: number): void {
    if (this.#until.size >= FullWindows.MAX) this.#until.clear();
    this.#until.set(window, Date.now() + resetMs);
  }

  /** Milliseconds until the window has room again; 0 when it is not known to be full. */
  remaining(window: string): number {
    const until = this.#until.get(window);
    if (until === undefined) return 0;
    const left = until - Date.now();
    if (left <= 0) this.#until.delete(window);
    return Math.max(0, left);
  }
}

export class RateLimits {
  readonly #s: RateLimitSettings;
  readonly #full = new FullWindows();
  /**
   * Where failures are counted while the shared limiter is unreachable and failing open: turning
   * the limit off with Redis would let an outage open the door to guessing.
   */
  readonly #fallback = new MemoryRateLimiter();

  constructor(s: RateLimitSettings) {
    this.#s = s;
  }

  /**
   * After a key authenticated: checks and counts the request against the key's window, in one
   * call. Failed authentications never refuse valid credentials. With `readKey`, that call also
   * reads the key from the cache: the lookup comes back when the request is admitted (undefined
   * when limits are off or the limiter is unreachable: read it yourself).
   */
  async admitKey(
    request: FastifyRequest,
    reply: FastifyReply,
    keyId: string,
    scope: "read" | "trade",
    readKey?: string,
  ): Promise<Lookup | undefined> {
    const limit = scope === "trade" ? this.#s.trading : this.#s.read;
    if (limit.max === 0) return undefined;
    const admission = await this.#check(() => this.#s.gate.admit(`key:${scope}:${keyId}`, limit, readKey));
    if (admission === undefined) return undefined;
    const { verdict } = admission;
    setHeaders(reply, verdict);
    if (!verdict.allowed) {
      request.log.info({ key_id: keyId, scope }, "rate limited");
      refuse(
        reply,
        verdict,
        `too many requests: at most ${limit.max} per ${seconds(limit.windowMs)} s for this key`,
      );
    }
    return admission.lookup;
  }

  /** A public route: checks and counts the request against its client address's window. */
  async admitAddress(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const limit = this.#s.publicRoutes;
    if (limit.max === 0) return;
    const verdict = await this.#check(() => this.#s.limiter.take(`addr:${request.ip}`, limit));
    if (verdict === undefined) return;
    setHeaders(reply, verdict);
    if (!verdict.allowed) {
      refuse(
        reply,
        verdict,
        `too many requests: at most ${limit.max} per ${seconds(limit.windowMs)} s from this address`,
      );
    }
  }

  /**
   * Counts one request of a key against its `read` window outside HTTP (a stream's replay): the
   * verdict, or undefined when the limit is off or the limiter unreachable and failing open.
   */
  async takeRead(keyId: string): Promise<Verdict | undefined> {
    const limit = this.#s.read;
    if (limit.max === 0) return undefined;
    return await this.#check(() => this.#s.limiter.take(`key:read:${keyId}`, limit));
  }

  /** How a refused request of a key reads (the stream says it in an error message). */
  keyRefusal(v: Verdict, scope: "read" | "trade"): string {
    const limit = scope === "trade" ? this.#s.trading : this.#s.read;
    return `too many requests: at most ${limit.max} per ${seconds(limit.windowMs)} s for this key; retry in ${Math.max(1, seconds(v.resetMs))} s`;
  }

  /**
   * After failed credentials: counts the failure (see `authFailed`), or refuses with 429 when the
   * address or the key already has too many.
   */
  async authFailure(request: FastifyRequest, reply: FastifyReply, keyPrefix?: string): Promise<void> {
    const refusal = await this.authFailed(request.ip, keyPrefix);
    if (refusal !== undefined) refuse(reply, refusal, TOO_MANY_FAILURES);
  }

  /**
   * Counts a failed authentication against the client's address and, when the token named an
   * existing key, against that key's prefix. Returns the refusal when one of those windows is
   * already full (then that failure counts in no further window); undefined when it was counted
   * or the limit is off.
   */
  async authFailed(ip: string, keyPrefix?: string): Promise<Verdict | undefined> {
    const limit = this.#s.authFailures;
    if (limit.max === 0) return undefined;
    const windows = failureWindows(ip, keyPrefix);
    for (const window of windows) {
      const left = this.#full.remaining(window);
      if (left > 0) return { allowed: false, limit: limit.max, remaining: 0, resetMs: left };
    }
    for (const window of windows) {
      const verdict = await this.#takeFailure(window, limit);
      if (verdict.remaining === 0) this.#full.add(window, verdict.resetMs);
      if (!verdict.allowed) return verdict;
    }
    return undefined;
  }

  async #takeFailure(window: string, limit: Limit): Promise<Verdict> {
    return (
      (await this.#check(() => this.#s.limiter.take(window, limit))) ??
      (await this.#fallback.take(window, limit))
    );
  }

  async #check<T>(run: () => Promise<T>): Promise<T | undefined> {
    try {
      return await run();
    } catch (error) {
      if (!this.#s.failOpen) {
        this.#s.health.failed("rate limit", error, "requests refused with 503 (RATE_LIMIT_FAIL_OPEN=false)");
        throw new DomainError("UNAVAILABLE", "rate limiting is unavailable; retry shortly");
      }
      this.#s.health.failed(
        "rate limit",
        error,
        "requests admitted unchecked, failed authentications counted per process (RATE_LIMIT_FAIL_OPEN=true)",
      );
      this.#s.onFailOpen();
      return undefined;
    }
  }
}
