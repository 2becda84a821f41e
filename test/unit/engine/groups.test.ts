import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  type EngineEvent,
  type GroupRequest,
  MatchingEngine,
  type OrderRequest,
} from "../../../src/venue/engine/index.ts";
import { cancelsOf, req, tradesOf, typesOf } from "./helpers.ts";

/** A market with a last trade at 100 and nothing resting. */
function market(): MatchingEngine {
  const engine = new MatchingEngine();
  engine.submit(req({ id: "seed-s", side: "sell", owner: "mm", price: 100, quantity: 1 }));
  engine.submit(req({ id: "seed-b", side: "buy", owner: "x", price: 100, quantity: 1 }));
  return engine;
}

const leg = (id: string, type: OrderRequest["type"], o: Partial<OrderRequest>): OrderRequest => ({
  id,
  owner: "g",
  side: "sell",
  type,
  timeInForce: "gtc",
  quantity: 10,
  ...o,
});

const oco = (): GroupRequest => ({
  orderClass: "oco",
  exits: [leg("tp", "limit", { price: 105 }), leg("sl", "stop", { triggerPrice: 95 })],
});

const bracket = (entry: Partial<OrderRequest> = {}): GroupRequest => ({
  orderClass: "bracket",
  entry: {
    id: "en",
    owner: "g",
    side: "buy",
    type: "limit",
    timeInForce: "gtc",
    quantity: 10,
    price: 100,
    ...entry,
  },
  exits: [leg("tp", "limit", { price: 110 }), leg("sl", "stop", { triggerPrice: 90 })],
});

describe("oco", () => {
  test("when the limit leg fills partly, then the stop leg shrinks; when the stop fires, then it sells the rest and the limit is cancelled", () => {
    const engine = market();
    expect(typesOf(engine.submitGroup(oco()))).toEqual(["accepted", "accepted"]);
    expect(engine.order("tp")).toMatchObject({ status: "open", remainingQuantity: 10 });
    expect(engine.order("sl")).toMatchObject({ status: "pending_trigger", remainingQuantity: 10 });
    engine.submit(req({ id: "b1", side: "buy", owner: "x", price: 105, quantity: 4 }));
    expect(engine.order("tp")).toMatchObject({ filledQuantity: 4, remainingQuantity: 6 });
    expect(engine.order("sl")).toMatchObject({ remainingQuantity: 6 });
    engine.submit(req({ id: "bid", side: "buy", owner: "mm", price: 94, quantity: 50 }));
    const fall = engine.submit(req({ id: "s1", side: "sell", owner: "x", price: 94, quantity: 1 }));
    // A trade at 94 fires the stop, which sells its 6 at market into the same bid.
    expect(tradesOf(fall)).toEqual([
      { maker: "bid", taker: "s1", price: 94, quantity: 1 },
      { maker: "bid", taker: "sl", price: 94, quantity: 6 },
    ]);
    // The pair closed its 10: each leg ends with what it filled, the rest cancelled as "oco" (a
    // leg's quantity stays the class's; what the other leg filled is cancelled from it).
    expect(engine.order("sl")).toMatchObject({ status: "cancelled", filledQuantity: 6, cancelReason: "oco" });
    expect(cancelsOf(fall)).toEqual([
      { id: "tp", reason: "oco", quantity: 6 },
      { id: "sl", reason: "oco", quantity: 4 },
    ]);
    expect(engine.order("tp")).toMatchObject({ status: "cancelled", filledQuantity: 4 });
  });

  test("when one leg is cancelled, then its partner is cancelled too", () => {
    const engine = market();
    engine.submitGroup(oco());
    expect(cancelsOf(engine.cancel("sl"))).toEqual([
      { id: "sl", reason: "user", quantity: 10 },
      { id: "tp", reason: "oco", quantity: 10 },
    ]);
    expect(engine.restingOrderCount() + engine.pendingStopCount()).toBe(0);
  });

  test("when a leg is amended, then the engine refuses", () => {
    const engine = market();
    engine.submitGroup(oco());
    expect(engine.replace("tp", { price: 106 })).toEqual([
      { type: "replace_rejected", orderId: "tp", reason: "in_order_class" },
    ]);
  });

  test.each([
    ["two limits", { exits: [leg("a", "limit", { price: 105 }), leg("b", "limit", { price: 106 })] }],
    [
      "legs of different quantities",
      { exits: [leg("a", "limit", { price: 105 }), leg("b", "stop", { triggerPrice: 95, quantity: 5 })] },
    ],
    [
      "legs on both sides",
      { exits: [leg("a", "limit", { price: 105 }), leg("b", "stop", { triggerPrice: 105, side: "buy" })] },
    ],
  ])("when an oco has %s, then every order of it is rejected", (_, o) => {
    const events = market().submitGroup({ orderClass: "oco", ...o });
    expect(events.every((e) => e.type === "rejected")).toBe(true);
    expect(events).toHaveLength(2);
  });
});

describe("bracket", () => {
  test("when the entry fills in two parts, then the exits are live for what it filled; when the take-profit fills, then the stop-loss is cancelled", () => {
    const engine = market();
    engine.submitGroup(bracket());
    expect(engine.order("en")).toMatchObject({ status: "open" });
    expect(engine.order("tp")).toMatchObject({ status: "held", remainingQuantity: 0 });
    engine.submit(req({ id: "a1", side: "sell", owner: "mm", price: 100, quantity: 4 }));
    expect(engine.order("tp")).toMatchObject({ status: "open", remainingQuantity: 4 });
    expect(engine.order("sl")).toMatchObject({ status: "pending_trigger", remainingQuantity: 4 });
    engine.submit(req({ id: "a2", side: "sell", owner: "mm", price: 100, quantity: 6 }));
    expect(engine.order("en")).toMatchObject({ status: "filled" });
    expect(engine.order("tp")).toMatchObject({ remainingQuantity: 10 });
    const up = engine.submit(req({ id: "b", side: "buy", owner: "x", price: 110, quantity: 10 }));
    expect(engine.order("tp")).toMatchObject({ status: "filled", filledQuantity: 10 });
    expect(cancelsOf(up)).toEqual([{ id: "sl", reason: "oco", quantity: 10 }]);
  });

  test("when the take-profit closes all the entry filled so far, then the exits wait for the entry to fill more", () => {
    const engine = market();
    engine.submitGroup(bracket());
    engine.submit(req({ id: "a1", side: "sell", owner: "mm", price: 100, quantity: 3 }));
    engine.submit(req({ id: "b", side: "buy", owner: "x", price: 110, quantity: 5, timeInForce: "ioc" }));
    expect(engine.order("tp")).toMatchObject({ status: "held", filledQuantity: 3, remainingQuantity: 0 });
    expect(engine.order("sl")).toMatchObject({ status: "held", remainingQuantity: 0 });
    engine.submit(req({ id: "a2", side: "sell", owner: "mm", price: 100, quantity: 2 }));
    expect(engine.order("tp")).toMatchObject({
      status: "partially_filled",
      filledQuantity: 3,
      remainingQuantity: 2,
    });
    expect(engine.order("sl")).toMatchObject({ status: "pending_trigger", remainingQuantity: 2 });
  });

  test("when the entry is cancelled before it fills, then both exits are cancelled as parent_cancelled", () => {
    const engine = market();
    engine.submitGroup(bracket());
    expect(cancelsOf(engine.cancel("en"))).toEqual([
      { id: "en", reason: "user", quantity: 10 },
      { id: "tp", reason: "parent_cancelled", quantity: 10 },
      { id: "sl", reason: "parent_cancelled", quantity: 10 },
    ]);
  });

  test("when a market entry fills part and expires, then the exits protect what it filled", () => {
    const engine = market();
    engine.submit(req({ id: "a1", side: "sell", owner: "mm", price: 101, quantity: 4 }));
    const events = engine.submitGroup(bracket({ type: "market", timeInForce: "ioc", price: undefined }));
    expect(cancelsOf(events)).toEqual([{ id: "en", reason: "market_remainder", quantity: 6 }]);
    expect(engine.order("tp")).toMatchObject({ status: "open", remainingQuantity: 4 });
    expect(engine.order("sl")).toMatchObject({ status: "pending_trigger", remainingQuantity: 4 });
  });
});

describe("oto", () => {
  test("when the entry fills, then its one exit works for the filled quantity", () => {
    const engine = market();
    engine.submit(req({ id: "a1", side: "sell", owner: "mm", price: 100, quantity: 10 }));
    engine.submitGroup({
      orderClass: "oto",
      entry: bracket().entry,
      exits: [leg("tp", "limit", { price: 110 })],
    });
    expect(engine.order("en")).toMatchObject({ status: "filled" });
    expect(engine.order("tp")).toMatchObject({ status: "open", remainingQuantity: 10 });
  });
});

// Random markets around a class: its exits must never close more than there is to close.
const price = fc.integer({ min: 90, max: 110 });
type Op =
  | { kind: "order"; side: "buy" | "sell"; price: number; quantity: number; market: boolean }
  | { kind: "cancel"; target: "en" | "tp" | "sl" }
  | { kind: "expire" };
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant("order" as const),
      side: fc.constantFrom("buy" as const, "sell" as const),
      price,
      quantity: fc.integer({ min: 1, max: 8 }),
      market: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("cancel" as const),
      target: fc.constantFrom("en" as const, "tp" as const, "sl" as const),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "expire" as const }) },
);

const classRequest = fc
  .record({
    orderClass: fc.constantFrom("oco" as const, "bracket" as const, "oto" as const),
    side: fc.constantFrom("buy" as const, "sell" as const),
    entryPrice: price,
    marketEntry: fc.boolean(),
    limit: price,
    stop: price,
    stopLimit: fc.option(price, { nil: undefined }),
    quantity: fc.integer({ min: 1, max: 12 }),
    tif: fc.constantFrom("gtc" as const, "day" as const),
  })
  .map((c): GroupRequest => {
    const exitSide = c.side === "buy" ? "sell" : "buy";
    const common = { owner: "g", side: exitSide, timeInForce: c.tif, quantity: c.quantity } as const;
    const tp: OrderRequest = { ...common, id: "tp", type: "limit", price: c.limit };
    const sl: OrderRequest =
      c.stopLimit === undefined
        ? { ...common, id: "sl", type: "stop", triggerPrice: c.stop }
        : { ...common, id: "sl", type: "stop_limit", triggerPrice: c.stop, price: c.stopLimit };
    const entry: OrderRequest = c.marketEntry
      ? { id: "en", owner: "g", side: c.side, type: "market", timeInForce: "ioc", quantity: c.quantity }
      : {
          id: "en",
          owner: "g",
          side: c.side,
          type: "limit",
          timeInForce: "gtc",
          quantity: c.quantity,
          price: c.entryPrice,
        };
    if (c.orderClass === "oco") return { orderClass: "oco", exits: [tp, sl] };
    if (c.orderClass === "oto")
      return { orderClass: "oto", entry, exits: [c.stopLimit === undefined ? tp : sl] };
    return { orderClass: "bracket", entry, exits: [tp, sl] };
  });

function checkClass(engine: MatchingEngine, request: GroupRequest, seen: Map<string, number>): void {
  const entry = request.entry === undefined ? undefined : engine.order(request.entry.id);
  const exits = request.exits.map((e) => engine.order(e.id));
  const quantity = request.exits[0]?.quantity ?? 0;
  const armed = entry === undefined ? quantity : entry.filledQuantity;
  const closed = exits.reduce((sum, e) => sum + (e?.filledQuantity ?? 0), 0);
  if (closed > armed) throw new Error(`exits closed ${closed} of ${armed}`);
  for (const e of exits) {
    if (e === undefined) throw new Error("an exit was forgotten");
    if (e.filledQuantity > e.quantity) throw new Error(`${e.id} filled past its quantity`);
    if (e.remainingQuantity > armed - closed)
      throw new Error(`${e.id} has ${e.remainingQuantity} open of ${armed - closed}`);
    if (seen.get(e.id) !== undefined && (seen.get(e.id) ?? 0) > e.filledQuantity)
      throw new Error(`${e.id} fills went back`);
    seen.set(e.id, e.filledQuantity);
  }
  const entryDone = entry === undefined || ["filled", "cancelled", "rejected"].includes(entry.status);
  if (
    entryDone &&
    closed === armed &&
    exits.some((e) => e !== undefined && !["filled", "cancelled"].includes(e.status))
  ) {
    throw new Error("the class closed everything but an exit still works");
  }
  const bid = engine.bestBid();
  const ask = engine.bestAsk();
  if (bid !== undefined && ask !== undefined && bid >= ask) throw new Error(`crossed book ${bid}/${ask}`);
}

const terminalEvents = (events: EngineEvent[]) =>
  events
    .filter((e) => e.type === "filled" || e.type === "cancelled")
    .map((e) => ("orderId" in e ? e.orderId : ""));

describe("order class properties", () => {
  test("when any market runs around an oco, bracket or oto, then its exits never close more than the entry filled (the oco's quantity), and each order ends once", () => {
    fc.assert(
      fc.property(classRequest, fc.array(op, { maxLength: 60 }), (request, ops) => {
        const engine = new MatchingEngine();
        engine.submit(req({ id: "s0", side: "sell", owner: "mm", price: 100, quantity: 1 }));
        engine.submit(req({ id: "b0", side: "buy", owner: "x", price: 100, quantity: 1 }));
        for (let p = 95; p <= 105; p += 5) {
          engine.submit(req({ id: `ask${p}`, side: "sell", owner: "mm", price: p + 1, quantity: 5 }));
          engine.submit(req({ id: `bid${p}`, side: "buy", owner: "mm", price: p - 1, quantity: 5 }));
        }
        const ended = new Set<string>();
        const record = (events: EngineEvent[]) => {
          for (const id of terminalEvents(events)) {
            if (ended.has(id)) throw new Error(`${id} ended twice`);
            ended.add(id);
          }
        };
        const seen = new Map<string, number>();
        record(engine.submitGroup(request));
        checkClass(engine, request, seen);
        ops.forEach((o, i) => {
          if (o.kind === "order") {
            const owner = i % 3 === 0 ? "g" : `o${i % 2}`;
            record(
              engine.submit(
                o.market
                  ? {
                      id: `m${i}`,
                      owner,
                      side: o.side,
                      type: "market",
                      timeInForce: "ioc",
                      quantity: o.quantity,
                    }
                  : {
                      id: `m${i}`,
                      owner,
                      side: o.side,
                      type: "limit",
                      timeInForce: "gtc",
                      quantity: o.quantity,
                      price: o.price,
                    },
              ),
            );
          } else if (o.kind === "cancel") record(engine.cancel(o.target));
          else record(engine.expireDayOrders());
          checkClass(engine, request, seen);
        });
      }),
      { numRuns: 400 },
    );
  });
});
