// Public market data pushed to the OMS, which fans it out to WebSocket clients over pub/sub:
// every tick, one signed POST with each market whose ticker, book (top levels) or trades changed
// since the last POST that succeeded. Best-effort: no retries (the next tick carries the latest
// snapshots and the trades not yet delivered), one request in flight, a short timeout.
import { request } from "undici";
import type { Logger } from "../platform/logger.ts";
import { SIGNATURE_HEADER, sign } from "../platform/webhook-signature.ts";
import type { PublicTrade, Venue } from "./venue.ts";

export interface MarketFeedOptions {
  /** The OMS's POST /internal/venue/market-data. */
  url: string;
  secret: string;
  intervalMs: number;
  /** Book levels per side. */
  depth: number;
  /** Per request, connect included. */
  timeoutMs?: number;
}

/** The venue's HTTP shapes without the symbol, which the market carries. */
export interface MarketUpdate {
  symbol: string;
  ticker?: { bid: string | null; ask: string | null; last: string | null; volume_24h: string; ts: string };
  book?: { bids: string[][]; asks: string[][]; ts: string };
  /** Only the trades not sent yet, oldest first. */
  trades?: PublicTrade[];
}

interface Seen {
  ticker: string;
  book: string;
  lastTradeId: number;
}

const WARN_EVERY_MS = 30_000;
/** Keeps a push well under the OMS route's body limit; the rest go on the next ticks. */
export const MAX_TRADES_PER_PUSH = 500;

/** Change detection: what differs from the last state that was sent successfully. */
export class MarketChanges {
  readonly #venue: Venue;
  readonly #depth: number;
  readonly #seen = new Map<string, Seen>();

  constructor(venue: Venue, depth: number) {
    this.#venue = venue;
    this.#depth = depth;
    // Trades from before the feed started are history (GET …/trades), not news. Ticker and book
    // start unseen, so the first push is a snapshot of every market.
    for (const { symbol } of venue.markets()) {
      this.#seen.set(symbol, { ticker: "", book: "", lastTradeId: venue.trades(symbol, 1)[0]?.id ?? 0 });
    }
  }

  /** The changed markets; `commit` once they are delivered, so a failed push is sent again. */
  collect(): { markets: MarketUpdate[]; commit: () => void } {
    const markets: MarketUpdate[] = [];
    const next = new Map<string, Seen>();
    for (const [symbol, seen] of this.#seen) {
      const t = this.#venue.ticker(symbol);
      const b = this.#venue.book(symbol, this.#depth);
      const trades = this.#venue.tradesAfter(symbol, seen.lastTradeId).slice(0, MAX_TRADES_PER_PUSH);
      const now: Seen = {
        // Without ts: a new timestamp alone is no change.
        ticker: JSON.stringify([t.bid, t.ask, t.last, t.volume_24h]),
        book: JSON.stringify([b.bids, b.asks]),
        lastTradeId: trades.at(-1)?.id ?? seen.lastTradeId,
      };
      const update: MarketUpdate = { symbol };
      if (now.ticker !== seen.ticker)
        update.ticker = { bid: t.bid, ask: t.ask, last: t.last, volume_24h: t.volume_24h, ts: t.ts };
      if (now.book !== seen.book) update.book = { bids: b.bids, asks: b.asks, ts: b.ts };
      if (trades.length > 0) update.trades = trades;
      if (update.ticker === undefined && update.book === undefined && update.trades === undefined) continue;
      markets.push(update);
      next.set(symbol, now);
    }
    return {
      markets,
      commit: () => {
        for (const [symbol, seen] of next) this.#seen.set(symbol, seen);
      },
    };
  }
}

export class MarketDataFeed {
  readonly #o: MarketFeedOptions;
  readonly #log: Logger;
  readonly #changes: MarketChanges;
  /** The venue's run: its trade ids start again with each, so the OMS keys them by it. */
  readonly #boot: string;
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> | undefined;
  #lastWarn = Number.NEGATIVE_INFINITY;
  #failures = 0;

  constructor(o: MarketFeedOptions, log: Logger, venue: Venue) {
    this.#o = o;
    this.#log = log;
    this.#changes = new MarketChanges(venue, o.depth);
    this.#boot = venue.boot;
  }

  start(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => this.#tick(), this.#o.intervalMs);
    this.#timer.unref();
  }

  /** Stops the timer and waits for the request in flight (bounded by its timeout). */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#inFlight;
  }

  #tick(): void {
    if (this.#inFlight !== undefined) return; // the OMS is slow: skip rather than pile up
    let batch: ReturnType<MarketChanges["collect"]>;
    try {
      batch = this.#changes.collect();
    } catch (error) {
      this.#failed(error);
      return;
    }
    if (batch.markets.length === 0) return;
    this.#inFlight = this.#send(batch.markets)
      .then(batch.commit, (error: unknown) => this.#failed(error))
      .finally(() => {
        this.#inFlight = undefined;
      });
  }

  async #send(markets: MarketUpdate[]): Promise<void> {
    const body = JSON.stringify({ venue: this.#boot, markets });
    const response = await request(this.#o.url, {
      method: "POST",
      headers: { "content-type": "application/json", [SIGNATURE_HEADER]: sign(this.#o.secret, body) },
      body,
      signal: AbortSignal.timeout(this.#o.timeoutMs ?? 2_000),
    });
    await response.body.dump();
    if (response.statusCode !== 200) throw new Error(`OMS answered ${response.statusCode}`);
  }

  /** A warning at most every 30 s: the OMS being down must not flood the log 4 times a second. */
  #failed(error: unknown): void {
    this.#failures++;
    const now = Date.now();
    if (now - this.#lastWarn < WARN_EVERY_MS) return;
    this.#log.warn({ error: String(error), failures: this.#failures }, "market data push failed");
    this.#lastWarn = now;
    this.#failures = 0;
  }
}
