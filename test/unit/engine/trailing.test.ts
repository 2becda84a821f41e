import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { EngineEvent, TrailMovedEvent } from "../../../src/venue/engine/index.ts";
import { MatchingEngine } from "../../../src/venue/engine/index.ts";
import { engineWith, req, tradesOf, typesOf } from "./helpers.ts";

const trailsOf = (events: EngineEvent[]) =>
  events
    .filter((e): e is TrailMovedEvent => e.type === "trail_moved")
    .map((e) => ({ id: e.orderId, hwm: e.hwm, trigger: e.triggerPrice }));

/** One trade at `price` between two outside owners, through a fresh pair of orders. */
let n = 0;
function tradeAt(engine: MatchingEngine, price: number): EngineEvent[] {
  n += 1;
  engine.submit(req({ id: `m${n}`, side: "sell", owner: "mm", price, quantity: 1 }));
  return engine.submit(req({ id: `t${n}`, side: "buy", owner: "tk", price, quantity: 1 }));
}

/** A market whose last trade is at 100, with deep bids from 90 to 99 to sell into. */
function market(): MatchingEngine {
  const engine = new MatchingEngine();
  tradeAt(engine, 100);
  for (let p = 90; p <= 99; p++)
    engine.submit(req({ id: `b${p}`, side: "buy", owner: "mm", price: p, quantity: 50 }));
  return engine;
}

describe("trailing stops", () => {
  test("when a sell trailing stop is accepted, then its mark is the last trade and its trigger the mark less the trail", () => {
    const engine = market();
    const events = engine.submit(
      req({ id: "ts", side: "sell", type: "trailing_stop", trailPrice: 5, owner: "s" }),
    );
    expect(typesOf(events)).toEqual(["accepted", "trail_moved"]);
    expect(trailsOf(events)).toEqual([{ id: "ts", hwm: 100, trigger: 95 }]);
    expect(engine.order("ts")).toMatchObject({
      status: "pending_trigger",
      hwm: 100,
      triggerPrice: 95,
      trailPrice: 5,
    });
    expect(engine.pendingStopCount()).toBe(1);
  });

  test("when no trade happened yet, then the mark starts at the mid", () => {
    const engine = engineWith(
      { id: "a", side: "sell", owner: "mm", price: 104 },
      { id: "b", side: "buy", owner: "mm", price: 100 },
    );
    const events = engine.submit(
      req({ id: "ts", side: "buy", type: "trailing_stop", trailPercent: 10_000, owner: "s" }),
    );
    // 1% of 102, rounded up to a whole tick, above the low-water mark.
    expect(trailsOf(events)).toEqual([{ id: "ts", hwm: 102, trigger: 104 }]);
  });

  test("when the market has no price at all, then the first trade sets the mark", () => {
    const engine = new MatchingEngine();
    const events = engine.submit(
      req({ id: "ts", side: "sell", type: "trailing_stop", trailPrice: 3, owner: "s" }),
    );
    expect(typesOf(events)).toEqual(["accepted"]);
    expect(engine.pendingStopCount()).toBe(1);
    expect(trailsOf(tradeAt(engine, 50))).toEqual([{ id: "ts", hwm: 50, trigger: 47 }]);
  });

  test("when the price rises, then a sell's trigger follows; when it falls back, then the trigger stays and fires", () => {
    const engine = market();
    engine.submit(
      req({ id: "ts", side: "sell", type: "trailing_stop", trailPrice: 5, quantity: 3, owner: "s" }),
    );
    expect(trailsOf(tradeAt(engine, 103))).toEqual([{ id: "ts", hwm: 103, trigger: 98 }]);
    expect(trailsOf(tradeAt(engine, 101))).toEqual([]);
    expect(engine.order("ts")).toMatchObject({ status: "pending_trigger", hwm: 103, triggerPrice: 98 });
    const fall = engine.submit(req({ id: "hit", side: "sell", owner: "x", price: 98, quantity: 100 }));
    expect(typesOf(fall)).toContain("triggered");
    // It executes as a market order against the bids left below.
    expect(tradesOf(fall).filter((t) => t.taker === "ts")).toEqual([
      { maker: "b97", taker: "ts", price: 97, quantity: 3 },
    ]);
    expect(engine.order("ts")).toMatchObject({ status: "filled", filledQuantity: 3 });
  });

  test("when a trailing stop is cancelled, then later trades no longer move it", () => {
    const engine = market();
    engine.submit(req({ id: "ts", side: "sell", type: "trailing_stop", trailPrice: 5, owner: "s" }));
    expect(typesOf(engine.cancel("ts"))).toEqual(["cancelled"]);
    expect(trailsOf(tradeAt(engine, 105))).toEqual([]);
    expect(engine.pendingStopCount()).toBe(0);
  });

  test.each([[{ trailPrice: 5, trailPercent: 100 }], [{}], [{ trailPercent: 500_001 }], [{ trailPrice: 0 }]])(
    "when the trail is %o, then the order is rejected",
    (trail) => {
      const engine = market();
      const events = engine.submit(
        req({ id: "ts", side: "sell", type: "trailing_stop", owner: "s", ...trail }),
      );
      expect(events).toEqual([{ type: "rejected", orderId: "ts", reason: "invalid_trail" }]);
    },
  );

  test("when a limit order names a trail, then it is rejected", () => {
    const events = market().submit(req({ id: "l", side: "buy", trailPrice: 5 }));
    expect(events).toEqual([{ type: "rejected", orderId: "l", reason: "invalid_trail" }]);
  });

  test("when any sequence of trades runs, then the trigger only moves in the order's favour and fires only when crossed", () => {
    const trail = fc.oneof(
      fc.record({ trailPrice: fc.integer({ min: 1, max: 20 }) }),
      fc.record({ trailPercent: fc.integer({ min: 1, max: 500_000 }) }),
    );
    fc.assert(
      fc.property(
        fc.constantFrom("buy" as const, "sell" as const),
        trail,
        fc.array(fc.integer({ min: 50, max: 150 }), { minLength: 1, maxLength: 60 }),
        (side, t, prices) => {
          const engine = new MatchingEngine();
          tradeAt(engine, 100);
          engine.submit(req({ id: "ts", side, type: "trailing_stop", owner: "s", quantity: 1, ...t }));
          let { hwm, triggerPrice } = engine.order("ts") ?? {};
          const favour = side === "sell" ? 1 : -1;
          for (const price of prices) {
            const before = engine.order("ts");
            if (before?.status !== "pending_trigger") break;
            tradeAt(engine, price);
            const after = engine.order("ts");
            if (after === undefined) throw new Error("the trailing stop was forgotten");
            if (after.status !== "pending_trigger") {
              // Fired: the trade crossed the trigger it had before the trade.
              const crossed = side === "sell" ? price <= (triggerPrice ?? 0) : price >= (triggerPrice ?? 0);
              if (!crossed) throw new Error(`fired at ${price} with trigger ${triggerPrice}`);
              break;
            }
            const expectMark = side === "sell" ? Math.max(hwm ?? 0, price) : Math.min(hwm ?? Infinity, price);
            if (after.hwm !== expectMark) throw new Error(`mark ${after.hwm}, expected ${expectMark}`);
            if (favour * ((after.triggerPrice ?? 0) - (triggerPrice ?? 0)) < 0) {
              throw new Error(`trigger moved against the order: ${triggerPrice} -> ${after.triggerPrice}`);
            }
            hwm = after.hwm;
            triggerPrice = after.triggerPrice;
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
