// Rate limits per API key (sliding window, shared by every API process through the limiter) and
// a stricter per-IP limit on failed authentication. Limited routes send RateLimit-Limit,
// RateLimit-Remaining and RateLimit-Reset on every response; a refusal is 429 RATE_LIMITED with
// Retry-After. When the limiter is unreachable, requests pass (fail-open, counted and warned) or
// get 503 (fail-closed), per RATE_LIMIT_FAIL_OPEN.
import type { FastifyReply, FastifyRequest } from "fastify";
import { DomainError } from "../modules/shared/errors.ts";
import type { Limit, RateLimiter, Verdict } from "../platform/rate-limit.ts";
import type { RedisHealth } from "../platform/redis.ts";

export interface RateLimitSettings {
  limiter: RateLimiter;
  health: RedisHealth;
  failOpen: boolean;
  onFailOpen: () => void;
  /** Per key, for routes that need the `trade` scope; max 0 turns it off. */
  trading: Limit;
  /** Per key, for routes that need the `read` scope; max 0 turns it off. */
  read: Limit;
  /** Per client IP, failed authentications only; max 0 turns it off. */
  authFailures: Limit;
}

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

export class RateLimits {
  readonly #s: RateLimitSettings;

  constructor(s: RateLimitSettings) {
    this.#s = s;
  }

  /** Checks and counts one request of an authenticated key. */
  async admitKey(request: FastifyRequest, reply: FastifyReply, keyId: string, scope: "read" | "trade") {
    const limit = scope === "trade" ? this.#s.trading : this.#s.read;
    if (limit.max === 0) return;
    const verdict = await this.#check(() => this.#s.limiter.take(`key:${scope}:${keyId}`, limit));
    if (verdict === undefined) return;
    setHeaders(reply, verdict);
    if (!verdict.allowed) {
      request.log.info({ key_id: keyId, scope }, "rate limited");
      refuse(
        reply,
        verdict,
        `too many requests: at most ${limit.max} per ${seconds(limit.windowMs)} s for this key`,
      );
    }
  }

  /** Before checking credentials: refuses an IP with too many recent failures. */
  async admitAuthAttempt(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const refusal = await this.authRefusal(request.ip);
    if (refusal !== undefined)
      refuse(reply, refusal, "too many failed authentications from this address; wait and retry");
  }

  /** The refusal for an IP with too many recent authentication failures, if it has. */
  async authRefusal(ip: string): Promise<Verdict | undefined> {
    const limit = this.#s.authFailures;
    if (limit.max === 0) return undefined;
    const verdict = await this.#check(() => this.#s.limiter.peek(`authfail:${ip}`, limit));
    return verdict !== undefined && !verdict.allowed ? verdict : undefined;
  }

  /** Counts a failed authentication against the client's IP. */
  async authFailed(ip: string): Promise<void> {
    const limit = this.#s.authFailures;
    if (limit.max === 0) return;
    await this.#check(() => this.#s.limiter.take(`authfail:${ip}`, limit));
  }

  async #check(run: () => Promise<Verdict>): Promise<Verdict | undefined> {
    try {
      return await run();
    } catch (error) {
      if (!this.#s.failOpen) {
        this.#s.health.failed("rate limit", error, "requests refused with 503 (RATE_LIMIT_FAIL_OPEN=false)");
        throw new DomainError("UNAVAILABLE", "rate limiting is unavailable; retry shortly");
      }
      this.#s.health.failed("rate limit", error, "requests admitted unchecked (RATE_LIMIT_FAIL_OPEN=true)");
      this.#s.onFailOpen();
      return undefined;
    }
  }
}
