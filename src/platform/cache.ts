// Cache-aside storage of serialised values, every key with a TTL: Redis in production, an LRU in
// process memory in embedded mode. Invalidation leaves a short-lived marker so that a reader who
// loaded the old value before the change cannot put it back afterwards (see `fill`).
import type { Redis } from "ioredis";
import { LRUCache } from "lru-cache";
import type { RedisHealth } from "./redis.ts";

export interface Cache {
  /** The cached value, or undefined on a miss (or when the cache is unreachable). */
  get(key: string): Promise<string | undefined>;
  /** Stores a value read from the source of truth, unless the key was invalidated in the last `guardMs`. */
  fill(key: string, value: string, ttlMs: number): Promise<void>;
  /** Stores a value as is (for data that has no invalidation, such as market data). */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Drops the keys and blocks refills from reads that started before this call. */
  invalidate(keys: string[]): Promise<void>;
}

/**
 * How long an invalidation blocks refills: longer than any read from PostgreSQL can take, so a
 * read that saw the old row cannot land after the invalidation (reads time out before this).
 */
export interface CacheOptions {
  guardMs: number;
}

const GUARD = "\u0000guard:";

export class MemoryCache implements Cache {
  readonly #lru: LRUCache<string, string>;
  readonly #guardMs: number;

  constructor(o: CacheOptions & { maxEntries: number }) {
    this.#lru = new LRUCache<string, string>({ max: o.maxEntries, ttlAutopurge: false, allowStale: false });
    this.#guardMs = o.guardMs;
  }

  async get(key: string): Promise<string | undefined> {
    return this.#lru.get(key);
  }

  async fill(key: string, value: string, ttlMs: number): Promise<void> {
    if (this.#lru.has(GUARD + key)) return;
    this.#lru.set(key, value, { ttl: ttlMs });
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.#lru.set(key, value, { ttl: ttlMs });
  }

  async invalidate(keys: string[]): Promise<void> {
    for (const key of keys) {
      this.#lru.delete(key);
      this.#lru.set(GUARD + key, "1", { ttl: this.#guardMs });
    }
  }
}

// KEYS[1] = value key, KEYS[2] = guard key; ARGV[1] = value, ARGV[2] = ttl ms.
const FILL = `if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

/**
 * The Redis cache. Errors never reach the caller: a failed read is a miss, a failed fill is
 * skipped. A failed invalidation is retried until Redis answers, because a stale value would
 * otherwise outlive the change for its whole TTL.
 */
export class RedisCache implements Cache {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #guardMs: number;
  readonly #health: RedisHealth;
  readonly #pending = new Set<string>();
  #retrying = false;

  constructor(o: CacheOptions & { redis: Redis; prefix: string; health: RedisHealth }) {
    this.#redis = o.redis;
    this.#prefix = `${o.prefix}cache:`;
    this.#guardMs = o.guardMs;
    this.#health = o.health;
    this.#redis.defineCommand("bourseFill", { numberOfKeys: 2, lua: FILL });
  }

  async get(key: string): Promise<string | undefined> {
    if (this.#pending.size > 0) return undefined;
    try {
      return (await this.#redis.get(this.#prefix + key)) ?? undefined;
    } catch (error) {
      this.#health.failed("cache get", error, "reading from PostgreSQL instead");
      return undefined;
    }
  }

  async fill(key: string, value: string, ttlMs: number): Promise<void> {
    if (this.#pending.size > 0) return;
    try {
      const k = this.#prefix + key;
      // biome-ignore lint/suspicious/noExplicitAny: a command added by defineCommand has no static type
      await (this.#redis as any).bourseFill(k, `${k}:guard`, value, ttlMs);
    } catch (error) {
      this.#health.failed("cache fill", error, "value not cached");
    }
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    try {
      await this.#redis.set(this.#prefix + key, value, "PX", ttlMs);
    } catch (error) {
      this.#health.failed("cache set", error, "value not cached");
    }
  }

  async invalidate(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    try {
      await this.#drop(keys);
    } catch (error) {
      this.#health.failed("cache invalidate", error, "cache bypassed until Redis answers");
      for (const key of keys) this.#pending.add(key);
      void this.#retry();
    }
  }

  async #drop(keys: string[]): Promise<void> {
    const multi = this.#redis.multi();
    for (const key of keys) {
      const k = this.#prefix + key;
      multi.del(k).set(`${k}:guard`, "1", "PX", this.#guardMs);
    }
    const results = await multi.exec();
    const failed = results?.find(([error]) => error !== null);
    if (results === null || failed !== undefined) throw failed?.[0] ?? new Error("transaction aborted");
  }

  /** While invalidations are pending, this process reads around the cache (no stale reads). */
  async #retry(): Promise<void> {
    if (this.#retrying) return;
    this.#retrying = true;
    try {
      while (this.#pending.size > 0) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        const keys = [...this.#pending];
        try {
          await this.#drop(keys);
          for (const key of keys) this.#pending.delete(key);
        } catch {
          // still down; try again
        }
      }
    } finally {
      this.#retrying = false;
    }
  }
}
