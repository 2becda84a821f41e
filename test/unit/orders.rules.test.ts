import { describe, expect, test } from "vitest";
import {
  buyHoldNeeded,
  highestBuyPrice,
  holdFor,
  instrumentViolations,
  NOTHING_FILLED,
  requestHash,
} from "../../src/modules/orders/orders.rules.ts";
import { createOrderSchema } from "../../src/modules/orders/orders.schema.ts";
import { Decimal } from "../../src/modules/shared/decimal.ts";
import { btcUsd } from "../support/instruments.ts";

const btc = btcUsd({ lot: "0.00001", min: "0.0001" });

const order = (body: Record<string, unknown>) =>
  createOrderSchema.parse({ symbol: "BTC-USD", side: "buy", ...body });

describe("instrument precision", () => {
  test.each([
    [{ order_type: "limit", quantity: "0.1", price: "50000.01" }, []],
    [{ order_type: "limit", quantity: "0.000105", price: "50000" }, ["quantity"]],
    [{ order_type: "limit", quantity: "0.00005", price: "50000" }, ["quantity"]],
    [{ order_type: "limit", quantity: "0.1", price: "50000.001" }, ["price"]],
    [
      { order_type: "stop_limit", quantity: "0.1", price: "50000", trigger_price: "49000.005" },
      ["trigger_price"],
    ],
    [{ order_type: "market", quantity: "0.0001" }, []],
  ])("when the order is %j, then the violations are at %j", (body, paths) => {
    expect(instrumentViolations(order(body), btc).map((v) => v.path)).toEqual(paths);
  });
});

describe("hold (a buy includes the taker fee of 0.2%, each rounded up to the cent)", () => {
  test.each([
    ["limit buy: quantity × price", { order_type: "limit", quantity: "0.1", price: "50000" }, "USD", "5010"],
    [
      "stop_limit buy: quantity × price, the fee rounded up (2 × 100.5 = 201; 201 × 0.002 = 0.402 → 0.41)",
      { order_type: "stop_limit", quantity: "2", price: "100.5", trigger_price: "100" },
      "USD",
      "201.41",
    ],
    ["market buy: × reference × (1 + default 1%)", { order_type: "market", quantity: "1" }, "USD", "50601"],
    [
      "market buy with 5% slippage",
      { order_type: "market", quantity: "1", slippage_tolerance: "0.05" },
      "USD",
      "52605",
    ],
    [
      "stop buy above the reference: × trigger",
      { order_type: "stop", quantity: "1", trigger_price: "60000" },
      "USD",
      "60721.2",
    ],
    [
      "stop buy below the reference: × reference",
      { order_type: "stop", quantity: "1", trigger_price: "40000" },
      "USD",
      "50601",
    ],
    [
      "limit buy of a fraction of a cent: both parts rounded up (0.00001 × 50000.01 = 0.5000001 → 0.51; fee 0.0010000002 → 0.01)",
      { order_type: "limit", quantity: "0.00001", price: "50000.01" },
      "USD",
      "0.52",
    ],
    [
      "sell: the base quantity",
      { order_type: "limit", side: "sell", quantity: "0.25", price: "1" },
      "BTC",
      "0.25",
    ],
  ])("when %s, then it holds %s %s", (_name, body, asset, amount) => {
    const hold = holdFor(order(body), btc);
    expect(hold.asset).toBe(asset);
    expect(hold.amount.toFixed()).toBe(amount);
  });
});

describe("request hash", () => {
  test("when numbers are written differently, then the fingerprint is the same", () => {
    expect(requestHash(order({ order_type: "limit", quantity: "0.10", price: 50000 }))).toBe(
      requestHash(order({ order_type: "limit", quantity: 0.1, price: "50000.00" })),
    );
  });
  test("when any field differs, then the fingerprint differs", () => {
    const base = requestHash(order({ order_type: "limit", quantity: "0.1", price: "50000" }));
    expect(requestHash(order({ order_type: "limit", quantity: "0.2", price: "50000" }))).not.toBe(base);
    expect(
      requestHash(order({ order_type: "limit", quantity: "0.1", price: "50000", side: "sell" })),
    ).not.toBe(base);
    expect(
      requestHash(order({ order_type: "limit", quantity: "0.1", price: "50000", time_in_force: "day" })),
    ).not.toBe(base);
  });
});

describe("trailing stops", () => {
  test.each([
    // (50000 + 250) × 1.01 × 1.002
    ["a buy with trail_price: × (reference + trail)", { trail_price: "250" }, "USD", "50854.01"],
    // (50000 + 2% of it) × 1.01 × 1.002
    ["a buy with trail_percent: × reference × (1 + p)", { trail_percent: "2" }, "USD", "51613.02"],
  ])("when %s, then the hold is as a stop buy's at that trigger", (_, trail, asset, amount) => {
    const input = order({ order_type: "trailing_stop", quantity: "1", ...trail });
    const hold = holdFor(input, btc);
    expect({ asset: hold.asset, amount: hold.amount.toFixed() }).toEqual({ asset, amount });
  });

  test("when a trailing stop sells, then it holds its quantity of the base asset", () => {
    const hold = holdFor(
      order({ order_type: "trailing_stop", side: "sell", quantity: "0.5", trail_percent: "1" }),
      btc,
    );
    expect({ asset: hold.asset, amount: hold.amount.toFixed() }).toEqual({ asset: "BTC", amount: "0.5" });
  });

  test("when trail_price is off the tick, then the violation names it", () => {
    const input = order({ order_type: "trailing_stop", quantity: "1", trail_price: "0.005" });
    expect(instrumentViolations(input, btc).map((v) => v.path)).toEqual(["trail_price"]);
  });

  test("when two trailing stops differ only in their trail, then their fingerprints differ; other orders' stay as they were", () => {
    const a = requestHash(order({ order_type: "trailing_stop", quantity: "1", trail_price: "250" }));
    const b = requestHash(order({ order_type: "trailing_stop", quantity: "1", trail_percent: "0.5" }));
    expect(a).not.toBe(b);
    expect(requestHash(order({ order_type: "trailing_stop", quantity: "1", trail_price: "250.0" }))).toBe(a);
  });
});

describe("a buy's worst acceptable price within its hold", () => {
  test("when the hold is sized for a market buy, then the price is at least the one it was sized on and costs no more than the hold", () => {
    for (const quantity of ["0.0001", "0.00037", "0.01", "1.23457"]) {
      const hold = holdFor(order({ order_type: "market", quantity }), btc).amount;
      const price = highestBuyPrice(hold, new Decimal(quantity), btc);
      // Sized on 50000 × 1.01 = 50500; a tick more would cost more than the hold.
      expect(price.gte("50500")).toBe(true);
      expect(buyHoldNeeded(new Decimal(quantity), price, NOTHING_FILLED, btc).lte(hold)).toBe(true);
      expect(buyHoldNeeded(new Decimal(quantity), price.plus("0.01"), NOTHING_FILLED, btc).gt(hold)).toBe(
        true,
      );
    }
  });

  test("when 0.0001 is held for with 5.07 USD, then the price is the highest tick whose notional and fee round up to no more", () => {
    // 0.0001 × 50500.00 = 5.05 and fee 0.0101 → 0.02: 5.07 fits; at 50500.01 the notional is 5.050001 → 5.06: 5.08
    const price = highestBuyPrice(new Decimal("5.07"), new Decimal("0.0001"), btc);
    expect(price.toFixed()).toBe("50500");
  });
});
