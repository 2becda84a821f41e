// The preview's estimate, without a database or a venue: the book is given.
import { expect, test } from "vitest";
import { createOrderSchema } from "../../src/modules/orders/orders.schema.ts";
import { estimate, parseBook } from "../../src/modules/trading/preview.ts";
import { btcUsd } from "../support/instruments.ts";

const BTC_USD = btcUsd({ lot: "0.0001", min: "0.0001" });

const book = parseBook({
  bids: [
    ["49990", "1"],
    ["49980", "2"],
  ],
  asks: [
    ["50010", "0.5"],
    ["50020", "2"],
  ],
});
const order = (body: object) => createOrderSchema.parse({ symbol: "BTC-USD", side: "buy", ...body });
const text = (e: ReturnType<typeof estimate>) => ({
  price: e.price?.toFixed() ?? null,
  fee: e.fee.toFixed(),
});

test("when a market buy is larger than the best level, then its price is the average of the levels it walks", () => {
  // 0.5 at 50010 and 0.5 at 50020: 50015; fee 0.002 × 50015
  expect(text(estimate(order({ order_type: "market", quantity: "1" }), BTC_USD, book))).toEqual({
    price: "50015",
    fee: "100.03",
  });
});

test("when a notional sell is walked, then each level's lots are rounded down to what the notional has left", () => {
  // 49990 × 0.02 = 999.8; 0.2 left buys no lot at 49980; fee 0.002 × 999.8 = 1.9996, up to the cent
  expect(
    text(estimate(order({ order_type: "market", side: "sell", notional: "1000" }), BTC_USD, book)),
  ).toEqual({
    price: "49990",
    fee: "2",
  });
});

test("when a limit buy reaches the best ask it pays the taker fee, and when it rests the maker fee; post-only never takes", () => {
  const limit = (price: string, postOnly = false) =>
    text(
      estimate(order({ order_type: "limit", quantity: "0.1", price, post_only: postOnly }), BTC_USD, book),
    );
  // Fees rounded up to the cent: 0.1 × 50010 × 0.002 = 10.002; × 0.001 = 5.001.
  expect(limit("50010")).toEqual({ price: "50010", fee: "10.01" });
  expect(limit("50000")).toEqual({ price: "50000", fee: "5" });
  expect(limit("50010", true)).toEqual({ price: "50010", fee: "5.01" });
});

test("when the book could not be read, then a market order is estimated at the reference price; an empty side has no price", () => {
  expect(text(estimate(order({ order_type: "market", quantity: "0.1" }), BTC_USD, undefined))).toEqual({
    price: "50000",
    fee: "10",
  });
  const empty = parseBook({ bids: [], asks: [] });
  expect(estimate(order({ order_type: "market", quantity: "0.1" }), BTC_USD, empty).price).toBeNull();
  expect(parseBook({ nope: true })).toBeUndefined();
});
