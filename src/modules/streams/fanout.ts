// After COMMIT, every process that wrote events does two things with them: it invalidates the
// cached orders they touch (before the writer answers its client), and it publishes them on the
// account's channel for the stream hubs of every API process. Neither may fail the write.
import type { Cache } from "../../platform/cache.ts";
import type { Logger } from "../../platform/logger.ts";
import { channels, type PubSub } from "../../platform/pubsub.ts";
import type { RedisHealth } from "../../platform/redis.ts";
import type { CommitListener, CommittedEvent } from "../events/committed.ts";
import { orderCacheKey } from "../orders/orders.cache.ts";
import { encodeBatch } from "./wire.ts";

export function eventFanout(o: {
  cache: Cache;
  pubsub: PubSub;
  health: RedisHealth;
  log: Logger;
}): CommitListener {
  return async (events) => {
    const byAccount = new Map<string, CommittedEvent[]>();
    const orderKeys = new Set<string>();
    for (const e of events) {
      const list = byAccount.get(e.account_id) ?? [];
      list.push(e);
      byAccount.set(e.account_id, list);
      const id = (e.payload as { id?: unknown } | null)?.id;
      // A new order cannot be in the cache: before its COMMIT a read finds nothing, and 404s are not cached.
      if (e.type.startsWith("order.") && e.type !== "order.created" && typeof id === "string") {
        orderKeys.add(orderCacheKey(e.account_id, id));
        // A parent's view shows its legs: a leg's change changes it too.
        const parent = (e.payload as { parent_order_id?: unknown }).parent_order_id;
        if (typeof parent === "string") orderKeys.add(orderCacheKey(e.account_id, parent));
      }
    }
    // The cache never throws; a failed invalidation is retried inside it.
    await o.cache.invalidate([...orderKeys]);
    await Promise.all(
      [...byAccount].map(async ([accountId, list]) => {
        try {
          await o.pubsub.publish(channels.account(accountId), encodeBatch(list));
        } catch (error) {
          // Stream hubs find the events in PostgreSQL on their next catch-up.
          o.health.failed("publish", error, "stream clients catch up from PostgreSQL");
        }
      }),
    );
  };
}
