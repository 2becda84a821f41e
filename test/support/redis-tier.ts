// The Redis tier for tests: real Redis clients on the run's redis-server, under a key prefix of
// their own so test files never see each other's keys.
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { createLogger } from "../../src/platform/logger.ts";
import { connectRedis, type RedisClients } from "../../src/platform/redis.ts";

export const silentLog = createLogger({ LOG_LEVEL: "silent", LOG_FORMAT: "json", NODE_ENV: "test" });

export async function testRedis(url: string = inject("redisUrl")): Promise<RedisClients> {
  return await connectRedis(
    { url, prefix: `t${randomBytes(4).toString("hex")}:`, connectTimeoutMs: 1_000, commandTimeoutMs: 1_000 },
    silentLog,
  );
}
