import { describe, expect, test } from "vitest";
import { MatchingEngine, type OrderRequest } from "../../../src/venue/engine/index.ts";
import { engineWith, req, typesOf } from "./helpers.ts";

describe("validation", () => {
  const big = Number.MAX_SAFE_INTEGER + 1;
  test.each([
    ["a zero quantity", { quantity: 0 }, "invalid_quantity"],
    ["a fractional quantity", { quantity: 1.5 }, "invalid_quantity"],
    ["a quantity beyond 2^53 - 1", { quantity: big }, "invalid_quantity"],
    ["a limit order without price", { price: undefined }, "invalid_price"],
    ["a negative price", { price: -1 }, "invalid_price"],
    ["a price beyond 2^53 - 1", { price: big }, "invalid_price"],
    ["a trigger price on a limit order", { triggerPrice: 90 }, "invalid_trigger_price"],
    ["a stop without trigger price", { type: "stop", price: undefined }, "invalid_trigger_price"],
    [
      "a stop-limit without price",
      { type: "stop_limit", price: undefined, triggerPrice: 9 },
      "invalid_price",
    ],
    ["a market order resting gtc", { type: "market", price: undefined }, "invalid_time_in_force"],
    ["an unknown time in force", { timeInForce: "gtx" }, "invalid_time_in_force"],
    ["an unknown side", { side: "short" }, "invalid_order"],
    ["an empty owner", { owner: "" }, "invalid_order"],
  ])("when an order has %s, then it is rejected with %s and leaves no trace", (_, change, reason) => {
    const engine = new MatchingEngine();
    const request = { ...req({ id: "x", side: "buy" }), ...change } as OrderRequest;
    expect(engine.submit(request)).toEqual([{ type: "rejected", orderId: "x", reason }]);
    expect(engine.restingOrderCount() + engine.pendingStopCount()).toBe(0);
    expect(engine.order("x")?.status).toBe("rejected");
  });

  test("when a protection price is given to a market order, then it must be a valid price too", () => {
    const engine = new MatchingEngine();
    const events = engine.submit(req({ id: "m", side: "buy", type: "market", timeInForce: "ioc", price: 0 }));
    expect(events).toEqual([{ type: "rejected", orderId: "m", reason: "invalid_price" }]);
  });
});

describe("duplicate order ids", () => {
  test.each([
    ["resting", [{ id: "a", side: "buy" as const }]],
    [
      "filled",
      [
        { id: "a", side: "buy" as const, quantity: 1 },
        { id: "s", side: "sell" as const, owner: "bob", quantity: 1 },
      ],
    ],
    ["rejected", [{ id: "a", side: "buy" as const, quantity: 0 }]],
  ])("when an order id is reused while the first order is %s, then the new one is rejected", (_, book) => {
    const engine = engineWith(...book);
    const before = engine.order("a");
    expect(engine.submit(req({ id: "a", side: "sell", owner: "zed" }))).toEqual([
      { type: "rejected", orderId: "a", reason: "duplicate_order_id" },
    ]);
    expect(engine.order("a")).toEqual(before);
  });

  test("when more orders finish than are retained, then the oldest are forgotten", () => {
    const engine = new MatchingEngine({ retainFinishedOrders: 2 });
    for (const id of ["a", "b", "c"]) {
      engine.submit(req({ id, side: "buy" }));
      engine.cancel(id);
    }
    expect([engine.order("a"), engine.order("b")?.status, engine.order("c")?.status]).toEqual([
      undefined,
      "cancelled",
      "cancelled",
    ]);
    expect(typesOf(engine.submit(req({ id: "a", side: "buy" })))).toEqual(["accepted"]);
  });

  test("when the retention setting is not a whole number, then the engine refuses to start", () => {
    expect(() => new MatchingEngine({ retainFinishedOrders: -1 })).toThrow(/retainFinishedOrders/);
  });
});

describe("queries", () => {
  test("when the book is empty, then there is no best price, depth or last price", () => {
    const engine = new MatchingEngine();
    expect([engine.bestBid(), engine.bestAsk(), engine.lastTradePrice()]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(engine.depth()).toEqual({ bids: [], asks: [] });
    expect(engine.restingOrderCount()).toBe(0);
  });

  test("when orders rest at several prices, then depth aggregates them best first, top N", () => {
    const engine = engineWith(
      { id: "b1", side: "buy", price: 98, quantity: 1 },
      { id: "b2", side: "buy", price: 99, quantity: 2 },
      { id: "b3", side: "buy", price: 99, quantity: 3 },
      { id: "b4", side: "buy", price: 97, quantity: 4 },
      { id: "a1", side: "sell", price: 102, quantity: 5 },
      { id: "a2", side: "sell", price: 101, quantity: 6 },
    );
    expect(engine.depth(2)).toEqual({
      bids: [
        { price: 99, quantity: 5, orders: 2 },
        { price: 98, quantity: 1, orders: 1 },
      ],
      asks: [
        { price: 101, quantity: 6, orders: 1 },
        { price: 102, quantity: 5, orders: 1 },
      ],
    });
    expect(engine.restingOrderCount()).toBe(6);
  });

  test("when an order is looked up, then it shows its terms, fills and status", () => {
    const engine = engineWith({ id: "s", side: "sell", owner: "bob", price: 100, quantity: 10 });
    engine.submit(req({ id: "b", side: "buy", quantity: 3 }));
    expect(engine.order("s")).toEqual({
      id: "s",
      owner: "bob",
      side: "sell",
      type: "limit",
      timeInForce: "gtc",
      quantity: 10,
      price: 100,
      triggerPrice: null,
      trailPrice: null,
      trailPercent: null,
      hwm: null,
      filledQuantity: 3,
      remainingQuantity: 7,
      status: "partially_filled",
      cancelReason: null,
      postOnly: false,
    });
    expect(engine.order("b")).toMatchObject({ status: "filled", filledQuantity: 3, remainingQuantity: 0 });
  });

  test("when quantities are near 2^53, then arithmetic stays exact", () => {
    const max = Number.MAX_SAFE_INTEGER;
    const engine = engineWith({ id: "s", side: "sell", owner: "bob", quantity: max });
    engine.submit(req({ id: "b", side: "buy", quantity: max - 1 }));
    expect(engine.order("s")).toMatchObject({ filledQuantity: max - 1, remainingQuantity: 1 });
    const events = engine.submit(req({ id: "s2", side: "sell", owner: "carol", quantity: max }));
    expect(events.at(-1)).toEqual({
      type: "cancelled",
      orderId: "s2",
      reason: "level_capacity",
      quantity: max,
    });
    expect(engine.depth().asks).toEqual([{ price: 100, quantity: 1, orders: 1 }]);
  });
});
