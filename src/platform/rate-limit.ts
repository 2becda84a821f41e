// Sliding-window rate limits: a log of the admitted requests' times per key, counted over the
// last window. Exact (no fixed-window bursts at the edges), and a refused request takes no slot.
// In Redis the check and the insert are one Lua script, atomic across every API process.
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";

export interface Limit {
  max: number;
  windowMs: number;
}

export interface Verdict {
  allowed: boolean;
  limit: number;
  /** Requests still admitted in the current window after this one. */
  remaining: number;
  /** Milliseconds until the oldest counted request leaves the window (a slot frees up). */
  resetMs: number;
}

export interface RateLimiter {
  /** Admits and counts the request when the window has room; a refusal counts nothing. */
  take(key: string, limit: Limit): Promise<Verdict>;
  /** The window's state without counting anything. */
  peek(key: string, limit: Limit): Promise<Verdict>;
}

/** The admitted requests' times of one key, oldest first; expired ones leave from the front. */
class Window {
  times: number[] = [];
  head = 0;

  expire(before: number): void {
    while (this.head < this.times.length && (this.times[this.head] ?? 0) <= before) this.head++;
    // Compact now and then, so the array does not grow with every request ever made.
    if (this.head > 1_024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }

  get count(): number {
    return this.times.length - this.head;
  }
}

/** One process only: embedded mode and tests. Each check costs O(1) amortised, whatever the limit. */
export class MemoryRateLimiter implements RateLimiter {
  readonly #windows = new Map<string, Window>();
  #sweptAt = 0;

  async take(key: string, limit: Limit): Promise<Verdict> {
    return this.#hit(key, limit, true);
  }

  async peek(key: string, limit: Limit): Promise<Verdict> {
    return this.#hit(key, limit, false);
  }

  #hit(key: string, limit: Limit, consume: boolean): Verdict {
    const now = Date.now();
    this.#sweep(now, limit.windowMs);
    let w = this.#windows.get(key);
    if (w === undefined) {
      w = new Window();
      this.#windows.set(key, w);
    }
    w.expire(now - limit.windowMs);
    const allowed = w.count < limit.max;
    if (allowed && consume) w.times.push(now);
    const oldest = w.count > 0 ? w.times[w.head] : undefined;
    return {
      allowed,
      limit: limit.max,
      remaining: Math.max(0, limit.max - w.count),
      resetMs: oldest === undefined ? 0 : oldest + limit.windowMs - now,
    };
  }

  /** Drops idle keys now and then, so memory follows the active keys only. */
  #sweep(now: number, windowMs: number): void {
    if (now - this.#sweptAt < windowMs) return;
    this.#sweptAt = now;
    for (const [key, w] of this.#windows) {
      if ((w.times.at(-1) ?? 0) <= now - windowMs) this.#windows.delete(key);
    }
  }
}

// Redis's own clock, so API processes with skewed clocks share one timeline. `count` expires a
// window's old entries and counts the rest; `reset` is the time until its oldest entry leaves.
export const WINDOWS = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function count(key, window)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  return redis.call('ZCARD', key)
end
local function reset(key, window)
  local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  if oldest[2] then
    redis.call('PEXPIRE', key, window)
    return tonumber(oldest[2]) + window - now
  end
  return 0
end
local function hit(key, max, window, member, consume)
  local n = count(key, window)
  local allowed = 0
  if n < max then
    allowed = 1
    if consume then
      redis.call('ZADD', key, now, member)
      n = n + 1
    end
  end
  return {allowed, n, reset(key, window)}
end
`;

// KEYS[1] = the window (a sorted set of request times); ARGV = max, window ms, member, consume.
const HIT = `${WINDOWS}
return hit(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3], ARGV[4] == '1')`;

export type Reply = [allowed: number, count: number, reset: number];

/** The member of one request in a window only has to be unique: a process tag and a counter. */
export class Members {
  readonly #tag = `${randomBytes(6).toString("base64url")}:`;
  #n = 0;

  next(): string {
    this.#n = (this.#n + 1) % Number.MAX_SAFE_INTEGER;
    return this.#tag + this.#n.toString(36);
  }
}

export class RedisRateLimiter implements RateLimiter {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #members = new Members();

  constructor(o: { redis: Redis; prefix: string }) {
    this.#redis = o.redis;
    this.#prefix = `${o.prefix}rl:`;
    this.#redis.defineCommand("bourseHit", { numberOfKeys: 1, lua: HIT });
  }

  /** Rejects when Redis is unreachable: the caller decides between failing open and closed. */
  async take(key: string, limit: Limit): Promise<Verdict> {
    return await this.#hit(key, limit, true);
  }

  async peek(key: string, limit: Limit): Promise<Verdict> {
    return await this.#hit(key, limit, false);
  }

  async #hit(key: string, limit: Limit, consume: boolean): Promise<Verdict> {
    // biome-ignore lint/suspicious/noExplicitAny: a command added by defineCommand has no static type
    const reply = (await (this.#redis as any).bourseHit(
      this.#prefix + key,
      limit.max,
      limit.windowMs,
      this.#members.next(),
      consume ? "1" : "0",
    )) as Reply;
    return verdict(reply, limit);
  }
}

export function verdict([allowed, count, reset]: Reply, limit: Limit): Verdict {
  return {
    allowed: allowed === 1,
    limit: limit.max,
    remaining: Math.max(0, limit.max - count),
    resetMs: reset,
  };
}
