// The Redis tier for tests: real Redis clients on the run's redis-server, under a key prefix of
// their own so test files never see each other's keys.
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { createLogger } from "../../src/platform/logger.ts";
import { connectRedis, type RedisClients } from "../../src/platform/redis.ts";

export const silentLog = createLogger({ LOG_LEVEL: "silent", LOG_FORMAT: "json", NODE_ENV: "test" });

/** `prefix`: another client's, to share its keys and channels (a second process); a new one by default. */
export async function testRedis(
  url: string = inject("redisUrl"),
  prefix = `t${randomBytes(4).toString("hex")}:`,
): Promise<RedisClients & { url: string }> {
  const clients = await connectRedis(
    { url, prefix, connectTimeoutMs: 1_000, commandTimeoutMs: 1_000 },
    silentLog,
  );
  return Object.assign(clients, { url });
}
