// POST /api/v1/orders/preview: placement's checks, the hold and estimates from the venue's book,
// and no side effect at all.
import { afterAll, beforeAll, expect, test } from "vitest";
import { listEventsAfter } from "../../src/modules/events/events.service.ts";
import { ceilTo, Decimal } from "../../src/modules/shared/decimal.ts";
import {
  clientOrderId,
  createAccount,
  limitBuy,
  marketBuy,
  storedBalance,
  type TestAccount,
  type TestApp,
} from "../support/app.ts";
import { startVenueApp, type TestVenue } from "../support/venue.ts";

let t: TestApp;
let v: TestVenue;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ t, v, close } = await startVenueApp());
});
afterAll(() => close());

const preview = (a: TestAccount, payload: object) =>
  t.app.inject({ method: "POST", url: "/api/v1/orders/preview", headers: a.headers, payload });

/** What an account has written anywhere: its orders, its events and jobs naming its orders. */
async function footprint(a: TestAccount) {
  const orders = await t.database.db
    .selectFrom("orders")
    .select("id")
    .where("account_id", "=", a.id)
    .execute();
  const events = await listEventsAfter(t.database.db, a.id, 0n, 1_000);
  return { orders: orders.length, events: events.length, usd: await storedBalance(t, a.id, "USD") };
}

test("when a market buy is previewed, then it answers the hold, the price walked from the venue's book and the taker fee, and writes nothing", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const before = await footprint(a);
  const r = await preview(a, marketBuy({ quantity: "0.01" }));
  expect(r.statusCode).toBe(200);
  const body = r.json();
  // 0.01 × reference 50000 × (1 + slippage 0.01) × (1 + taker fee 0.002)
  expect(body).toMatchObject({ accepted: true, error: null, hold: { asset: "USD", amount: "506.01" } });
  const book = (await v.client.marketData("BTC-USD/book?depth=5")) as { asks: [string, string][] };
  const bestAsk = new Decimal(book.asks[0]?.[0] ?? "0");
  const price = new Decimal(body.estimated_price);
  expect(price.gte(bestAsk)).toBe(true);
  expect(price.lt(bestAsk.times(1.01))).toBe(true);
  expect(body.estimated_fee.asset).toBe("USD");
  // The taker fee, rounded up to the cent as settlement charges it.
  expect(body.estimated_fee.amount).toBe(ceilTo(price.times("0.01").times("0.002"), 2).toFixed());
  expect(await footprint(a)).toEqual(before);
});

test("when a limit buy rests below the market, then the estimate is its price and the maker fee", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const r = await preview(a, limitBuy({ quantity: "0.1", price: "1000" }));
  expect(r.json()).toEqual({
    accepted: true,
    hold: { asset: "USD", amount: "100.2" },
    estimated_price: "1000",
    estimated_fee: { asset: "USD", amount: "0.1" },
    error: null,
  });
});

test("when funds are short, then accepted is false with placement's INSUFFICIENT_FUNDS error, and the hold it would need", async () => {
  const a = await createAccount(t, { USD: "100" });
  const r = await preview(a, limitBuy({ quantity: "0.1", price: "50000" }));
  const body = r.json();
  expect(r.statusCode).toBe(200);
  expect(body.accepted).toBe(false);
  expect(body.hold).toEqual({ asset: "USD", amount: "5010" });
  expect(body.error).toMatchObject({
    code: "INSUFFICIENT_FUNDS",
    details: [
      { path: "needed", message: "5010 USD" },
      { path: "available", message: "100 USD" },
    ],
  });
  const placed = await t.app.inject({
    method: "POST",
    url: "/api/v1/orders",
    headers: a.headers,
    payload: limitBuy({ quantity: "0.1", price: "50000" }),
  });
  expect(placed.json()).toEqual({ error: body.error });
});

test("when the body is invalid, the symbol unknown or the client_order_id used for another order, then the error is the one placing would get", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const cases: [object, string][] = [
    [marketBuy({ price: "1" }), "VALIDATION_ERROR"],
    [marketBuy({ symbol: "NOPE-USD" }), "UNKNOWN_SYMBOL"],
    [limitBuy({ quantity: "0.000001" }), "VALIDATION_ERROR"],
  ];
  const cid = clientOrderId();
  const placed = await t.app.inject({
    method: "POST",
    url: "/api/v1/orders",
    headers: a.headers,
    payload: limitBuy({ client_order_id: cid, price: "1000" }),
  });
  expect(placed.statusCode).toBe(201);
  cases.push([limitBuy({ client_order_id: cid, price: "1001" }), "IDEMPOTENCY_MISMATCH"]);
  for (const [body, code] of cases) {
    const r = await preview(a, body);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ accepted: false, error: { code } });
    const placing = await t.app.inject({
      method: "POST",
      url: "/api/v1/orders",
      headers: a.headers,
      payload: body,
    });
    expect(placing.json().error).toEqual(r.json().error);
  }
  // The same body replays the order: accepted, with nothing more held.
  expect((await preview(a, limitBuy({ client_order_id: cid, price: "1000" }))).json()).toMatchObject({
    accepted: true,
    hold: null,
    error: null,
  });
});

test("when a notional buy is previewed, then the book is walked for the notional", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const r = await preview(a, { symbol: "BTC-USD", side: "buy", order_type: "market", notional: "1000" });
  const body = r.json();
  expect(body).toMatchObject({ accepted: true, hold: { asset: "USD", amount: "1002" } });
  expect(new Decimal(body.estimated_fee.amount).lte(2)).toBe(true);
  expect(new Decimal(body.estimated_price).gt(40_000)).toBe(true);
});

test("when the key has only the read scope, then 403", async () => {
  const a = await createAccount(t, { USD: "1" }, ["read"]);
  expect((await preview(a, marketBuy())).statusCode).toBe(403);
});

test("when a sell bracket's exits cannot be funded, then the preview answers the refusal placing gets, naming the exits' USD", async () => {
  const a = await createAccount(t, { BTC: "1", USD: "100" });
  const body = {
    symbol: "BTC-USD",
    side: "sell",
    order_type: "market",
    quantity: "0.01",
    order_class: "bracket",
    take_profit: { limit_price: "40000" },
    stop_loss: { stop_price: "60000" },
  };
  const r = await preview(a, body);
  expect(r.statusCode).toBe(200);
  // The entry's own hold (0.01 BTC) is covered; the exits' buy-back is not.
  expect(r.json()).toMatchObject({ accepted: false, hold: { asset: "BTC", amount: "0.01" } });
  const placed = await t.app.inject({
    method: "POST",
    url: "/api/v1/orders",
    headers: a.headers,
    payload: body,
  });
  expect(placed.statusCode).toBe(422);
  expect(r.json().error).toEqual(placed.json().error);
});
