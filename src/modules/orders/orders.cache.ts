// Cache-aside reads of one order, as the JSON the API sends. Every change of an order appends an
// order event; after COMMIT the event fan-out invalidates the order's key (see streams/fanout.ts),
// before the writer's HTTP response, so a client never reads back the state before its change.
import type { Cache, Lookup } from "../../platform/cache.ts";
import { type OrderWithLegsView, orderWithLegsSchema } from "./orders.schema.ts";

/** What the cache reads an order through on a miss. */
export interface OrderSource {
  get(accountId: string, orderId: string): Promise<OrderWithLegsView>;
}

export const orderCacheKey = (accountId: string, orderId: string) => `order:${accountId}:${orderId}`;

export class OrderReads {
  readonly #orders: OrderSource;
  readonly #cache: Cache;
  readonly #ttlMs: number;
  readonly #onLookup: (hit: boolean) => void;

  constructor(o: { orders: OrderSource; cache: Cache; ttlMs: number; onLookup?: (hit: boolean) => void }) {
    this.#orders = o.orders;
    this.#cache = o.cache;
    this.#ttlMs = o.ttlMs;
    this.#onLookup = o.onLookup ?? (() => {});
  }

  /**
   * The order as JSON text; throws NOT_FOUND for an order of another account. `cached`: the
   * lookup of its key already made (with the rate-limit check), if any.
   */
  async json(accountId: string, orderId: string, cached?: Lookup): Promise<string> {
    const key = orderCacheKey(accountId, orderId);
    const { value, version } = cached ?? (await this.#cache.read(key));
    this.#onLookup(value !== undefined);
    if (value !== undefined) return value;
    const text = JSON.stringify(orderWithLegsSchema.parse(await this.#orders.get(accountId, orderId)));
    await this.#cache.fill(key, text, this.#ttlMs, version);
    return text;
  }
}
