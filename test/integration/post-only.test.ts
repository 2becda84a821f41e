// Post-only limit orders through the OMS and the bundled venue: rejected (post_only) with the hold
// released when they would take on arrival, resting otherwise.
import { afterAll, beforeAll, expect, test } from "vitest";
import { createAccount, limitBuy, storedBalance, type TestApp } from "../support/app.ts";
import { placeOrder, routeNow, startVenueApp, type TestVenue } from "../support/venue.ts";

let t: TestApp;
let v: TestVenue;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ t, v, close } = await startVenueApp({ app: { fastPath: false } }));
});
afterAll(() => close());

const place = (headers: { authorization: string }, payload: object) =>
  t.app.inject({ method: "POST", url: "/api/v1/orders", headers, payload });

test("when a post-only buy would take liquidity at the venue, then it is rejected post_only without a fill and its hold is released", async () => {
  const a = await createAccount(t, { USD: "100000" });
  // Far above the venue's asks (the liquidity provider quotes around 50000).
  const id = await placeOrder(t, a, limitBuy({ quantity: "0.01", price: "60000", post_only: true }));
  expect((await t.services.orders.get(a.id, id)).post_only).toBe(true);
  expect(await storedBalance(t, a.id, "USD")).toEqual({ available: "99398.8", held: "601.2" });
  await routeNow(t, v.client, id);
  expect(await t.services.orders.get(a.id, id)).toMatchObject({
    status: "rejected",
    reject_reason: "post_only",
    filled_quantity: "0",
    post_only: true,
  });
  expect(await storedBalance(t, a.id, "USD")).toEqual({ available: "100000", held: "0" });
  const fills = await t.database.db.selectFrom("fills").select("id").where("order_id", "=", id).execute();
  expect(fills).toEqual([]);
});

test("when a post-only buy is below the best ask, then it rests at the venue as an ordinary limit order", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const id = await placeOrder(t, a, limitBuy({ quantity: "0.01", price: "1000", post_only: true }));
  await routeNow(t, v.client, id);
  expect(await t.services.orders.get(a.id, id)).toMatchObject({ status: "open", post_only: true });
  expect(await v.client.get(id)).toMatchObject({ status: "open" });
});

test("when post_only is sent with another order type or with ioc/fok, then 422 names post_only", async () => {
  const a = await createAccount(t, { USD: "100000" });
  for (const body of [
    { symbol: "BTC-USD", side: "buy", order_type: "market", quantity: "0.01", post_only: true },
    {
      symbol: "BTC-USD",
      side: "buy",
      order_type: "stop",
      quantity: "0.01",
      trigger_price: "60000",
      post_only: true,
    },
    limitBuy({ time_in_force: "ioc", post_only: true }),
  ]) {
    const r = await place(a.headers, body);
    expect(r.statusCode).toBe(422);
    expect(r.json().error.details.map((d: { path: string }) => d.path)).toContain("post_only");
  }
  // false is accepted anywhere, and an order without it shows false.
  const r = await place(a.headers, {
    symbol: "BTC-USD",
    side: "buy",
    order_type: "market",
    quantity: "0.01",
    post_only: false,
  });
  expect(r.statusCode).toBe(201);
  expect(r.json()).toMatchObject({ post_only: false, expire_at: null, notional: null });
});
