import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { MatchingEngine, type TradeEvent } from "../../../src/venue/engine/index.ts";
import { engineWith, req, tradesOf, typesOf } from "./helpers.ts";

describe("post-only orders", () => {
  test("when a post-only buy would cross the best ask, then it is rejected post_only and the book is unchanged", () => {
    const engine = engineWith({ id: "ask", side: "sell", owner: "bob", price: 101 });
    const events = engine.submit(req({ id: "po", side: "buy", price: 101, postOnly: true }));
    expect(events).toEqual([{ type: "rejected", orderId: "po", reason: "post_only" }]);
    expect(engine.depth().asks).toEqual([{ price: 101, quantity: 10, orders: 1 }]);
    expect(engine.depth().bids).toEqual([]);
    expect(engine.order("po")).toMatchObject({ status: "rejected", remainingQuantity: 0, postOnly: true });
  });

  test("when a post-only sell would reach the best bid (even its owner's own), then it is rejected", () => {
    const engine = engineWith({ id: "bid", side: "buy", owner: "alice", price: 99 });
    const events = engine.submit(req({ id: "po", side: "sell", price: 98, postOnly: true }));
    expect(typesOf(events)).toEqual(["rejected"]);
  });

  test("when a post-only order does not cross, then it rests like any limit order and later trades as the maker", () => {
    const engine = engineWith({ id: "ask", side: "sell", owner: "bob", price: 101 });
    expect(typesOf(engine.submit(req({ id: "po", side: "buy", price: 100, postOnly: true })))).toEqual([
      "accepted",
    ]);
    const events = engine.submit(req({ id: "taker", side: "sell", owner: "bob", price: 100, quantity: 4 }));
    expect(tradesOf(events)).toEqual([{ maker: "po", taker: "taker", price: 100, quantity: 4 }]);
  });

  test("when post-only is asked of a market, stop or ioc order, then it is rejected as invalid", () => {
    const engine = new MatchingEngine();
    expect(
      engine.submit(req({ id: "m", side: "buy", type: "market", timeInForce: "ioc", postOnly: true })),
    ).toEqual([{ type: "rejected", orderId: "m", reason: "invalid_order" }]);
    expect(engine.submit(req({ id: "i", side: "buy", timeInForce: "ioc", postOnly: true }))).toEqual([
      { type: "rejected", orderId: "i", reason: "invalid_time_in_force" },
    ]);
  });

  test("when a resting post-only order is re-priced across the book, then the replace is refused and it keeps resting", () => {
    const engine = engineWith(
      { id: "ask", side: "sell", owner: "bob", price: 101 },
      { id: "po", side: "buy", price: 100, postOnly: true },
    );
    expect(engine.replace("po", { price: 101 })).toEqual([
      { type: "replace_rejected", orderId: "po", reason: "post_only" },
    ]);
    expect(engine.order("po")).toMatchObject({ status: "open", price: 100, remainingQuantity: 10 });
  });
});

// Random books with post-only orders among ordinary ones: a post-only order is never a taker.
const step = fc.record({
  side: fc.constantFrom("buy" as const, "sell" as const),
  owner: fc.constantFrom("ann", "ben", "cat"),
  price: fc.integer({ min: 95, max: 105 }),
  quantity: fc.integer({ min: 1, max: 10 }),
  postOnly: fc.boolean(),
  replaceTo: fc.option(fc.integer({ min: 95, max: 105 })),
});

test("property: a post-only order never takes, on arrival or after a replace", () => {
  fc.assert(
    fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
      const engine = new MatchingEngine();
      const postOnly = new Set<string>();
      steps.forEach((s, i) => {
        const id = `o${i}`;
        if (s.postOnly) postOnly.add(id);
        const events = engine.submit(
          req({
            id,
            side: s.side,
            owner: s.owner,
            price: s.price,
            quantity: s.quantity,
            postOnly: s.postOnly,
          }),
        );
        const replaced =
          s.replaceTo === null ? [] : engine.replace(`o${Math.floor(i / 2)}`, { price: s.replaceTo });
        for (const e of [...events, ...replaced]) {
          if (e.type === "trade") expect(postOnly.has((e as TradeEvent).takerOrderId)).toBe(false);
        }
      });
    }),
    { numRuns: 300 },
  );
});
