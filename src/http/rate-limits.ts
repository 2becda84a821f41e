// Rate limits per API key (sliding window, shared by every API process through the limiter), per
// client address on the public routes (they need no key, so the address is all there is), and a
// stricter per-IP limit on failed authentication. Limited routes send RateLimit-Limit,
// RateLimit-Remaining and RateLimit-Reset on every response; a refusal is 429 RATE_LIMITED with
// Retry-After. When the limiter is unreachable, requests pass (fail-open, counted and warned) or
// get 503 (fail-closed), per RATE_LIMIT_FAIL_OPEN.
import type { FastifyReply, FastifyRequest } from "fastify";
import { DomainError } from "../modules/shared/errors.ts";
import type { Lookup } from "../platform/cache.ts";
import type { Gate } from "../platform/gate.ts";
import type { Limit, RateLimiter, Verdict } from "../platform/rate-limit.ts";
import type { RedisHealth } from "../platform/redis.ts";

export interface RateLimitSettings {
  limiter: RateLimiter;
  /** The key's window, the address's failure window and a cache read in one call. */
  gate: Gate;
  health: RedisHealth;
  failOpen: boolean;
  onFailOpen: () => void;
  /** Per key, for routes that need the `trade` scope; max 0 turns it off. */
  trading: Limit;
  /** Per key, for routes that need the `read` scope; max 0 turns it off. */
  read: Limit;
  /** Per client IP, failed authentications only; max 0 turns it off. */
  authFailures: Limit;
  /** Per client IP, on the public routes; max 0 turns it off. */
  publicRoutes: Limit;
}

const BLOCKED_IP = "too many failed authentications from this address; wait and retry";

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

/**
 * IPs this process saw refused for failed authentications, until their window frees a slot: they
 * are refused again before their credentials cost a key lookup.
 */
class BlockedIps {
  readonly #until = new Map<string, number>();
  static readonly MAX = 10_000;

  add(ip: string, resetMs: number): void {
    if (this.#until.size >= BlockedIps.MAX) this.#until.clear();
    this.#until.set(ip, Date.now() + resetMs);
  }

  /** Milliseconds until the IP may try again; 0 when it is not blocked. */
  remaining(ip: string): number {
    const until = this.#until.get(ip);
    if (until === undefined) return 0;
    const left = until - Date.now();
    if (left <= 0) this.#until.delete(ip);
    return Math.max(0, left);
  }
}

export class RateLimits {
  readonly #s: RateLimitSettings;
  readonly #blocked = new BlockedIps();

  constructor(s: RateLimitSettings) {
    this.#s = s;
  }

  /**
   * After a key authenticated: refuses a client IP with too many recent failed authentications,
   * then checks and counts the request against the key's window, in one call. With `readKey`,
   * that call also reads the key from the cache: the lookup comes back when the request is
   * admitted (undefined when limits are off or the limiter is unreachable: read it yourself).
   */
  async admitKey(
    request: FastifyRequest,
    reply: FastifyReply,
    keyId: string,
    scope: "read" | "trade",
    readKey?: string,
  ): Promise<Lookup | undefined> {
    const limit = scope === "trade" ? this.#s.trading : this.#s.read;
    if (limit.max === 0) {
      await this.admitAuthAttempt(request, reply);
      return undefined;
    }
    const guard = { key: `authfail:${request.ip}`, limit: this.#s.authFailures };
    const admission = await this.#check(() =>
      this.#s.gate.admit(`key:${scope}:${keyId}`, limit, guard, readKey),
    );
    if (admission === undefined) return undefined;
    const { verdict } = admission;
    if (verdict.guarded) this.#refuseIp(request, reply, verdict);
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

  /** Refuses an IP with too many recent failures. */
  async admitAuthAttempt(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const refusal = await this.authRefusal(request.ip);
    if (refusal !== undefined) this.#refuseIp(request, reply, refusal);
  }

  /** Without a limiter call: refuses an IP this process recently refused for failed authentications. */
  refuseKnownBlocked(request: FastifyRequest, reply: FastifyReply): void {
    const left = this.#blocked.remaining(request.ip);
    if (left > 0) {
      const limit = this.#s.authFailures;
      refuse(reply, { allowed: false, limit: limit.max, remaining: 0, resetMs: left }, BLOCKED_IP);
    }
  }

  /**
   * After failed credentials: counts the failure against the client's IP, or refuses with 429 when
   * the IP already has too many (that attempt is not counted).
   */
  async authFailure(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const verdict = await this.authFailed(request.ip);
    if (verdict !== undefined && !verdict.allowed) refuse(reply, verdict, BLOCKED_IP);
  }

  #refuseIp(request: FastifyRequest, reply: FastifyReply, v: Verdict): never {
    this.#blocked.add(request.ip, v.resetMs);
    refuse(reply, v, BLOCKED_IP);
  }

  /** The refusal for an IP with too many recent authentication failures, if it has. */
  async authRefusal(ip: string): Promise<Verdict | undefined> {
    const limit = this.#s.authFailures;
    if (limit.max === 0) return undefined;
    const verdict = await this.#check(() => this.#s.limiter.peek(`authfail:${ip}`, limit));
    return verdict !== undefined && !verdict.allowed ? verdict : undefined;
  }

  /**
   * Counts a failed authentication against the client's IP (refused, counting nothing, when its
   * window is full). Once the window is full this process refuses the IP before any key lookup
   * until a slot frees. Undefined when the limit is off or the limiter unreachable (fail-open).
   */
  async authFailed(ip: string): Promise<Verdict | undefined> {
    const limit = this.#s.authFailures;
    if (limit.max === 0) return undefined;
    const verdict = await this.#check(() => this.#s.limiter.take(`authfail:${ip}`, limit));
    if (verdict !== undefined && verdict.remaining === 0) this.#blocked.add(ip, verdict.resetMs);
    return verdict;
  }

  async #check<T>(run: () => Promise<T>): Promise<T | undefined> {
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
