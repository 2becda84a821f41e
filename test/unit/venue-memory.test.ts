// The venue's bounded memory, on the real venue, engine and liquidity provider with small bounds:
// live orders are never forgotten, finished ones go oldest first, and the liquidity provider's
// churn has a budget of its own.
import { describe, expect, test } from "vitest";
import { MatchingEngine } from "../../src/venue/engine/index.ts";
import { DEFAULT_LIQUIDITY, LiquidityProvider } from "../../src/venue/liquidity.ts";
import { MARKETS } from "../../src/venue/markets.ts";
import type { ExecutionReport } from "../../src/venue/reports.ts";
import { HOUSE_OWNER, Venue } from "../../src/venue/venue.ts";
import { limitOrder } from "../support/venue-orders.ts";

const KEPT = 10;

function venueWith(options = { finishedOrdersKept: KEPT, houseFinishedOrdersKept: 5 }) {
  const emitted: ExecutionReport[] = [];
  const venue = new Venue((reports, answered) => emitted.push(...reports, ...answered), MARKETS, options);
  return { venue, emitted };
}

/** A client limit order far below any quote: it rests until cancelled. */
const resting = limitOrder;

/** Submits and cancels `count` client orders: finished history, oldest first. */
function churn(venue: Venue, prefix: string, count: number, symbol = "BTC-USD"): string[] {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = `${prefix}-${i}`;
    venue.submit(resting(id, { owner: "bob", symbol }));
    venue.cancel(id);
    ids.push(id);
  }
  return ids;
}

describe("live orders are never forgotten", () => {
  test("when a partly filled order rests while 100x the bound of orders finish, then it can still be queried, its reports read, and replaced and cancelled", () => {
    const { venue } = venueWith();
    venue.submit(resting("live", { quantity: "10", price: "100" }));
    venue.submit(resting("seller", { owner: "carol", side: "sell", quantity: "4", price: "100" }));

    churn(venue, "finished", 100 * KEPT);

    expect(venue.get("live").order).toMatchObject({ status: "partially_filled", filledQuantity: 400_000 });
    expect(venue.executions("live")).toEqual([
      expect.objectContaining({ type: "trade", quantity: "4", price: "100", liquidity: "maker" }),
    ]);
    expect(venue.replace("live", { price: "99" }).order).toMatchObject({
      price: 9_900,
      status: "partially_filled",
    });
    expect(venue.cancel("live").order.status).toBe("cancelled");
    expect(venue.executions("live").map((r) => r.type)).toEqual(["trade", "cancelled"]);
    // The seller finished first of all, so it was forgotten long ago.
    expect(() => venue.get("seller")).toThrow(/unknown order seller/);
  });

  test("when a live order's submit is retried after heavy churn, then the same order comes back and nothing new happens", () => {
    const { venue, emitted } = venueWith();
    const first = venue.submit(resting("live"));
    churn(venue, "finished", 50 * KEPT);
    const reports = emitted.length;

    const again = venue.submit(resting("live"));

    expect(again.created).toBe(false);
    expect(again.order).toEqual(first.order);
    expect(emitted.length).toBe(reports);
    expect(venue.book("BTC-USD", 1).bids).toEqual([["1", "1"]]);
  });
});

describe("finished orders are forgotten oldest first, beyond the bound", () => {
  test("when more orders finish than the bound, then exactly the oldest are forgotten, with their reports", () => {
    const { venue } = venueWith();
    const ids = churn(venue, "finished", KEPT + 5);

    for (const id of ids.slice(0, 5)) {
      expect(() => venue.get(id)).toThrow(/unknown order/);
      expect(() => venue.executions(id)).toThrow(/unknown order/);
    }
    for (const id of ids.slice(5)) {
      expect(venue.get(id).order.status).toBe("cancelled");
      expect(venue.executions(id)).toEqual([expect.objectContaining({ type: "cancelled", reason: "user" })]);
      const retry = venue.submit(resting(id, { owner: "bob" }));
      expect([retry.created, retry.order.status]).toEqual([false, "cancelled"]);
    }
  });

  test("when orders end in every way (filled, expired, rejected, cancelled), then each counts once against the bound", () => {
    const { venue } = venueWith();
    venue.submit(resting("maker", { owner: "carol", side: "sell", quantity: "1", price: "100" }));
    venue.submit(resting("taker", { type: "market", time_in_force: "ioc", price: undefined, quantity: "3" }));
    venue.submit(resting("rejected", { type: "market", time_in_force: "gtc", price: undefined }));
    venue.submit(resting("day", { time_in_force: "day" }));
    venue.submit(resting("gtc"));
    expect(venue.expireDayOrders()).toBe(1);
    const ended = ["maker", "taker", "rejected", "day"];
    expect(ended.map((id) => venue.get(id).order.status)).toEqual([
      "filled",
      "cancelled",
      "rejected",
      "cancelled",
    ]);
    churn(venue, "finished", KEPT - ended.length);
    expect(ended.map((id) => venue.get(id).order.id)).toEqual(ended);

    churn(venue, "more", 1);

    expect(() => venue.get("maker")).toThrow(/unknown order/);
    expect(venue.get("taker").order.status).toBe("cancelled");
    expect(venue.get("gtc").order.status).toBe("open");
  });

  test("when an id was forgotten, then submitting it again places a new order (the bound is the idempotency window)", () => {
    const { venue } = venueWith();
    churn(venue, "finished", 2 * KEPT);
    expect(venue.submit(resting("finished-0")).created).toBe(true);
  });

  test("when one market churns, then another market's finished orders stay (the bound is per market)", () => {
    const { venue } = venueWith();
    const eth = churn(venue, "eth", KEPT, "ETH-USD");
    churn(venue, "btc", 10 * KEPT);
    expect(eth.map((id) => venue.get(id).order.status)).toEqual(Array(KEPT).fill("cancelled"));
  });
});

describe("a finished order's reports, kept as text", () => {
  test("when a market order fills on arrival, then its reports read back, and a retried submit returns them, exactly as the submit answered", () => {
    const { venue } = venueWith();
    new LiquidityProvider(venue, DEFAULT_LIQUIDITY).refresh();
    const first = venue.submit(
      limitOrder("m", { type: "market", time_in_force: "ioc", price: undefined, quantity: "1.5" }),
    );
    expect(first.order.status).toBe("filled");
    expect(first.reports.map((r) => r.quantity)).toEqual(["1", "0.5"]);
    expect(venue.executions("m")).toEqual(first.reports);
    const again = venue.submit(
      limitOrder("m", { type: "market", time_in_force: "ioc", price: undefined, quantity: "1.5" }),
    );
    expect([again.created, again.reports]).toEqual([false, first.reports]);
  });
});

describe("the liquidity provider's churn", () => {
  test("when the liquidity provider re-quotes many times, then no client order's history is evicted", () => {
    const { venue } = venueWith();
    const lp = new LiquidityProvider(venue, DEFAULT_LIQUIDITY);
    lp.refresh();
    const taken = venue.submit(
      resting("taker", { type: "market", time_in_force: "ioc", price: undefined, quantity: "0.5" }),
    );
    expect(taken.order.status).toBe("filled");
    const ids = ["taker", ...churn(venue, "finished", KEPT - 1)];

    // Each refresh cancels 2 × depth quotes per market: 100 refreshes, 200x the house bound.
    for (let i = 0; i < 100; i++) lp.refresh();

    for (const id of ids) expect(venue.executions(id).length).toBe(1);
    expect(venue.get("taker").order).toMatchObject({ status: "filled", filledQuantity: 50_000 });
    // The provider's quotes are still there, and its orders are never the venue's to report.
    expect(venue.book("BTC-USD", 10).asks).toHaveLength(DEFAULT_LIQUIDITY.depth);
    expect(() => venue.get("lp-BTC-USD-1")).toThrow(/unknown order/);
  });

  test("when house orders finish in the engine, then they use a ring of their own", () => {
    const engine = new MatchingEngine({
      retainFinishedOrders: 2,
      retainFinishedOrdersOf: { [HOUSE_OWNER]: 1 },
    });
    const order = (id: string, owner: string) => ({
      id,
      owner,
      side: "buy" as const,
      type: "limit" as const,
      timeInForce: "gtc" as const,
      quantity: 1,
      price: 1,
    });
    for (const id of ["a", "b"]) {
      engine.submit(order(id, "alice"));
      engine.cancel(id);
    }
    for (let i = 0; i < 50; i++) {
      engine.submit(order(`lp-${i}`, HOUSE_OWNER));
      engine.cancel(`lp-${i}`);
    }
    expect([engine.order("a")?.status, engine.order("b")?.status]).toEqual(["cancelled", "cancelled"]);
    expect([engine.order("lp-48"), engine.order("lp-49")?.status]).toEqual([undefined, "cancelled"]);
  });

  test("when a bound is not a whole number >= 1, then the venue and the engine refuse to start", () => {
    expect(() => new Venue(() => {}, MARKETS, { finishedOrdersKept: 0 })).toThrow(/finishedOrdersKept/);
    expect(() => new Venue(() => {}, MARKETS, { houseFinishedOrdersKept: 1.5 })).toThrow(
      /houseFinishedOrdersKept/,
    );
    expect(() => new MatchingEngine({ retainFinishedOrdersOf: { x: -1 } })).toThrow(/retainFinishedOrdersOf/);
  });
});
