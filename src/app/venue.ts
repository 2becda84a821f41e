// The bundled venue as a running service: engines, liquidity provider, report delivery and its
// HTTP API, the last two signed with the secret it shares with the OMS. Inside `bourse start` it
// runs in the same process on its own port; `bourse venue` runs it alone.
import type { Config } from "../config.ts";
import type { Logger } from "../platform/logger.ts";
import { ReportDelivery } from "../venue/delivery.ts";
import { DEFAULT_LIQUIDITY, LiquidityProvider } from "../venue/liquidity.ts";
import { MarketDataFeed } from "../venue/market-feed.ts";
import { buildVenueServer } from "../venue/server.ts";
import { Venue } from "../venue/venue.ts";

export interface RunningVenue {
  url: string;
  venue: Venue;
  /** Starts pushing market data to the OMS (call once the OMS listens). */
  startMarketData(): void;
  stop(): Promise<void>;
}

export async function startVenue(
  config: Config,
  log: Logger,
  o: { webhookUrl: string; secret: string; port: number },
): Promise<RunningVenue> {
  const venueLog = log.child({ component: "venue" });
  const delivery = new ReportDelivery(
    {
      url: o.webhookUrl,
      secret: o.secret,
      maxBatch: 500,
      answeredDelayMs: config.VENUE_ANSWERED_COPY_DELAY_MS,
      dropRate: config.VENUE_FAULT_DROP_WEBHOOK_RATE,
      duplicateRate: config.VENUE_FAULT_DUPLICATE_WEBHOOK_RATE,
      random: Math.random,
    },
    venueLog,
  );
  const venue = new Venue((reports, answered) => delivery.enqueue(reports, answered));
  // Market data goes to the OMS next to its execution reports (…/internal/venue/market-data).
  const feed = new MarketDataFeed(
    {
      url: config.OMS_MARKET_DATA_URL ?? new URL("market-data", o.webhookUrl).href,
      secret: o.secret,
      intervalMs: config.MARKET_DATA_INTERVAL_MS,
      depth: config.MARKET_DATA_DEPTH,
    },
    venueLog,
    venue,
  );
  const liquidity = new LiquidityProvider(venue, {
    ...DEFAULT_LIQUIDITY,
    seed: config.LIQUIDITY_SEED,
    refreshMs: config.LIQUIDITY_REFRESH_MS,
  });
  if (config.LIQUIDITY_ENABLED) liquidity.start();
  const server = await buildVenueServer(venue, venueLog, {
    auth: { secret: o.secret, toleranceMs: config.VENUE_WEBHOOK_TOLERANCE_MS },
    faults: {
      latencyMs: config.VENUE_FAULT_LATENCY_MS,
      errorRate: config.VENUE_FAULT_ERROR_RATE,
      timeoutRate: config.VENUE_FAULT_TIMEOUT_RATE,
      timeoutMs: config.VENUE_TIMEOUT_MS + 500,
      random: Math.random,
    },
  });
  await server.listen({ host: config.VENUE_HOST, port: o.port });
  const address = server.server.address();
  const port = typeof address === "object" && address !== null ? address.port : o.port;
  const url = `http://${config.VENUE_HOST}:${port}`;
  venueLog.info({ url, boot: venue.boot }, "venue listening");
  return {
    url,
    venue,
    startMarketData: () => {
      if (config.MARKET_DATA_INTERVAL_MS > 0) feed.start();
    },
    stop: async () => {
      liquidity.stop();
      venue.stop();
      await feed.stop();
      await server.close();
      // Reports already made still go out, while the OMS is up to take them: at most half the
      // grace, which bounds the whole shutdown, so the rest of a `start` still closes in order.
      const deadline = Date.now() + config.SHUTDOWN_GRACE_MS / 2;
      while (delivery.pending > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      if (delivery.pending > 0)
        venueLog.warn({ pending: delivery.pending }, "undelivered execution reports dropped at stop");
      delivery.stop();
    },
  };
}
