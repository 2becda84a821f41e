// The Redis tier of one process: cache, rate limiter and pub/sub. With REDIS_URL they live in
// Redis and are shared by every process; without it (embedded mode) they are in-process stand-ins,
// valid for this one process only.
import type { Config } from "../config.ts";
import { type Cache, MemoryCache, NoCache, RedisCache } from "../platform/cache.ts";
import { type Gate, RedisGate, SeparateGate } from "../platform/gate.ts";
import type { Logger } from "../platform/logger.ts";
import type { Metrics } from "../platform/metrics.ts";
import { MemoryPubSub, type PubSub } from "../platform/pubsub.ts";
import { RedisPubSub } from "../platform/pubsub-redis.ts";
import { MemoryRateLimiter, type RateLimiter, RedisRateLimiter } from "../platform/rate-limit.ts";
import { connectRedis, type RedisClients, RedisHealth } from "../platform/redis.ts";

export interface RedisTier {
  cache: Cache;
  limiter: RateLimiter;
  /** The limiter and a cache read in one call (one Redis round trip): see gate.ts. */
  gate: Gate;
  pubsub: PubSub;
  health: RedisHealth;
  close(): Promise<void>;
}

/** `cache: false`: no cache at all (see openRedisTier). */
export function memoryTier(o: {
  maxEntries: number;
  guardMs: number;
  health: RedisHealth;
  cache?: boolean;
}): RedisTier {
  const pubsub = new MemoryPubSub();
  const cache = o.cache === false ? new NoCache() : new MemoryCache(o);
  const limiter = new MemoryRateLimiter();
  return {
    cache,
    limiter,
    gate: new SeparateGate(limiter, cache),
    pubsub,
    health: o.health,
    close: () => pubsub.close(),
  };
}

export function redisTier(clients: RedisClients, o: { guardMs: number; health: RedisHealth }): RedisTier {
  const pubsub = new RedisPubSub(clients);
  const cache = new RedisCache({ redis: clients.commands, prefix: clients.prefix, ...o });
  return {
    cache,
    limiter: new RedisRateLimiter({ redis: clients.commands, prefix: clients.prefix }),
    gate: new RedisGate({ redis: clients.commands, prefix: clients.prefix, cache }),
    pubsub,
    health: o.health,
    close: async () => {
      await pubsub.close();
      await clients.close();
    },
  };
}

/**
 * `alone`: this process runs both the API and the worker (`start`), so every change of an order
 * happens where its cached copy lives. Without Redis, a process that is not alone caches nothing.
 */
export async function openRedisTier(
  config: Config,
  log: Logger,
  metrics: Metrics,
  alone: boolean,
): Promise<RedisTier> {
  const health = new RedisHealth(log, (operation) => metrics.redisErrors.inc({ operation }));
  const url = config.REDIS_URL?.reveal();
  if (url === undefined) {
    const tier = memoryTier({
      maxEntries: config.CACHE_MAX_ENTRIES,
      guardMs: config.CACHE_GUARD_MS,
      health,
      cache: alone,
    });
    if (alone) return tier;
    log.warn(
      "REDIS_URL is not set and this process is not `start`: no cache (other processes could not invalidate it), rate limits per process, stream events only by the catch-up tick",
    );
    return tier;
  }
  const clients = await connectRedis(
    {
      url,
      prefix: config.REDIS_PREFIX,
      connectTimeoutMs: config.REDIS_CONNECT_TIMEOUT_MS,
      commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
    },
    log,
  );
  // Redis down at start is not fatal: the API serves without it and picks it up when it comes.
  if (!(await clients.ready(config.REDIS_CONNECT_TIMEOUT_MS))) {
    log.warn("redis is not reachable yet: serving without cache, rate limits per RATE_LIMIT_FAIL_OPEN");
  }
  return redisTier(clients, { guardMs: config.CACHE_GUARD_MS, health });
}
