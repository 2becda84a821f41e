import fc from "fast-check";
import { describe, test } from "vitest";
import {
  MatchingEngine,
  type OrderRequest,
  type ReplaceRequest,
  type TimeInForce,
} from "../../../src/venue/engine/index.ts";
import { InvariantChecker } from "./invariants.ts";

// A narrow price range and few owners, so books cross, stops fire and self-trades come up often.
const price = fc.integer({ min: 95, max: 105 });
const quantity = fc.integer({ min: 1, max: 10 });
const owner = fc.constantFrom("ann", "ben", "cat", "dan", "eve");
const side = fc.constantFrom("buy" as const, "sell" as const);
const anyTif = fc.constantFrom<TimeInForce>("gtc", "ioc", "fok", "day");

const restingTif = fc.constantFrom<TimeInForce>("gtc", "gtc", "gtc", "day", "ioc", "fok");

const submit = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      { type: fc.constant("limit" as const), timeInForce: restingTif, price, postOnly: fc.boolean() },
      { requiredKeys: ["type", "timeInForce", "price"] },
    ),
  },
  fc.record(
    {
      type: fc.constant("market" as const),
      // gtc now and then: the engine must reject it without leaving a trace.
      timeInForce: fc.constantFrom<TimeInForce>("ioc", "ioc", "fok", "gtc"),
      price,
      // A notional order now and then: a budget in tick × lot units.
      quoteBudget: fc.integer({ min: 1, max: 2_000 }),
    },
    { requiredKeys: ["type", "timeInForce"] },
  ),
  fc.record(
    { type: fc.constant("stop" as const), timeInForce: anyTif, triggerPrice: price, price },
    { requiredKeys: ["type", "timeInForce", "triggerPrice"] },
  ),
  fc.record({ type: fc.constant("stop_limit" as const), timeInForce: anyTif, triggerPrice: price, price }),
  fc.oneof(
    fc.record({
      type: fc.constant("trailing_stop" as const),
      timeInForce: anyTif,
      trailPrice: fc.integer({ min: 1, max: 4 }),
    }),
    fc.record({
      type: fc.constant("trailing_stop" as const),
      timeInForce: anyTif,
      trailPercent: fc.integer({ min: 1, max: 50_000 }),
    }),
  ),
);

type Op =
  | { kind: "submit"; order: Omit<OrderRequest, "id">; reuse: number | null }
  | { kind: "cancel"; target: number }
  | { kind: "replace"; target: number; change: ReplaceRequest }
  | { kind: "expire" };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("submit" as const),
      order: fc
        .tuple(submit, side, owner, quantity)
        .map(([terms, s, o, q]) => ({ ...terms, side: s, owner: o, quantity: q })),
      // Now and then an id already used, to check duplicate rejection.
      reuse: fc.oneof({ weight: 11, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat() }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("cancel" as const), target: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("replace" as const),
      target: fc.nat(),
      change: fc.oneof(
        fc.record({ quantity: fc.integer({ min: 1, max: 14 }) }),
        fc.record({ price }),
        fc.record({ quantity: fc.integer({ min: 1, max: 14 }), price }),
        fc.record({ triggerPrice: price }),
      ),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "expire" as const }) },
);

function run(ops: Op[]): void {
  const engine = new MatchingEngine({ retainFinishedOrders: 1_000_000 });
  const checker = new InvariantChecker(engine);
  let next = 0;
  for (const o of ops) {
    // Even targets name a live order, odd ones any order ever seen (mostly finished by then).
    const pick = (n: number) => {
      const ids = n % 2 === 0 ? checker.liveIds() : checker.ids();
      return ids[n % Math.max(ids.length, 1)] ?? "none";
    };
    if (o.kind === "submit") {
      const request = { ...o.order, id: o.reuse === null ? `o${next++}` : pick(o.reuse) };
      checker.submitted(request);
      checker.observe(engine.submit(request));
    } else if (o.kind === "cancel") {
      checker.observe(engine.cancel(pick(o.target)));
    } else if (o.kind === "replace") {
      checker.observe(engine.replace(pick(o.target), o.change));
    } else {
      checker.observe(engine.expireDayOrders());
    }
  }
}

describe("engine invariants over random operation sequences", () => {
  test("when any sequence of submits, cancels, replaces and expiries runs, then every invariant holds", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200, size: "max" }), (ops) => run(ops)),
      { numRuns: 200 },
    );
  });

  test("when the book is deep and one-sided before a sweep, then the invariants still hold", () => {
    const build = fc.array(
      fc.record({
        kind: fc.constant("submit" as const),
        order: fc.tuple(owner, quantity, price).map(([o, q, p]) => ({
          type: "limit" as const,
          timeInForce: "gtc" as const,
          side: "sell" as const,
          owner: o,
          quantity: q,
          price: p,
        })),
        reuse: fc.constant(null),
      }),
      { minLength: 20, maxLength: 60 },
    );
    fc.assert(
      fc.property(build, fc.array(op, { maxLength: 60, size: "max" }), (prefix, rest) =>
        run([...prefix, ...rest]),
      ),
      { numRuns: 100 },
    );
  });
});
