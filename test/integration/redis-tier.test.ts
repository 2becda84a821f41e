// One contract for the cache, the rate limiter and pub/sub, run against both implementations:
// Redis (production) and in-process (embedded mode).
import { afterAll, describe, expect, it } from "vitest";
import { type Cache, MemoryCache, RedisCache } from "../../src/platform/cache.ts";
import { type Gate, RedisGate, SeparateGate } from "../../src/platform/gate.ts";
import { MemoryPubSub, type PubSub } from "../../src/platform/pubsub.ts";
import { RedisPubSub } from "../../src/platform/pubsub-redis.ts";
import { MemoryRateLimiter, type RateLimiter, RedisRateLimiter } from "../../src/platform/rate-limit.ts";
import { RedisHealth } from "../../src/platform/redis.ts";
import { silentLog, testRedis } from "../support/redis-tier.ts";

interface Tier {
  cache: Cache;
  limiter: RateLimiter;
  gate: Gate;
  pubsub: PubSub;
}

const redis = await testRedis();
afterAll(() => redis.close());

const tiers: [string, () => Tier][] = [
  [
    "in-process",
    () => {
      const cache = new MemoryCache({ maxEntries: 1_000, guardMs: 300 });
      const limiter = new MemoryRateLimiter();
      return { cache, limiter, gate: new SeparateGate(limiter, cache), pubsub: new MemoryPubSub() };
    },
  ],
  [
    "redis",
    () => {
      const cache = new RedisCache({
        redis: redis.commands,
        prefix: redis.prefix,
        guardMs: 300,
        health: new RedisHealth(silentLog),
      });
      return {
        cache,
        limiter: new RedisRateLimiter({ redis: redis.commands, prefix: redis.prefix }),
        gate: new RedisGate({ redis: redis.commands, prefix: redis.prefix, cache }),
        pubsub: new RedisPubSub(redis),
      };
    },
  ],
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let n = 0;
const key = (name: string) => `${name}-${++n}`;

describe.each(tiers)("%s tier", (_name, make) => {
  const tier = make();

  describe("cache", () => {
    const value = async (k: string) => (await tier.cache.read(k)).value;

    it("returns what was stored until the TTL passes", async () => {
      const k = key("ttl");
      await tier.cache.fill(k, "v1", 200, (await tier.cache.read(k)).version);
      expect(await value(k)).toBe("v1");
      await sleep(300);
      expect(await value(k)).toBeUndefined();
    });

    it("refuses a fill from a read made before an invalidation, and accepts one made after", async () => {
      const k = key("version");
      const before = await tier.cache.read(k);
      // The change commits and invalidates while the reader still holds the old row.
      await tier.cache.invalidate([k]);
      await tier.cache.fill(k, "old", 10_000, before.version);
      expect(await value(k)).toBeUndefined();
      const after = await tier.cache.read(k);
      await tier.cache.fill(k, "new", 10_000, after.version);
      expect(await value(k)).toBe("new");
      await tier.cache.invalidate([k]);
      expect(await value(k)).toBeUndefined();
    });

    it("set stores regardless of versions", async () => {
      const k = key("set");
      await tier.cache.invalidate([k]);
      await tier.cache.set(k, "md", 10_000);
      expect(await value(k)).toBe("md");
    });
  });

  describe("rate limiter", () => {
    it("admits exactly the limit under 200 concurrent requests", async () => {
      const k = key("burst");
      const verdicts = await Promise.all(
        Array.from({ length: 200 }, () => tier.limiter.take(k, { max: 100, windowMs: 60_000 })),
      );
      expect(verdicts.filter((v) => v.allowed)).toHaveLength(100);
      expect(verdicts.filter((v) => !v.allowed).every((v) => v.remaining === 0 && v.resetMs > 0)).toBe(true);
      // Refusals took nothing: the window still holds exactly 100.
      const peek = await tier.limiter.peek(k, { max: 150, windowMs: 60_000 });
      expect(peek.remaining).toBe(50);
    });

    it("slides: a slot frees when the oldest request leaves the window", async () => {
      const k = key("slide");
      const limit = { max: 2, windowMs: 400 };
      expect((await tier.limiter.take(k, limit)).remaining).toBe(1);
      await sleep(200);
      expect((await tier.limiter.take(k, limit)).remaining).toBe(0);
      const refused = await tier.limiter.take(k, limit);
      expect(refused.allowed).toBe(false);
      expect(refused.resetMs).toBeGreaterThan(0);
      expect(refused.resetMs).toBeLessThanOrEqual(210);
      await sleep(refused.resetMs + 30);
      // The first request left; the second still counts.
      const again = await tier.limiter.take(k, limit);
      expect(again.allowed).toBe(true);
      expect(again.remaining).toBe(0);
    });

    it("keeps keys apart", async () => {
      const limit = { max: 1, windowMs: 60_000 };
      expect((await tier.limiter.take(key("a"), limit)).allowed).toBe(true);
      expect((await tier.limiter.take(key("b"), limit)).allowed).toBe(true);
    });
  });

  describe("gate (limiter and cache read in one call)", () => {
    const limit = { max: 2, windowMs: 60_000 };

    it("admits against the key's window and returns the cache lookup, as the limiter and the cache would", async () => {
      const k = key("gate");
      const c = key("gate-value");
      const miss = await tier.gate.admit(k, limit, c);
      expect(miss.verdict).toMatchObject({ allowed: true, remaining: 1 });
      expect(miss.lookup?.value).toBeUndefined();
      // The version a miss returns is the one a fill must present.
      await tier.cache.fill(c, "v1", 60_000, miss.lookup?.version ?? "-");
      const hit = await tier.gate.admit(k, limit, c);
      expect(hit.verdict.remaining).toBe(0);
      expect(hit.lookup?.value).toBe("v1");
      const refused = await tier.gate.admit(k, limit, c);
      expect(refused.verdict.allowed).toBe(false);
      expect(refused.lookup).toBeUndefined();
      expect((await tier.limiter.peek(k, limit)).remaining).toBe(0);
    });

    it("sees an invalidation: a later lookup misses with a new version, and an old read cannot fill", async () => {
      const c = key("gate-inv");
      const first = await tier.gate.admit(key("gi"), limit, c);
      await tier.cache.invalidate([c]);
      const after = await tier.gate.admit(key("gi"), limit, c);
      expect(after.lookup?.version).not.toBe(first.lookup?.version);
      await tier.cache.fill(c, "stale", 60_000, first.lookup?.version ?? "");
      expect((await tier.cache.read(c)).value).toBeUndefined();
    });

    it("admits exactly the key's limit under concurrency", async () => {
      const k = key("gate-burst");
      const verdicts = await Promise.all(
        Array.from(
          { length: 60 },
          async () => (await tier.gate.admit(k, { max: 25, windowMs: 60_000 })).verdict,
        ),
      );
      expect(verdicts.filter((v) => v.allowed)).toHaveLength(25);
    });
  });

  describe("pub/sub", () => {
    it("delivers in order to every subscriber of the channel, and stops after unsubscribing", async () => {
      const channel = key("ch");
      const a: string[] = [];
      const b: string[] = [];
      const offA = await tier.pubsub.subscribe(channel, (m) => a.push(m));
      const offB = await tier.pubsub.subscribe(channel, (m) => b.push(m));
      await tier.pubsub.subscribe(key("other"), () => a.push("wrong channel"));
      for (const m of ["1", "2", "3"]) await tier.pubsub.publish(channel, m);
      await expect.poll(() => b.length).toBe(3);
      expect(a).toEqual(["1", "2", "3"]);
      expect(b).toEqual(["1", "2", "3"]);
      await offA();
      await tier.pubsub.publish(channel, "4");
      await expect.poll(() => b.length).toBe(4);
      expect(a).toEqual(["1", "2", "3"]);
      await offB();
    });
  });
});

describe("redis tier while Redis is down", () => {
  it("misses instead of failing, reads around a pending invalidation, and recovers by itself", async () => {
    const { startRedisServer } = await import("../support/redis.ts");
    const server = await startRedisServer();
    const own = await testRedis(server.url);
    try {
      expect(await own.ready(5_000)).toBe(true);
      const failures: string[] = [];
      const cache = new RedisCache({
        redis: own.commands,
        prefix: own.prefix,
        guardMs: 5_000,
        health: new RedisHealth(silentLog, (op) => failures.push(op)),
      });
      const limiter = new RedisRateLimiter({ redis: own.commands, prefix: own.prefix });
      await cache.fill("order", "old", 60_000, (await cache.read("order")).version);
      await server.kill();
      await expect.poll(() => own.commands.status).not.toBe("ready");
      expect((await cache.read("order")).value).toBeUndefined();
      await cache.fill("order", "x", 60_000, ""); // no throw
      await cache.invalidate(["order"]); // no throw: queued for retry
      await expect(limiter.take("k", { max: 1, windowMs: 1_000 })).rejects.toThrow();
      expect(failures).toContain("cache invalidate");

      // Redis returns (empty: a real outage may keep the old value, which is why the invalidation
      // is replayed; the version key shows it was).
      await server.restart();
      await expect.poll(() => own.commands.status, { timeout: 10_000 }).toBe("ready");
      await expect
        .poll(async () => await own.commands.exists(`${own.prefix}cache:order:v`), { timeout: 5_000 })
        .toBe(1);
      await cache.set("order", "new", 60_000);
      expect((await cache.read("order")).value).toBe("new");
      expect((await limiter.take("k", { max: 1, windowMs: 1_000 })).allowed).toBe(true);
    } finally {
      await own.close();
      await server.stop();
    }
  });
});
