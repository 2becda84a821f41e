import { describe, expect, test } from "vitest";
import { cancelsOf, engineWith, req, tradesOf, typesOf } from "./helpers.ts";

/** A book with one trade at 100 behind it, asks at 101..103 and bids at 99..97, 5 lots each. */
const market = () =>
  engineWith(
    { id: "seed-s", side: "sell", owner: "mm", price: 100, quantity: 1 },
    { id: "seed-b", side: "buy", owner: "taker", price: 100, quantity: 1 },
    { id: "a101", side: "sell", owner: "mm", price: 101, quantity: 5 },
    { id: "a102", side: "sell", owner: "mm", price: 102, quantity: 5 },
    { id: "a103", side: "sell", owner: "mm", price: 103, quantity: 5 },
    { id: "b99", side: "buy", owner: "mm", price: 99, quantity: 5 },
    { id: "b98", side: "buy", owner: "mm", price: 98, quantity: 5 },
    { id: "b97", side: "buy", owner: "mm", price: 97, quantity: 5 },
  );

describe("stop orders", () => {
  test("when a stop order waits for its trigger, then it is not in the book or its depth", () => {
    const engine = market();
    const depth = engine.depth();
    const events = engine.submit(req({ id: "st", side: "buy", type: "stop", triggerPrice: 102 }));
    expect(typesOf(events)).toEqual(["accepted"]);
    expect(engine.depth()).toEqual(depth);
    expect(engine.pendingStopCount()).toBe(1);
    expect(engine.order("st")).toMatchObject({ status: "pending_trigger", remainingQuantity: 10 });
  });

  test.each([
    ["buy", 101, 101, true],
    ["buy", 102, 101, false],
    ["sell", 99, 99, true],
    ["sell", 98, 99, false],
  ] as const)("when a %s stop at %i sees a trade at %i, then it fires: %s", (side, trigger, at, fires) => {
    const engine = market();
    engine.submit(req({ id: "st", side, type: "stop", triggerPrice: trigger, quantity: 2, owner: "s" }));
    const hitSide = at > 100 ? "buy" : "sell";
    const events = engine.submit(req({ id: "hit", side: hitSide, price: at, quantity: 1, owner: "x" }));
    expect(typesOf(events).includes("triggered")).toBe(fires);
    expect(engine.pendingStopCount()).toBe(fires ? 0 : 1);
  });

  test("when a stop fires, then it runs as a market order after the trade that fired it", () => {
    const engine = market();
    engine.submit(req({ id: "st", side: "buy", type: "stop", triggerPrice: 101, quantity: 8, owner: "s" }));
    const events = engine.submit(req({ id: "hit", side: "buy", price: 101, quantity: 1, owner: "x" }));
    expect(typesOf(events)).toEqual([
      "accepted",
      "trade",
      "filled",
      "triggered",
      "trade",
      "filled",
      "trade",
      "filled",
    ]);
    expect(tradesOf(events).map((t) => [t.taker, t.price, t.quantity])).toEqual([
      ["hit", 101, 1],
      ["st", 101, 4],
      ["st", 102, 4],
    ]);
  });

  test("when a stop-limit fires, then it becomes a limit order at its price and rests the rest", () => {
    const engine = market();
    engine.submit(
      req({ id: "sl", side: "buy", type: "stop_limit", triggerPrice: 101, price: 101, owner: "s" }),
    );
    const events = engine.submit(req({ id: "hit", side: "buy", price: 101, quantity: 1, owner: "x" }));
    expect(tradesOf(events).filter((t) => t.taker === "sl")).toEqual([
      { maker: "a101", taker: "sl", price: 101, quantity: 4 },
    ]);
    expect(engine.order("sl")).toMatchObject({ status: "partially_filled", remainingQuantity: 6 });
    expect(engine.bestBid()).toBe(101);
  });

  test("when a fired stop trades through more triggers, then they cascade in trigger order", () => {
    const engine = market();
    engine.submit(req({ id: "s2", side: "sell", type: "stop", triggerPrice: 98, quantity: 5, owner: "p" }));
    engine.submit(req({ id: "s1", side: "sell", type: "stop", triggerPrice: 99, quantity: 5, owner: "q" }));
    engine.submit(req({ id: "s3", side: "sell", type: "stop", triggerPrice: 90, quantity: 1, owner: "r" }));
    const events = engine.submit(req({ id: "hit", side: "sell", price: 99, quantity: 1, owner: "x" }));
    const fired = events.flatMap((e) => (e.type === "triggered" ? [[e.orderId, e.lastPrice]] : []));
    expect(fired).toEqual([
      ["s1", 99],
      ["s2", 98],
    ]);
    expect(engine.pendingStopCount()).toBe(1);
    expect(engine.lastTradePrice()).toBe(97);
  });

  test("when trades fire stops on both sides at once, then each fires once and the cascade ends", () => {
    const engine = engineWith(
      { id: "up", side: "buy", type: "stop", triggerPrice: 100, owner: "p", quantity: 1 },
      { id: "down", side: "sell", type: "stop", triggerPrice: 100, owner: "q", quantity: 1 },
      { id: "a", side: "sell", owner: "mm", price: 100, quantity: 3 },
      { id: "b", side: "buy", owner: "mm", price: 99, quantity: 3 },
    );
    const events = engine.submit(req({ id: "hit", side: "buy", price: 100, quantity: 1, owner: "x" }));
    expect(events.filter((e) => e.type === "triggered").map((e) => e.orderId)).toEqual(["up", "down"]);
    expect(engine.pendingStopCount()).toBe(0);
  });

  test("when a stop arrives and the last price already reached its trigger, then it fires at once", () => {
    const engine = market();
    const events = engine.submit(
      req({ id: "st", side: "sell", type: "stop", triggerPrice: 100, quantity: 2 }),
    );
    expect(typesOf(events)).toEqual(["accepted", "triggered", "trade", "filled"]);
  });

  test("when no trade has happened yet, then no stop fires on arrival", () => {
    const engine = engineWith({ id: "st", side: "buy", type: "stop", triggerPrice: 1 });
    expect(engine.pendingStopCount()).toBe(1);
  });

  test("when a fired FOK stop cannot fill completely, then it is killed and the book is untouched", () => {
    const engine = market();
    engine.submit(
      req({ id: "st", side: "buy", type: "stop", timeInForce: "fok", triggerPrice: 101, quantity: 50 }),
    );
    const events = engine.submit(req({ id: "hit", side: "buy", price: 101, quantity: 1, owner: "x" }));
    expect(cancelsOf(events)).toEqual([{ id: "st", reason: "fok", quantity: 50 }]);
    expect(engine.depth().asks[0]).toEqual({ price: 101, quantity: 4, orders: 1 });
  });
});

describe("day orders", () => {
  test("when day orders are expired, then resting and waiting day orders are cancelled, others stay", () => {
    const engine = market();
    engine.submit(req({ id: "d1", side: "buy", price: 95, timeInForce: "day" }));
    engine.submit(req({ id: "g1", side: "buy", price: 95, timeInForce: "gtc" }));
    engine.submit(req({ id: "d2", side: "buy", type: "stop", timeInForce: "day", triggerPrice: 110 }));
    const events = engine.expireDayOrders();
    expect(cancelsOf(events)).toEqual([
      { id: "d1", reason: "day_expiry", quantity: 10 },
      { id: "d2", reason: "day_expiry", quantity: 10 },
    ]);
    expect(engine.depth().bids.find((l) => l.price === 95)).toEqual({ price: 95, quantity: 10, orders: 1 });
    expect(engine.pendingStopCount()).toBe(0);
    expect(engine.expireDayOrders()).toEqual([]);
  });

  test("when a day order filled before expiry, then expiry leaves it alone", () => {
    const engine = engineWith({ id: "d", side: "sell", timeInForce: "day", quantity: 1 });
    engine.submit(req({ id: "b", side: "buy", quantity: 1, owner: "bob" }));
    expect(engine.expireDayOrders()).toEqual([]);
    expect(engine.order("d")?.status).toBe("filled");
  });
});
