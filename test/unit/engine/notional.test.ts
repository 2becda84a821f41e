import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { MatchingEngine, type TradeEvent } from "../../../src/venue/engine/index.ts";
import { cancelsOf, engineWith, req, tradesOf } from "./helpers.ts";

const marketFor = (id: string, side: "buy" | "sell", budget: number, quantity = 1_000_000) =>
  req({ id, side, type: "market", timeInForce: "ioc", quantity, quoteBudget: budget });

describe("notional (quote-budget) market orders", () => {
  test("when a notional buy sweeps the book, then each trade takes the lots it can afford and the rest is notional_spent", () => {
    const engine = engineWith(
      { id: "a1", side: "sell", owner: "bob", price: 100, quantity: 3 },
      { id: "a2", side: "sell", owner: "bob", price: 110, quantity: 10 },
    );
    // 3 × 100 = 300 spent at the first level; 250 left buys 2 lots at 110 (220); 30 cannot buy one.
    const events = engine.submit(marketFor("n", "buy", 550));
    expect(tradesOf(events)).toEqual([
      { maker: "a1", taker: "n", price: 100, quantity: 3 },
      { maker: "a2", taker: "n", price: 110, quantity: 2 },
    ]);
    expect(cancelsOf(events)).toEqual([{ id: "n", reason: "notional_spent", quantity: 1_000_000 - 5 }]);
  });

  test("when a notional sell meets bids, then it sells for at most its notional, rounded down to the lot", () => {
    const engine = engineWith({ id: "b", side: "buy", owner: "bob", price: 100, quantity: 50 });
    const events = engine.submit(marketFor("n", "sell", 1_050, 20));
    expect(tradesOf(events)).toEqual([{ maker: "b", taker: "n", price: 100, quantity: 10 }]);
    expect(cancelsOf(events)[0]?.reason).toBe("notional_spent");
  });

  test("when the book runs out before the notional is spent, then the rest is a market remainder", () => {
    const engine = engineWith({ id: "a", side: "sell", owner: "bob", price: 100, quantity: 2 });
    const events = engine.submit(marketFor("n", "buy", 10_000));
    expect(cancelsOf(events)[0]?.reason).toBe("market_remainder");
  });

  test("when the quantity bound comes first, then the order is filled", () => {
    const engine = engineWith({ id: "a", side: "sell", owner: "bob", price: 100, quantity: 20 });
    const events = engine.submit(marketFor("n", "buy", 10_000, 5));
    expect(events.some((e) => e.type === "filled" && e.orderId === "n")).toBe(true);
  });

  test("when a budget is given to a limit order or a fok order, then it is rejected", () => {
    const engine = new MatchingEngine();
    expect(engine.submit(req({ id: "l", side: "buy", quoteBudget: 100 }))[0]).toMatchObject({
      reason: "invalid_order",
    });
    expect(
      engine.submit(req({ id: "f", side: "buy", type: "market", timeInForce: "fok", quoteBudget: 100 }))[0],
    ).toMatchObject({ reason: "invalid_time_in_force" });
  });
});

const level = fc.record({
  price: fc.integer({ min: 1, max: 200 }),
  quantity: fc.integer({ min: 1, max: 30 }),
});

test("property: a notional order never trades for more than its budget, nor more lots than its bound", () => {
  fc.assert(
    fc.property(
      fc.array(level, { maxLength: 12 }),
      fc.constantFrom("buy" as const, "sell" as const),
      fc.integer({ min: 1, max: 20_000 }),
      fc.integer({ min: 1, max: 200 }),
      (levels, side, budget, bound) => {
        const engine = new MatchingEngine();
        levels.forEach((l, i) => {
          engine.submit(req({ id: `m${i}`, owner: "maker", side: side === "buy" ? "sell" : "buy", ...l }));
        });
        const events = engine.submit(marketFor("n", side, budget, bound));
        const trades = events.filter((e): e is TradeEvent => e.type === "trade" && e.takerOrderId === "n");
        const spent = trades.reduce((sum, t) => sum + t.price * t.quantity, 0);
        const lots = trades.reduce((sum, t) => sum + t.quantity, 0);
        expect(spent).toBeLessThanOrEqual(budget);
        expect(lots).toBeLessThanOrEqual(bound);
        expect(engine.order("n")?.status).toMatch(/filled|cancelled/);
      },
    ),
    { numRuns: 500 },
  );
});
