// Keeps each instrument's reference price near the venue's mid, so that the holds of market and
// stop orders (sized on it) and their protection prices follow the market.

import type { Db } from "../modules/database.ts";
import { Decimal } from "../modules/shared/decimal.ts";
import type { VenueClient } from "../modules/trading/venue.client.ts";
import type { Logger } from "../platform/logger.ts";
import { repeat } from "../platform/repeat.ts";

export function startReferencePrices(db: Db, venue: VenueClient, log: Logger, everyMs: number) {
  const refresh = async () => {
    const instruments = await db.selectFrom("instruments").select(["symbol", "tick_size"]).execute();
    for (const i of instruments) {
      const t = (await venue.marketData(`${encodeURIComponent(i.symbol)}/ticker`)) as {
        bid: string | null;
        ask: string | null;
      };
      if (t.bid === null || t.ask === null) continue;
      const mid = new Decimal(t.bid).plus(t.ask).div(2).div(i.tick_size).round().times(i.tick_size);
      await db
        .updateTable("instruments")
        .set({ reference_price: mid.toFixed() })
        .where("symbol", "=", i.symbol)
        .execute();
    }
  };
  return repeat(everyMs, refresh, (error) =>
    log.debug({ error: String(error) }, "reference price refresh failed"),
  );
}
