import { describe, expect, test } from "vitest";
import { cancelsOf, engineWith, req, tradesOf, typesOf } from "./helpers.ts";

describe("cancel", () => {
  test("when a resting order is cancelled, then it leaves the book with reason user", () => {
    const engine = engineWith({ id: "b1", side: "buy", quantity: 4 }, { id: "b2", side: "buy", quantity: 6 });
    expect(cancelsOf(engine.cancel("b1"))).toEqual([{ id: "b1", reason: "user", quantity: 4 }]);
    expect(engine.depth().bids).toEqual([{ price: 100, quantity: 6, orders: 1 }]);
    expect(engine.order("b1")).toMatchObject({
      status: "cancelled",
      cancelReason: "user",
      remainingQuantity: 0,
    });
  });

  test("when a waiting stop order is cancelled, then it leaves the stop book", () => {
    const engine = engineWith({ id: "st", side: "sell", type: "stop", triggerPrice: 90 });
    expect(typesOf(engine.cancel("st"))).toEqual(["cancelled"]);
    expect(engine.pendingStopCount()).toBe(0);
  });

  test.each([
    ["an unknown id", "nope", "unknown_order"],
    ["a filled order", "s1", "not_live"],
  ])("when the cancel names %s, then it is refused and nothing changes", (_, id, reason) => {
    const engine = engineWith(
      { id: "s1", side: "sell", quantity: 1 },
      { id: "b1", side: "buy", owner: "bob" },
    );
    const depth = engine.depth();
    expect(engine.cancel(id)).toEqual([{ type: "cancel_rejected", orderId: id, reason }]);
    expect(engine.depth()).toEqual(depth);
  });

  test("when the same order is cancelled twice, then the second cancel is refused", () => {
    const engine = engineWith({ id: "b1", side: "buy" });
    engine.cancel("b1");
    expect(engine.cancel("b1")).toEqual([{ type: "cancel_rejected", orderId: "b1", reason: "not_live" }]);
  });
});

describe("replace", () => {
  const queue = () =>
    engineWith(
      { id: "s1", side: "sell", owner: "bob", quantity: 5 },
      { id: "s2", side: "sell", owner: "carol", quantity: 5 },
    );

  test.each([
    ["a quantity decrease", [{ quantity: 3 }], "s1"],
    ["no change at all", [{}], "s1"],
    ["a quantity increase", [{ quantity: 8 }], "s2"],
    ["a price change away and back", [{ price: 101 }, { price: 100 }], "s2"],
  ])("when an order is replaced with %s, then the first to fill is %s", (_, changes, first) => {
    const engine = queue();
    for (const change of changes) engine.replace("s1", change);
    const [trade] = tradesOf(engine.submit(req({ id: "b", side: "buy", quantity: 1 })));
    expect(trade?.maker).toBe(first);
  });

  test("when a quantity decrease keeps priority, then the event and the level say so", () => {
    const engine = queue();
    expect(engine.replace("s1", { quantity: 2 })).toEqual([
      {
        type: "replaced",
        orderId: "s1",
        quantity: 2,
        price: 100,
        triggerPrice: null,
        remaining: 2,
        priorityKept: true,
      },
    ]);
    expect(engine.depth().asks).toEqual([{ price: 100, quantity: 7, orders: 2 }]);
  });

  test("when a replace moves the price through the book, then the order trades at once", () => {
    const engine = engineWith(
      { id: "s1", side: "sell", owner: "bob", price: 101, quantity: 5 },
      { id: "b1", side: "buy", price: 99, quantity: 8 },
    );
    const events = engine.replace("b1", { price: 101 });
    expect(typesOf(events)).toEqual(["replaced", "trade", "filled"]);
    expect(tradesOf(events)).toEqual([{ maker: "s1", taker: "b1", price: 101, quantity: 5 }]);
    expect(engine.order("b1")).toMatchObject({
      price: 101,
      remainingQuantity: 3,
      status: "partially_filled",
    });
  });

  test("when a partly filled order is replaced, then the new quantity counts the fills", () => {
    const engine = engineWith({ id: "s1", side: "sell", quantity: 10 });
    engine.submit(req({ id: "b", side: "buy", owner: "bob", quantity: 4 }));
    const [event] = engine.replace("s1", { quantity: 6 });
    expect(event).toMatchObject({ quantity: 6, remaining: 2, priorityKept: true });
    expect(engine.replace("s1", { quantity: 4 })).toEqual([
      { type: "replace_rejected", orderId: "s1", reason: "quantity_not_above_filled" },
    ]);
  });

  test.each([
    ["unknown", "zz", { quantity: 1 }, "unknown_order"],
    ["a zero quantity", "s1", { quantity: 0 }, "invalid_quantity"],
    ["a fractional price", "s1", { price: 100.5 }, "invalid_price"],
    ["a trigger on a limit order", "s1", { triggerPrice: 90 }, "invalid_trigger_price"],
  ])("when a replace is %s, then it is refused and the order is unchanged", (_, id, change, reason) => {
    const engine = queue();
    const before = engine.order("s1");
    expect(engine.replace(id, change)).toEqual([{ type: "replace_rejected", orderId: id, reason }]);
    expect(engine.order("s1")).toEqual(before);
  });

  test("when a waiting stop's trigger is moved to where the price already is, then it fires", () => {
    const engine = engineWith(
      { id: "s", side: "sell", owner: "bob", quantity: 2 },
      { id: "b", side: "buy", quantity: 1 },
      { id: "st", side: "buy", type: "stop", triggerPrice: 105, quantity: 1, owner: "carol" },
    );
    const events = engine.replace("st", { triggerPrice: 100 });
    expect(typesOf(events)).toEqual(["replaced", "triggered", "trade", "filled", "filled"]);
    expect(cancelsOf(events)).toEqual([]);
  });
});
