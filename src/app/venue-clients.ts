// The venue clients of a process, built from settings here so that the roles and the tests wire
// the same thing. Market data has a client of its own: public traffic that the venue cannot keep up
// with fails there, in its own breaker and concurrency cap, while orders go on being routed,
// cancelled and replaced through the trading client.
import type { Config } from "../config.ts";
import { VenueClient } from "../modules/trading/venue.client.ts";
import { type CallSigner, HttpClient } from "../platform/http-client.ts";
import { venueCallSigner } from "../platform/webhook-signature.ts";

export interface VenueClientSettings {
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  retries: number;
  breakerThreshold: number;
  breakerOpenMs: number;
  /** Routing, cancels, replaces, reconciliation. */
  trading: { maxConcurrent: number; maxPerSecond: number };
  /** Public market data (the REST routes, stream snapshots, reference prices). */
  marketData: { maxConcurrent: number; maxPerSecond: number };
  /** The shared secret every call is signed with, and the replay window of its answers. */
  secret: string | undefined;
  toleranceMs: number;
}

export function venueClientSettings(c: Config, secret: string | undefined): VenueClientSettings {
  return {
    secret,
    toleranceMs: c.VENUE_WEBHOOK_TOLERANCE_MS,
    connectTimeoutMs: c.VENUE_CONNECT_TIMEOUT_MS,
    requestTimeoutMs: c.VENUE_TIMEOUT_MS,
    retries: c.VENUE_RETRIES,
    breakerThreshold: c.VENUE_BREAKER_THRESHOLD,
    breakerOpenMs: c.VENUE_BREAKER_OPEN_MS,
    trading: { maxConcurrent: c.VENUE_MAX_CONCURRENT, maxPerSecond: c.VENUE_MAX_RPS },
    marketData: {
      maxConcurrent: c.VENUE_MARKET_DATA_MAX_CONCURRENT,
      maxPerSecond: c.VENUE_MARKET_DATA_MAX_RPS,
    },
  };
}

export interface VenueClients {
  trading: VenueClient;
  marketData: VenueClient;
  close(): Promise<void>;
}

function client(
  s: VenueClientSettings,
  url: string,
  o: { connections: number; maxConcurrent: number; maxPerSecond: number },
): HttpClient {
  return new HttpClient({
    baseUrl: url,
    connections: o.connections,
    connectTimeoutMs: s.connectTimeoutMs,
    requestTimeoutMs: s.requestTimeoutMs,
    retries: s.retries,
    breakerThreshold: s.breakerThreshold,
    breakerHalfOpenAfterMs: s.breakerOpenMs,
    maxConcurrent: o.maxConcurrent,
    maxPerSecond: o.maxPerSecond,
    signer: signerOf(s),
  });
}

/** Without the secret no answer can be told from a forgery, so none is taken. */
const signerOf = (s: VenueClientSettings): CallSigner =>
  s.secret === undefined
    ? {
        sign: () => ({}),
        check: () => "VENUE_WEBHOOK_SECRET is not set: no answer of the venue is trusted",
      }
    : venueCallSigner(s.secret, s.toleranceMs);

export function venueClients(s: VenueClientSettings, url: string): VenueClients {
  const trading = client(s, url, { connections: 32, ...s.trading });
  // No more connections than calls it may have in flight.
  const marketData = client(s, url, {
    connections: Math.min(32, s.marketData.maxConcurrent),
    ...s.marketData,
  });
  return {
    trading: new VenueClient(trading),
    marketData: new VenueClient(marketData),
    close: async () => {
      await Promise.all([trading.close(), marketData.close()]);
    },
  };
}
