// Public market data from the venue, cache-aside with a short TTL: many clients asking for the
// same ticker within the TTL cost the venue one request (its own rate limits stay respected).
import type { Cache } from "../../platform/cache.ts";
import type { VenueClient } from "../trading/venue.client.ts";

export class MarketData {
  readonly #venue: VenueClient;
  readonly #cache: Cache;
  readonly #ttlMs: number;
  readonly #onLookup: (hit: boolean) => void;

  constructor(o: { venue: VenueClient; cache: Cache; ttlMs: number; onLookup?: (hit: boolean) => void }) {
    this.#venue = o.venue;
    this.#cache = o.cache;
    this.#ttlMs = o.ttlMs;
    this.#onLookup = o.onLookup ?? (() => {});
  }

  /** `path` under the venue's /market/ (e.g. "BTC-USD/ticker"); the venue's JSON. */
  async get(path: string): Promise<unknown> {
    if (this.#ttlMs === 0) return await this.#venue.marketData(path);
    const key = `market:${path}`;
    const hit = (await this.#cache.read(key)).value;
    this.#onLookup(hit !== undefined);
    if (hit !== undefined) return JSON.parse(hit);
    const data = await this.#venue.marketData(path);
    await this.#cache.set(key, JSON.stringify(data), this.#ttlMs);
    return data;
  }
}
