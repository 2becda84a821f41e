import { describe, expect, test } from "vitest";
import { cancelsOf, engineWith, filledIds, req, tradesOf, typesOf } from "./helpers.ts";

describe("limit orders and price-time priority", () => {
  test("when a limit order does not cross, then it is accepted and rests at its price", () => {
    const engine = engineWith({ id: "b1", side: "buy", price: 99 });
    const events = engine.submit(req({ id: "s1", side: "sell", price: 101, owner: "bob" }));
    expect(typesOf(events)).toEqual(["accepted"]);
    expect([engine.bestBid(), engine.bestAsk()]).toEqual([99, 101]);
    expect(engine.order("s1")).toMatchObject({ status: "open", remainingQuantity: 10, filledQuantity: 0 });
  });

  test("when two orders rest at one price, then the earlier one fills first", () => {
    const engine = engineWith(
      { id: "s1", side: "sell", owner: "bob", quantity: 5 },
      { id: "s2", side: "sell", owner: "carol", quantity: 5 },
    );
    const events = engine.submit(req({ id: "b1", side: "buy", quantity: 7 }));
    expect(tradesOf(events)).toEqual([
      { maker: "s1", taker: "b1", price: 100, quantity: 5 },
      { maker: "s2", taker: "b1", price: 100, quantity: 2 },
    ]);
    expect(filledIds(events)).toEqual(["s1", "b1"]);
    expect(engine.order("s2")).toMatchObject({ status: "partially_filled", remainingQuantity: 3 });
  });

  test("when levels are at several prices, then the better price fills first, at the maker's price", () => {
    const engine = engineWith(
      { id: "s102", side: "sell", owner: "bob", price: 102, quantity: 3 },
      { id: "s100", side: "sell", owner: "bob", price: 100, quantity: 3 },
      { id: "s101", side: "sell", owner: "bob", price: 101, quantity: 3 },
    );
    const events = engine.submit(req({ id: "b", side: "buy", price: 105, quantity: 9 }));
    expect(tradesOf(events).map((t) => [t.maker, t.price])).toEqual([
      ["s100", 100],
      ["s101", 101],
      ["s102", 102],
    ]);
    expect(engine.lastTradePrice()).toBe(102);
  });

  test("when a limit order crosses only partly, then its remainder rests at its limit", () => {
    const engine = engineWith({ id: "s1", side: "sell", owner: "bob", price: 100, quantity: 4 });
    const events = engine.submit(req({ id: "b1", side: "buy", price: 101, quantity: 10 }));
    expect(tradesOf(events)).toEqual([{ maker: "s1", taker: "b1", price: 100, quantity: 4 }]);
    expect(engine.order("b1")).toMatchObject({ status: "partially_filled", remainingQuantity: 6 });
    expect(engine.depth()).toEqual({ bids: [{ price: 101, quantity: 6, orders: 1 }], asks: [] });
  });

  test("when a trade happens, then it carries sequence, owners, aggressor and what remains", () => {
    const engine = engineWith({ id: "s1", side: "sell", owner: "bob", quantity: 4 });
    engine.submit(req({ id: "b1", side: "buy", quantity: 1 }));
    const [trade] = engine.submit(req({ id: "b2", side: "buy", quantity: 1, owner: "carol" })).slice(1);
    expect(trade).toEqual({
      type: "trade",
      seq: 2,
      price: 100,
      quantity: 1,
      makerOrderId: "s1",
      takerOrderId: "b2",
      makerOwner: "bob",
      takerOwner: "carol",
      aggressor: "buy",
      makerRemaining: 2,
      takerRemaining: 0,
    });
  });
});

describe("market orders", () => {
  test("when a market order meets enough liquidity, then it sweeps levels until filled", () => {
    const engine = engineWith(
      { id: "b100", side: "buy", owner: "bob", price: 100, quantity: 3 },
      { id: "b99", side: "buy", owner: "bob", price: 99, quantity: 3 },
    );
    const events = engine.submit(
      req({ id: "m", side: "sell", type: "market", timeInForce: "ioc", quantity: 5 }),
    );
    expect(tradesOf(events).map((t) => [t.maker, t.price, t.quantity])).toEqual([
      ["b100", 100, 3],
      ["b99", 99, 2],
    ]);
    expect(filledIds(events)).toEqual(["b100", "m"]);
  });

  test.each([
    ["an empty book", [], 0],
    ["too little liquidity", [{ id: "s1", side: "sell" as const, owner: "bob", quantity: 4 }], 4],
  ])("when a market order meets %s, then its remainder is cancelled and never rests", (_, book, filled) => {
    const engine = engineWith(...book);
    const events = engine.submit(req({ id: "m", side: "buy", type: "market", timeInForce: "ioc" }));
    expect(cancelsOf(events)).toEqual([{ id: "m", reason: "market_remainder", quantity: 10 - filled }]);
    expect(engine.bestBid()).toBeUndefined();
    expect(engine.order("m")).toMatchObject({ status: "cancelled", filledQuantity: filled });
  });

  test("when a market order has a protection price, then it stops at that price", () => {
    const engine = engineWith(
      { id: "s100", side: "sell", owner: "bob", price: 100, quantity: 3 },
      { id: "s101", side: "sell", owner: "bob", price: 101, quantity: 3 },
      { id: "s102", side: "sell", owner: "bob", price: 102, quantity: 3 },
    );
    const events = engine.submit(
      req({ id: "m", side: "buy", type: "market", timeInForce: "ioc", quantity: 9, price: 101 }),
    );
    expect(tradesOf(events).map((t) => t.price)).toEqual([100, 101]);
    expect(cancelsOf(events)).toEqual([{ id: "m", reason: "market_remainder", quantity: 3 }]);
    expect(engine.bestAsk()).toBe(102);
  });
});

describe("immediate-or-cancel and fill-or-kill", () => {
  test("when an IOC order crosses partly, then it fills what crosses and cancels the rest", () => {
    const engine = engineWith({ id: "s1", side: "sell", owner: "bob", quantity: 4 });
    const events = engine.submit(req({ id: "i", side: "buy", timeInForce: "ioc" }));
    expect(tradesOf(events)).toHaveLength(1);
    expect(cancelsOf(events)).toEqual([{ id: "i", reason: "ioc", quantity: 6 }]);
    expect(engine.restingOrderCount()).toBe(0);
  });

  test("when a FOK order cannot fill completely, then nothing trades and the book is unchanged", () => {
    const engine = engineWith(
      { id: "s1", side: "sell", owner: "bob", price: 100, quantity: 4 },
      { id: "s2", side: "sell", owner: "bob", price: 102, quantity: 4 },
    );
    const before = engine.depth();
    const events = engine.submit(req({ id: "f", side: "buy", price: 101, timeInForce: "fok", quantity: 5 }));
    expect(typesOf(events)).toEqual(["accepted", "cancelled"]);
    expect(cancelsOf(events)).toEqual([{ id: "f", reason: "fok", quantity: 5 }]);
    expect(engine.depth()).toEqual(before);
  });

  test("when a FOK order can fill across levels, then it fills completely", () => {
    const engine = engineWith(
      { id: "s1", side: "sell", owner: "bob", price: 100, quantity: 4 },
      { id: "s2", side: "sell", owner: "carol", price: 101, quantity: 4 },
    );
    const events = engine.submit(req({ id: "f", side: "buy", price: 101, timeInForce: "fok", quantity: 8 }));
    expect(filledIds(events)).toEqual(["s1", "s2", "f"]);
  });

  test("when a FOK market order would be blocked by its owner's own order, then it is killed whole", () => {
    const engine = engineWith(
      { id: "s1", side: "sell", owner: "bob", price: 100, quantity: 4 },
      { id: "own", side: "sell", owner: "alice", price: 100, quantity: 4 },
      { id: "s3", side: "sell", owner: "carol", price: 101, quantity: 9 },
    );
    const events = engine.submit(
      req({ id: "f", side: "buy", type: "market", timeInForce: "fok", quantity: 6 }),
    );
    expect(typesOf(events)).toEqual(["accepted", "cancelled"]);
    expect(cancelsOf(events)[0]?.reason).toBe("fok");
  });
});

describe("self-trade prevention", () => {
  test("when an incoming order reaches its owner's resting order, then its remainder is cancelled", () => {
    const engine = engineWith(
      { id: "s1", side: "sell", owner: "bob", price: 100, quantity: 3 },
      { id: "own", side: "sell", owner: "alice", price: 100, quantity: 5 },
      { id: "s3", side: "sell", owner: "carol", price: 100, quantity: 5 },
    );
    const events = engine.submit(req({ id: "b", side: "buy", price: 101, quantity: 10 }));
    expect(tradesOf(events)).toEqual([{ maker: "s1", taker: "b", price: 100, quantity: 3 }]);
    expect(cancelsOf(events)).toEqual([{ id: "b", reason: "self_trade", quantity: 7 }]);
    expect(engine.order("own")).toMatchObject({ status: "open", remainingQuantity: 5 });
    expect(engine.order("b")).toMatchObject({ status: "cancelled", filledQuantity: 3 });
    expect(engine.bestBid()).toBeUndefined();
  });

  test("when an owner's own order rests but does not cross, then the new order rests normally", () => {
    const engine = engineWith({ id: "own", side: "sell", owner: "alice", price: 101 });
    const events = engine.submit(req({ id: "b", side: "buy", price: 100 }));
    expect(typesOf(events)).toEqual(["accepted"]);
    expect(engine.restingOrderCount()).toBe(2);
  });
});
