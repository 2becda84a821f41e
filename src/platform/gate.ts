// The admission of one keyed request: a slot in the key's own window, and for a cached read the
// cache lookup. With Redis that is one script, one round trip, instead of one for the limiter and
// one for the cache (the cached read's main cost).
import type { Redis } from "ioredis";
import type { Cache, Lookup, RedisCache } from "./cache.ts";
import {
  type Limit,
  Members,
  type MemoryRateLimiter,
  type Reply,
  type Verdict,
  verdict,
  WINDOWS,
} from "./rate-limit.ts";

export interface Admission {
  verdict: Verdict;
  /** The cache lookup of `readKey`, when one was asked for and the request was admitted. */
  lookup: Lookup | undefined;
}

export interface Gate {
  /** Rejects when the store is unreachable. */
  admit(key: string, limit: Limit, readKey?: string): Promise<Admission>;
}

/** The limiter and the cache called one after the other (in-process stand-ins). */
export class SeparateGate implements Gate {
  readonly #limiter: MemoryRateLimiter;
  readonly #cache: Cache;

  constructor(limiter: MemoryRateLimiter, cache: Cache) {
    this.#limiter = limiter;
    this.#cache = cache;
  }

  async admit(key: string, limit: Limit, readKey?: string): Promise<Admission> {
    const v = await this.#limiter.take(key, limit);
    const lookup = readKey !== undefined && v.allowed ? await this.#cache.read(readKey) : undefined;
    return { verdict: v, lookup };
  }
}

// KEYS[1] = the key's window, KEYS[2..3] (optional) = the cache value and version to read;
// ARGV = max, window ms, member.
const GATE = `${WINDOWS}
local r = hit(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3], true)
if r[1] == 1 and KEYS[2] then
  r[4] = redis.call('GET', KEYS[2]) or ''
  r[5] = redis.call('GET', KEYS[3]) or ''
end
return r`;

export class RedisGate implements Gate {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #cache: RedisCache;
  readonly #members = new Members();

  /** `prefix`: the rate limiter's key prefix (RedisRateLimiter's windows are shared). */
  constructor(o: { redis: Redis; prefix: string; cache: RedisCache }) {
    this.#redis = o.redis;
    this.#prefix = `${o.prefix}rl:`;
    this.#cache = o.cache;
    this.#redis.defineCommand("bourseGate", { lua: GATE });
  }

  async admit(key: string, limit: Limit, readKey?: string): Promise<Admission> {
    const read = readKey !== undefined && !this.#cache.bypassed ? this.#cache.redisKeys(readKey) : [];
    const keys = [this.#prefix + key, ...read];
    // biome-ignore lint/suspicious/noExplicitAny: a command added by defineCommand has no static type
    const reply = (await (this.#redis as any).bourseGate(
      keys.length,
      ...keys,
      limit.max,
      limit.windowMs,
      this.#members.next(),
    )) as [...Reply, string?, string?];
    const v = verdict([reply[0], reply[1], reply[2]], limit);
    // An empty value is a miss: cached values are JSON, never "".
    const lookup =
      readKey === undefined || !v.allowed
        ? undefined
        : read.length === 0
          ? { value: undefined, version: "-" }
          : { value: reply[3] === "" ? undefined : reply[3], version: reply[4] ?? "" };
    return { verdict: v, lookup };
  }
}
