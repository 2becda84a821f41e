// What the HTTP edge needs from the Redis tier: rate limits, cached reads, the stream hub. Built
// from settings here so that the roles and the tests wire the same thing.
import type { Config } from "../config.ts";
import { RateLimits } from "../http/rate-limits.ts";
import type { ServerDeps } from "../http/server.ts";
import { onCommittedEvents } from "../modules/events/committed.ts";
import { CandleReads } from "../modules/market/candles.service.ts";
import { MarketData } from "../modules/market/market-data.ts";
import type { Executor } from "../modules/shared/executor.ts";
import { CandleRelay } from "../modules/streams/candles.ts";
import type { MessageRate } from "../modules/streams/caps.ts";
import { eventFanout } from "../modules/streams/fanout.ts";
import { StreamHub } from "../modules/streams/hub.ts";
import type { VenueClient } from "../modules/trading/venue.client.ts";
import type { Logger } from "../platform/logger.ts";
import type { Metrics } from "../platform/metrics.ts";
import type { Limit } from "../platform/rate-limit.ts";
import type { RedisTier } from "./redis-tier.ts";

export interface EdgeSettings {
  orderCacheTtlMs: number;
  marketCacheTtlMs: number;
  trading: Limit;
  read: Limit;
  authFailures: Limit;
  publicRoutes: Limit;
  failOpen: boolean;
  heartbeatMs: number;
  authTimeoutMs: number;
  maxBufferBytes: number;
  catchUpMs: number;
  bookDepth: number;
  /** Stream connections per client address and per key in this process; 0: no cap. */
  streamConnectionsPerAddress: number;
  streamConnectionsPerKey: number;
  streamMessages: MessageRate;
}

export function edgeSettings(c: Config): EdgeSettings {
  return {
    orderCacheTtlMs: c.CACHE_ORDER_TTL_S * 1_000,
    marketCacheTtlMs: c.CACHE_MARKET_TTL_MS,
    trading: { max: c.RATE_LIMIT_TRADING_MAX, windowMs: c.RATE_LIMIT_TRADING_WINDOW_S * 1_000 },
    read: { max: c.RATE_LIMIT_READ_MAX, windowMs: c.RATE_LIMIT_READ_WINDOW_S * 1_000 },
    authFailures: { max: c.RATE_LIMIT_AUTH_FAILURES_MAX, windowMs: c.RATE_LIMIT_AUTH_WINDOW_S * 1_000 },
    publicRoutes: { max: c.RATE_LIMIT_PUBLIC_MAX, windowMs: c.RATE_LIMIT_PUBLIC_WINDOW_S * 1_000 },
    failOpen: c.RATE_LIMIT_FAIL_OPEN,
    heartbeatMs: c.STREAM_HEARTBEAT_MS,
    authTimeoutMs: c.STREAM_AUTH_TIMEOUT_MS,
    maxBufferBytes: c.STREAM_MAX_BUFFER_BYTES,
    catchUpMs: c.STREAM_CATCHUP_MS,
    bookDepth: c.MARKET_DATA_DEPTH,
    streamConnectionsPerAddress: c.STREAM_MAX_CONNECTIONS_PER_ADDRESS,
    streamConnectionsPerKey: c.STREAM_MAX_CONNECTIONS_PER_KEY,
    streamMessages: { perSecond: c.STREAM_MESSAGES_PER_S, burst: c.STREAM_MESSAGE_BURST },
  };
}

export type EdgeDeps = Pick<
  ServerDeps,
  "cache" | "pubsub" | "hub" | "limits" | "market" | "candles" | "candleRelay" | "orderCacheTtlMs" | "stream"
>;

/** Committed events of this database go to the cache and pub/sub (every process that writes). */
export function publishCommittedEvents(db: Executor, tier: RedisTier, log: Logger): void {
  onCommittedEvents(db, eventFanout({ ...tier, log }));
}

export function buildEdge(o: {
  tier: RedisTier;
  db: Executor;
  /** The venue client of market data only. */
  marketVenue: VenueClient;
  metrics: Metrics;
  log: Logger;
  settings: EdgeSettings;
}): EdgeDeps {
  const s = o.settings;
  return {
    cache: o.tier.cache,
    pubsub: o.tier.pubsub,
    hub: new StreamHub({
      db: o.db,
      pubsub: o.tier.pubsub,
      log: o.log,
      catchUpMs: s.catchUpMs,
      maxBufferBytes: s.maxBufferBytes,
      onSent: (type, n) => o.metrics.streamMessages.inc({ type }, n),
    }),
    limits: new RateLimits({
      limiter: o.tier.limiter,
      gate: o.tier.gate,
      health: o.tier.health,
      failOpen: s.failOpen,
      onFailOpen: () => o.metrics.rateLimitFailOpen.inc(),
      trading: s.trading,
      read: s.read,
      authFailures: s.authFailures,
      publicRoutes: s.publicRoutes,
    }),
    market: new MarketData({
      venue: o.marketVenue,
      cache: o.tier.cache,
      ttlMs: s.marketCacheTtlMs,
      onLookup: (hit) => o.metrics.cacheRequests.inc({ cache: "market", result: hit ? "hit" : "miss" }),
    }),
    candles: new CandleReads({ db: o.db, cache: o.tier.cache, ttlMs: s.marketCacheTtlMs }),
    candleRelay: new CandleRelay({ db: o.db, pubsub: o.tier.pubsub, log: o.log }),
    orderCacheTtlMs: s.orderCacheTtlMs,
    stream: {
      heartbeatMs: s.heartbeatMs,
      authTimeoutMs: s.authTimeoutMs,
      maxBufferBytes: s.maxBufferBytes,
      bookDepth: s.bookDepth,
      connectionsPerAddress: s.streamConnectionsPerAddress,
      connectionsPerKey: s.streamConnectionsPerKey,
      messages: s.streamMessages,
    },
  };
}
