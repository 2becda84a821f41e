// Closing positions through the normal placement path, against the bundled venue (its liquidity
// provider fills the closing market orders), on real PostgreSQL.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { checkInvariants } from "../../src/modules/audit/invariants.ts";
import { createAccount, type TestAccount, type TestApp } from "../support/app.ts";
import { orderStatus, placeOrder, startVenueApp, type TestVenue } from "../support/venue.ts";

let t: TestApp;
let v: TestVenue;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ t, v, close } = await startVenueApp());
});
afterAll(() => close());

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const filled = (id: string) =>
  until(`order ${id} to fill`, async () => (await orderStatus(t, id)) === "filled");

/** Places a market order and waits for the venue to fill it. */
async function marketFilled(a: TestAccount, symbol: string, side: "buy" | "sell", quantity: string) {
  const id = await placeOrder(t, a, { symbol, side, order_type: "market", quantity });
  await filled(id);
  return id;
}

const positionOf = async (a: TestAccount, symbol: string): Promise<string | undefined> =>
  (await t.app.inject({ method: "GET", url: "/api/v1/positions", headers: a.headers }))
    .json()
    .data.find((p: { symbol: string }) => p.symbol === symbol)?.quantity;

const del = (a: TestAccount, url: string) => t.app.inject({ method: "DELETE", url, headers: a.headers });

/** Only this account's breaches: other tests' accounts are no concern of this one. */
const breachesOf = async (a: TestAccount) =>
  (await checkInvariants(t.database.db)).flatMap((c) => c.breaches.filter((b) => b.includes(a.id)));

describe("DELETE /api/v1/positions/{symbol}", () => {
  test("when half a long position is closed by percentage and the rest without one, then two market sells are placed, filled by the venue, and the position is flat", async () => {
    const a = await createAccount(t, { USD: "100000" });
    await marketFilled(a, "BTC-USD", "buy", "0.1");
    expect(await positionOf(a, "BTC-USD")).toBe("0.1");

    const half = await del(a, "/api/v1/positions/BTC-USD?percentage=50");
    expect(half.statusCode).toBe(200);
    expect(half.json()).toMatchObject({
      symbol: "BTC-USD",
      side: "sell",
      order_type: "market",
      time_in_force: "ioc",
      quantity: "0.05",
      status: "pending",
    });
    await filled(half.json().id);
    expect(await positionOf(a, "BTC-USD")).toBe("0.05");

    const rest = await del(a, "/api/v1/positions/BTC-USD");
    expect(rest.statusCode).toBe(200);
    expect(rest.json()).toMatchObject({ side: "sell", quantity: "0.05" });
    await filled(rest.json().id);
    expect(await positionOf(a, "BTC-USD")).toBe("0");
    // Flat now: nothing left to close.
    const again = await del(a, "/api/v1/positions/BTC-USD");
    expect(again.statusCode).toBe(404);
    expect(again.json().error.code).toBe("NOT_FOUND");
    expect(await breachesOf(a)).toEqual([]);
  });

  test("when a percentage does not divide into lots, then the quantity is rounded down to the lot size; a quantity closes exactly that much", async () => {
    const a = await createAccount(t, { USD: "100000" });
    await marketFilled(a, "BTC-USD", "buy", "0.0003");
    // 1% of 0.0003 = 0.000003, below one lot of 0.00001: nothing to place.
    const tiny = await del(a, "/api/v1/positions/BTC-USD?percentage=1");
    expect(tiny.statusCode).toBe(422);
    expect(tiny.json().error.details).toEqual([
      { path: "percentage", message: "1% of 0.0003 is less than one lot (0.00001)" },
    ]);
    await marketFilled(a, "BTC-USD", "buy", "0.001");
    // 0.0013 × 33% = 0.000429 → 0.00042 (lot 0.00001)
    const r = await del(a, "/api/v1/positions/BTC-USD?percentage=33");
    expect(r.statusCode).toBe(200);
    expect(r.json().quantity).toBe("0.00042");
    await filled(r.json().id);
    const q = await del(a, "/api/v1/positions/BTC-USD?quantity=0.0005");
    expect(q.json()).toMatchObject({ side: "sell", quantity: "0.0005" });
    await filled(q.json().id);
    // 0.0013 − 0.00042 − 0.0005
    expect(await positionOf(a, "BTC-USD")).toBe("0.00038");
  });

  test("when the position is short, then the close is a market buy", async () => {
    const a = await createAccount(t, { USD: "100000", ETH: "1" });
    await marketFilled(a, "ETH-USD", "sell", "0.5");
    expect(await positionOf(a, "ETH-USD")).toBe("-0.5");
    const r = await del(a, "/api/v1/positions/ETH-USD");
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ symbol: "ETH-USD", side: "buy", quantity: "0.5" });
    await filled(r.json().id);
    expect(await positionOf(a, "ETH-USD")).toBe("0");
  });

  test.each([
    ["quantity=0.01&percentage=50", "percentage"],
    ["percentage=150", "percentage"],
    ["percentage=0", "percentage"],
    ["quantity=1", "quantity"],
    ["quantity=abc", "quantity"],
  ])("when the query is %s, then 422 VALIDATION_ERROR names %s", async (query, path) => {
    const a = await createAccount(t, { USD: "100000" });
    await marketFilled(a, "BTC-USD", "buy", "0.01");
    const r = await del(a, `/api/v1/positions/BTC-USD?${query}`);
    expect(r.statusCode).toBe(422);
    expect(r.json().error.code).toBe("VALIDATION_ERROR");
    expect(r.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await positionOf(a, "BTC-USD")).toBe("0.01");
  });

  test("when the account has no position in the symbol, then 404; a key without the trade scope gets 403", async () => {
    const a = await createAccount(t, { USD: "100000" });
    const none = await del(a, "/api/v1/positions/SOL-USD");
    expect(none.statusCode).toBe(404);
    expect(none.json().error.code).toBe("NOT_FOUND");
    const reader = await createAccount(t, { USD: "1" }, ["read"]);
    expect((await del(reader, "/api/v1/positions/BTC-USD")).statusCode).toBe(403);
    expect((await del(reader, "/api/v1/positions")).statusCode).toBe(403);
  });

  test("when an open sell order already holds the position, then the close is refused with 422 INSUFFICIENT_FUNDS and the order stays", async () => {
    const a = await createAccount(t, { USD: "100000" });
    await marketFilled(a, "BTC-USD", "buy", "0.02");
    const resting = await placeOrder(t, a, {
      symbol: "BTC-USD",
      side: "sell",
      order_type: "limit",
      quantity: "0.02",
      price: "90000",
    });
    await until("the sell to rest", async () => (await orderStatus(t, resting)) === "open");
    const r = await del(a, "/api/v1/positions/BTC-USD");
    expect(r.statusCode).toBe(422);
    expect(r.json().error).toMatchObject({
      code: "INSUFFICIENT_FUNDS",
      details: [
        { path: "needed", message: "0.02 BTC" },
        { path: "available", message: "0 BTC" },
      ],
    });
    expect(await orderStatus(t, resting)).toBe("open");
  });
});

describe("DELETE /api/v1/positions", () => {
  test("when cancel_orders=true, then open orders are cancelled first and every position is closed, one result per symbol", async () => {
    const a = await createAccount(t, { USD: "100000" });
    await marketFilled(a, "BTC-USD", "buy", "0.02");
    await marketFilled(a, "ETH-USD", "buy", "0.3");
    const resting = await placeOrder(t, a, {
      symbol: "BTC-USD",
      side: "sell",
      order_type: "limit",
      quantity: "0.02",
      price: "90000",
    });
    await until("the sell to rest", async () => (await orderStatus(t, resting)) === "open");

    const r = await del(a, "/api/v1/positions?cancel_orders=true");
    expect(r.statusCode).toBe(200);
    const results = r.json();
    expect(results.map((x: { symbol: string; status: number }) => [x.symbol, x.status])).toEqual([
      ["BTC-USD", 200],
      ["ETH-USD", 200],
    ]);
    expect(
      results.map((x: { order: { side: string; quantity: string } }) => [x.order.side, x.order.quantity]),
    ).toEqual([
      ["sell", "0.02"],
      ["sell", "0.3"],
    ]);
    expect(await orderStatus(t, resting)).toBe("cancelled");
    expect((await v.client.get(resting))?.status).toBe("cancelled");
    for (const x of results) await filled(x.order.id);
    expect([await positionOf(a, "BTC-USD"), await positionOf(a, "ETH-USD")]).toEqual(["0", "0"]);
    const usd = (await t.app.inject({ method: "GET", url: "/api/v1/account", headers: a.headers }))
      .json()
      .balances.find((b: { asset: string }) => b.asset === "USD");
    expect(usd.held).toBe("0");
    expect(await breachesOf(a)).toEqual([]);
  });

  test("when open orders hold a position and cancel_orders is not given, then that symbol's entry carries the error and the others close", async () => {
    const a = await createAccount(t, { USD: "100000" });
    await marketFilled(a, "BTC-USD", "buy", "0.02");
    await marketFilled(a, "SOL-USD", "buy", "1");
    const resting = await placeOrder(t, a, {
      symbol: "BTC-USD",
      side: "sell",
      order_type: "limit",
      quantity: "0.02",
      price: "90000",
    });
    await until("the sell to rest", async () => (await orderStatus(t, resting)) === "open");
    const r = await del(a, "/api/v1/positions");
    expect(r.statusCode).toBe(200);
    const [btc, sol] = r.json();
    expect(btc).toMatchObject({ symbol: "BTC-USD", status: 422, error: { code: "INSUFFICIENT_FUNDS" } });
    expect(btc.order).toBeUndefined();
    expect(sol).toMatchObject({ symbol: "SOL-USD", status: 200, order: { side: "sell", quantity: "1" } });
    expect(await orderStatus(t, resting)).toBe("open");
  });

  test("when the account has no positions, then the answer is an empty list", async () => {
    const a = await createAccount(t, { USD: "100" });
    const r = await del(a, "/api/v1/positions?cancel_orders=true");
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual([]);
  });
});

test("when /openapi.json is read, then it documents both close routes, their queries and the choice about open orders", async () => {
  const doc = (await t.app.inject({ method: "GET", url: "/openapi.json" })).json();
  const one = doc.paths["/api/v1/positions/{symbol}"]?.delete;
  const all = doc.paths["/api/v1/positions"]?.delete;
  expect(one.parameters.map((p: { name: string }) => p.name)).toEqual(
    expect.arrayContaining(["symbol", "quantity", "percentage"]),
  );
  expect(one.description).toContain("INSUFFICIENT_FUNDS");
  expect(all.parameters.map((p: { name: string }) => p.name)).toEqual(
    expect.arrayContaining(["cancel_orders", "Idempotency-Key"]),
  );
  expect(Object.keys(all.responses)).toEqual(expect.arrayContaining(["200", "403"]));
});
