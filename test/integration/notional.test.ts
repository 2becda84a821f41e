// Notional market orders through the OMS and the bundled venue: they trade for at most their
// notional (a buy pays at most it plus the taker fee, which is what it holds), their quantity
// follows from the fills, and bourse check's invariants hold afterwards.
import { afterAll, beforeAll, expect, test } from "vitest";
import { checkInvariants } from "../../src/modules/audit/invariants.ts";
import { Decimal } from "../../src/modules/shared/decimal.ts";
import { createAccount, storedBalance, type TestApp } from "../support/app.ts";
import { placeOrder, routeNow, startVenueApp, type TestVenue } from "../support/venue.ts";

let t: TestApp;
let v: TestVenue;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ t, v, close } = await startVenueApp({ app: { fastPath: false } }));
});
afterAll(() => close());

const notional = (side: "buy" | "sell", amount: string) => ({
  symbol: "BTC-USD",
  side,
  order_type: "market",
  notional: amount,
});

async function fillsOf(orderId: string) {
  const rows = await t.database.db
    .selectFrom("fills")
    .select(["quantity", "price", "fee"])
    .where("order_id", "=", orderId)
    .execute();
  const sum = (f: (r: (typeof rows)[number]) => Decimal) =>
    rows.reduce((s, r) => s.plus(f(r)), new Decimal(0));
  return {
    count: rows.length,
    quantity: sum((r) => new Decimal(r.quantity)),
    value: sum((r) => new Decimal(r.quantity).times(r.price)),
    fees: sum((r) => new Decimal(r.fee)),
    onLots: rows.every((r) => new Decimal(r.quantity).div("0.00001").isInteger()),
  };
}

test("when a notional buy is placed, then it holds the notional plus the taker fee and shows quantity 0 while pending", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const r = await t.app.inject({
    method: "POST",
    url: "/api/v1/orders",
    headers: a.headers,
    payload: notional("buy", "1000"),
  });
  expect(r.statusCode).toBe(201);
  expect(r.json()).toMatchObject({
    notional: "1000",
    quantity: "0",
    time_in_force: "ioc",
    status: "pending",
  });
  expect(await storedBalance(t, a.id, "USD")).toEqual({ available: "98998", held: "1002" });
});

test("when a notional buy fills at the venue, then it spends at most the notional, its quantity is its fills, and it is filled", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const id = await placeOrder(t, a, notional("buy", "1000"));
  await routeNow(t, v.client, id);
  const order = await t.services.orders.get(a.id, id);
  const fills = await fillsOf(id);
  expect(order.status).toBe("filled");
  expect(fills.count).toBeGreaterThan(0);
  expect(fills.onLots).toBe(true);
  expect(order.quantity).toBe(fills.quantity.toFixed());
  expect(order.filled_quantity).toBe(fills.quantity.toFixed());
  expect(fills.value.lte(1000)).toBe(true);
  // Within one lot of the notional: the next lot would have cost more than what was left.
  expect(fills.value.gt(new Decimal(1000).minus(new Decimal("0.00001").times(60_000)))).toBe(true);
  expect(await storedBalance(t, a.id, "USD")).toEqual({
    available: new Decimal(100000).minus(fills.value).minus(fills.fees).toFixed(),
    held: "0",
  });
  expect(await storedBalance(t, a.id, "BTC")).toEqual({ available: fills.quantity.toFixed(), held: "0" });
});

test("when a notional sell fills, then it sells for at most the notional and releases its base hold", async () => {
  const a = await createAccount(t, { BTC: "1" });
  const id = await placeOrder(t, a, notional("sell", "1000"));
  // notional / (reference × (1 − 0.01)), rounded up to the lot: 1000 / 49500.
  expect(await storedBalance(t, a.id, "BTC")).toEqual({ available: "0.97979", held: "0.02021" });
  await routeNow(t, v.client, id);
  const fills = await fillsOf(id);
  expect((await t.services.orders.get(a.id, id)).status).toBe("filled");
  expect(fills.value.lte(1000)).toBe(true);
  expect(fills.value.gt(900)).toBe(true);
  expect(await storedBalance(t, a.id, "BTC")).toEqual({
    available: new Decimal(1).minus(fills.quantity).toFixed(),
    held: "0",
  });
  const breached = (await checkInvariants(t.database.db)).filter((c) => c.breaches.length > 0);
  expect(breached).toEqual([]);
});

test("when quantity and notional are both or neither given, or notional is on a limit order, then 422", async () => {
  const a = await createAccount(t, { USD: "100000" });
  for (const [body, path] of [
    [{ ...notional("buy", "1000"), quantity: "0.01" }, "quantity"],
    [{ symbol: "BTC-USD", side: "buy", order_type: "market" }, "quantity"],
    [
      {
        symbol: "BTC-USD",
        side: "buy",
        order_type: "limit",
        quantity: "0.01",
        price: "1000",
        notional: "10",
      },
      "notional",
    ],
    [{ ...notional("buy", "1000"), time_in_force: "fok" }, "time_in_force"],
  ] as const) {
    const r = await t.app.inject({
      method: "POST",
      url: "/api/v1/orders",
      headers: a.headers,
      payload: body,
    });
    expect(r.statusCode, JSON.stringify(body)).toBe(422);
    expect(r.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
  }
});
