// Public market data from the venue, cache-aside with a short TTL: many clients asking for the
// same ticker within the TTL cost the venue one request (its own rate limits stay respected).
// Concurrent misses of one key in a process share one venue call, and books and trade lists are
// fetched in a few sizes only, then cut to what was asked: a client varying `depth` or `limit`
// cannot turn every request into a miss.
import type { Cache } from "../../platform/cache.ts";
import type { VenueClient } from "../trading/venue.client.ts";

/** The book depths fetched from the venue; a request takes the smallest that covers it. */
export const BOOK_SIZES = [5, 10, 20, 50, 100] as const;
/** The trade-list lengths fetched from the venue, likewise. */
export const TRADE_SIZES = [10, 50, 100, 200, 500] as const;

/** The smallest size that covers `n` (the largest when none does: callers bound `n` by it). */
export function fetchedSize(n: number, sizes: readonly number[]): number {
  return sizes.find((size) => size >= n) ?? sizes.at(-1) ?? n;
}

/** A copy of `data` with its arrays named in `fields` cut to `n` items. */
function cut(data: unknown, fields: readonly string[], n: number): unknown {
  if (typeof data !== "object" || data === null) return data;
  const copy: Record<string, unknown> = { ...data };
  for (const field of fields) {
    const items = copy[field];
    if (Array.isArray(items)) copy[field] = items.slice(0, n);
  }
  return copy;
}

export class MarketData {
  readonly #venue: VenueClient;
  readonly #cache: Cache;
  readonly #ttlMs: number;
  readonly #onLookup: (hit: boolean) => void;
  /** Venue calls in flight by cache key: later misses of the key wait for the same answer. */
  readonly #inFlight = new Map<string, Promise<unknown>>();

  constructor(o: { venue: VenueClient; cache: Cache; ttlMs: number; onLookup?: (hit: boolean) => void }) {
    this.#venue = o.venue;
    this.#cache = o.cache;
    this.#ttlMs = o.ttlMs;
    this.#onLookup = o.onLookup ?? (() => {});
  }

  /** The book of a symbol (as the venue spells it, URL-encoded) with at most `depth` levels a side. */
  async book(symbol: string, depth: number): Promise<unknown> {
    const data = await this.get(`${symbol}/book?depth=${fetchedSize(depth, BOOK_SIZES)}`);
    return cut(data, ["bids", "asks"], depth);
  }

  /** A symbol's latest `limit` public trades, newest first. */
  async trades(symbol: string, limit: number): Promise<unknown> {
    const data = await this.get(`${symbol}/trades?limit=${fetchedSize(limit, TRADE_SIZES)}`);
    return cut(data, ["data"], limit);
  }

  /** `path` under the venue's /market/ (e.g. "BTC-USD/ticker"); the venue's JSON. */
  async get(path: string): Promise<unknown> {
    const key = `market:${path}`;
    const pending = this.#inFlight.get(key);
    if (pending !== undefined) {
      // Served without a venue call of its own: a hit as far as the venue is concerned.
      if (this.#ttlMs > 0) this.#onLookup(true);
      return await pending;
    }
    const loading = this.#load(key, path).finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, loading);
    return await loading;
  }

  async #load(key: string, path: string): Promise<unknown> {
    if (this.#ttlMs === 0) return await this.#venue.marketData(path);
    const hit = (await this.#cache.read(key)).value;
    this.#onLookup(hit !== undefined);
    if (hit !== undefined) return JSON.parse(hit);
    const data = await this.#venue.marketData(path);
    await this.#cache.set(key, JSON.stringify(data), this.#ttlMs);
    return data;
  }
}
