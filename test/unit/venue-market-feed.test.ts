// The market-data feed's change detection, on a real venue quoted by its liquidity provider.
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, test } from "vitest";
import { DEFAULT_LIQUIDITY, LiquidityProvider } from "../../src/venue/liquidity.ts";
import { MAX_TRADES_PER_PUSH, MarketChanges } from "../../src/venue/market-feed.ts";
import { type SubmitRequest, Venue } from "../../src/venue/venue.ts";

let venue: Venue;
beforeEach(() => {
  venue = new Venue(() => {});
  new LiquidityProvider(venue, DEFAULT_LIQUIDITY).refresh();
});

const order = (o: Partial<SubmitRequest>) =>
  venue.submit({
    client_order_id: randomUUID(),
    owner: "trader",
    symbol: "BTC-USD",
    side: "buy",
    type: "market",
    time_in_force: "ioc",
    quantity: "1.5",
    ...o,
  });

/** A feed that has sent its first snapshot. */
function settled(depth = 10): MarketChanges {
  const changes = new MarketChanges(venue, depth);
  changes.collect().commit();
  return changes;
}

describe("market-data change detection", () => {
  test("when the feed starts, then every market's ticker and book go out once, and earlier trades do not", () => {
    order({});
    const changes = new MarketChanges(venue, 10);
    const first = changes.collect();
    expect(first.markets.map((m) => m.symbol)).toEqual(["BTC-USD", "ETH-USD", "SOL-USD"]);
    for (const m of first.markets) {
      expect(m.trades).toBeUndefined();
      const { symbol: _, ...ticker } = venue.ticker(m.symbol);
      expect(m.ticker).toEqual({ ...ticker, ts: expect.any(String) });
      expect(m.book?.bids).toEqual(venue.book(m.symbol, 10).bids);
    }
    first.commit();
    expect(changes.collect().markets).toEqual([]);
  });

  test("when an order trades, then only its market goes out, with the new trades oldest first, as the venue shows them", () => {
    const changes = settled();
    order({});
    const { markets } = changes.collect();
    expect(markets).toHaveLength(1);
    const [btc] = markets;
    expect(btc?.symbol).toBe("BTC-USD");
    // 1.5 BTC against 1 BTC per level: two trades, the best ask first.
    expect(btc?.trades).toEqual(venue.trades("BTC-USD", 2).reverse());
    expect(btc?.trades?.map((t) => t.quantity)).toEqual(["1", "0.5"]);
    expect(btc?.ticker).toMatchObject({ last: btc?.trades?.[1]?.price, volume_24h: "1.5" });
    expect(btc?.book?.asks).toEqual(venue.book("BTC-USD", 10).asks);
  });

  test("when a push is not committed (it failed), then the next one carries its trades and the newer ones", () => {
    const changes = settled();
    order({ quantity: "0.1" });
    changes.collect(); // sent, never acknowledged
    order({ quantity: "0.2" });
    const next = changes.collect();
    expect(next.markets[0]?.trades?.map((t) => t.quantity)).toEqual(["0.1", "0.2"]);
    next.commit();
    order({ quantity: "0.3" });
    expect(changes.collect().markets[0]?.trades?.map((t) => t.quantity)).toEqual(["0.3"]);
  });

  test("when only a level deeper than the depth changes, then nothing goes out; within the depth, the book alone", () => {
    const changes = settled(2);
    const bids = venue.book("BTC-USD", 5).bids;
    const deep = bids[4]?.[0];
    const best = bids[0]?.[0];
    order({ type: "limit", time_in_force: "gtc", side: "buy", quantity: "0.1", price: deep });
    expect(changes.collect().markets).toEqual([]);
    order({ type: "limit", time_in_force: "gtc", side: "buy", quantity: "0.1", price: best });
    const { markets } = changes.collect();
    expect(markets).toHaveLength(1);
    expect(markets[0]?.ticker).toBeUndefined();
    expect(markets[0]?.trades).toBeUndefined();
    expect(markets[0]?.book?.bids[0]).toEqual([best, "1.1"]);
  });

  test("when more trades happen than one push carries, then the rest follow in the next pushes, in order", () => {
    const changes = settled();
    for (let i = 0; i < MAX_TRADES_PER_PUSH + 100; i++) order({ quantity: "0.00001" });
    const first = changes.collect();
    const ids = first.markets[0]?.trades?.map((t) => t.id) ?? [];
    expect(ids).toHaveLength(MAX_TRADES_PER_PUSH);
    first.commit();
    const rest = changes.collect().markets[0]?.trades?.map((t) => t.id) ?? [];
    expect(rest).toHaveLength(100);
    expect([...ids, ...rest]).toEqual(
      venue
        .trades("BTC-USD", MAX_TRADES_PER_PUSH + 100)
        .reverse()
        .map((t) => t.id),
    );
  });
});
