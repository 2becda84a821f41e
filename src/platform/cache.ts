// Cache-aside storage of serialised values, every key with a TTL: Redis in production, an LRU in
// process memory in embedded mode. Each key has a version that invalidation moves, so a reader who
// loaded the old value before a change cannot put it back afterwards (see `fill`).
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { LRUCache } from "lru-cache";
import type { RedisHealth } from "./redis.ts";

export interface Cache {
  /** The cached value (undefined on a miss, or when the cache is unreachable), and the key's version. */
  read(key: string): Promise<Lookup>;
  /**
   * Stores a value read from the source of truth after `read` missed, unless the key was
   * invalidated since that `read` (its version moved): a reader that loaded the old row before a
   * change can never put it back after the change's invalidation.
   */
  fill(key: string, value: string, ttlMs: number, version: string): Promise<void>;
  /** Stores a value as is (for data that has no invalidation, such as market data). */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Drops the keys and moves their versions. */
  invalidate(keys: string[]): Promise<void>;
}

export interface Lookup {
  value: string | undefined;
  version: string;
}

/**
 * How long a key's version outlives its invalidation: longer than any read from PostgreSQL can
 * take (reads time out before this), so a fill always finds the version its read saw, or a newer one.
 */
export interface CacheOptions {
  guardMs: number;
}

const VERSION = "\u0000version:";

export class MemoryCache implements Cache {
  readonly #lru: LRUCache<string, string>;
  readonly #guardMs: number;
  #counter = 0;

  constructor(o: CacheOptions & { maxEntries: number }) {
    this.#lru = new LRUCache<string, string>({ max: o.maxEntries, ttlAutopurge: false, allowStale: false });
    this.#guardMs = o.guardMs;
  }

  async read(key: string): Promise<Lookup> {
    return { value: this.#lru.get(key), version: this.#lru.get(VERSION + key) ?? "" };
  }

  async fill(key: string, value: string, ttlMs: number, version: string): Promise<void> {
    if ((this.#lru.get(VERSION + key) ?? "") !== version) return;
    this.#lru.set(key, value, { ttl: ttlMs });
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.#lru.set(key, value, { ttl: ttlMs });
  }

  async invalidate(keys: string[]): Promise<void> {
    for (const key of keys) {
      this.#lru.delete(key);
      this.#lru.set(VERSION + key, String(++this.#counter), { ttl: this.#guardMs });
    }
  }
}

/**
 * No cache at all: every read misses. For an API process without Redis whose orders change in
 * other processes (a separate worker): an in-process cache there could not be invalidated.
 */
export class NoCache implements Cache {
  async read(): Promise<Lookup> {
    return { value: undefined, version: "-" };
  }
  async fill(): Promise<void> {}
  async set(): Promise<void> {}
  async invalidate(): Promise<void> {}
}

// KEYS[1] = value key, KEYS[2] = version key; ARGV = value, ttl ms, the version the read saw.
const FILL = `local v = redis.call('GET', KEYS[2]) or ''
if v ~= ARGV[3] then return 0 end
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

  /** While an invalidation is pending, this process reads around the cache (no stale reads). */
  get bypassed(): boolean {
    return this.#pending.size > 0;
  }

  /** The Redis keys of a cache key's value and version (for a script that reads them, see gate.ts). */
  redisKeys(key: string): [value: string, version: string] {
    const k = this.#prefix + key;
    return [k, `${k}:v`];
  }

  async read(key: string): Promise<Lookup> {
    if (this.bypassed) return { value: undefined, version: "-" };
    try {
      const [value, version] = await this.#redis.mget(...this.redisKeys(key));
      return { value: value ?? undefined, version: version ?? "" };
    } catch (error) {
      this.#health.failed("cache read", error, "reading from PostgreSQL instead");
      return { value: undefined, version: "-" };
    }
  }

  async fill(key: string, value: string, ttlMs: number, version: string): Promise<void> {
    if (version === "-" || this.#pending.size > 0) return;
    try {
      // biome-ignore lint/suspicious/noExplicitAny: a command added by defineCommand has no static type
      await (this.#redis as any).bourseFill(...this.redisKeys(key), value, ttlMs, version);
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
      const [value, version] = this.redisKeys(key);
      // A value never used before: a version that expired and came back could match an old read.
      multi.del(value).set(version, randomBytes(9).toString("base64url"), "PX", this.#guardMs);
    }
    const results = await multi.exec();
    const failed = results?.find(([error]) => error !== null);
    if (results === null || failed !== undefined) throw failed?.[0] ?? new Error("transaction aborted");
  }

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
