// Redis connections (ioredis): one for commands, one for subscriptions. Both reconnect forever
// with capped backoff. Commands fail fast while Redis is down (no offline queue), so callers can
// fall back at once instead of queueing requests behind a dead connection. ioredis is loaded by
// connectRedis, not at start: a process without REDIS_URL (embedded mode) never needs it.
import type { Redis } from "ioredis";
import type { Logger } from "./logger.ts";

export interface RedisSettings {
  url: string;
  /** Prepended to every key and channel, so several deployments can share one Redis. */
  prefix: string;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
}

/** Reports Redis failures without flooding the log: one warning per operation per 30 s. */
export class RedisHealth {
  readonly #log: Logger;
  readonly #lastWarned = new Map<string, number>();
  readonly #onError: (operation: string) => void;

  constructor(log: Logger, onError: (operation: string) => void = () => {}) {
    this.#log = log;
    this.#onError = onError;
  }

  failed(operation: string, error: unknown, consequence: string): void {
    this.#onError(operation);
    const now = Date.now();
    if (now - (this.#lastWarned.get(operation) ?? 0) < 30_000) return;
    this.#lastWarned.set(operation, now);
    this.#log.warn({ operation, error: String(error) }, `redis ${operation} failed: ${consequence}`);
  }
}

export interface RedisClients {
  commands: Redis;
  subscriber: Redis;
  prefix: string;
  /** Resolves when the command connection is ready, or after the timeout (Redis may come later). */
  ready(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export async function connectRedis(s: RedisSettings, log: Logger): Promise<RedisClients> {
  const { Redis } = await import("ioredis");
  const options = {
    connectTimeout: s.connectTimeoutMs,
    retryStrategy: (attempt: number) => Math.min(50 * 2 ** Math.min(attempt, 6), 2_000),
    maxRetriesPerRequest: 1,
    lazyConnect: false,
  };
  const commands = new Redis(s.url, {
    ...options,
    commandTimeout: s.commandTimeoutMs,
    enableOfflineQueue: false,
    // Commands issued in the same tick (many requests at once) go out in one write.
    enableAutoPipelining: true,
    connectionName: "bourse",
  });
  // Subscriptions are queued while disconnected and renewed on every reconnect.
  const subscriber = new Redis(s.url, {
    ...options,
    enableOfflineQueue: true,
    autoResubscribe: true,
    maxRetriesPerRequest: null,
    connectionName: "bourse-sub",
  });
  let down = false;
  for (const [name, client] of [
    ["commands", commands],
    ["subscriber", subscriber],
  ] as const) {
    client.on("error", (error: Error) => {
      if (!down) log.warn({ connection: name, error: error.message }, "redis connection error; reconnecting");
      down = true;
    });
    client.on("ready", () => {
      if (down) log.info({ connection: name }, "redis connection restored");
      down = false;
    });
  }
  return {
    commands,
    subscriber,
    prefix: s.prefix,
    async ready(timeoutMs) {
      if (commands.status === "ready") return true;
      return await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          commands.off("ready", onReady);
          resolve(false);
        }, timeoutMs);
        const onReady = () => {
          clearTimeout(timer);
          resolve(true);
        };
        commands.once("ready", onReady);
      });
    },
    async close() {
      // A disconnected client's quit would wait behind its queued commands until Redis is back.
      const quit = (client: Redis) => (client.status === "ready" ? client.quit() : Promise.resolve());
      await Promise.allSettled([quit(commands), quit(subscriber)]);
      commands.disconnect();
      subscriber.disconnect();
    },
  };
}
