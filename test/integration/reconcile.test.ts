// The reconciler repairs what lost webhooks and a restarted venue leave behind. The test venue's
// webhooks are all "lost": its reports reach the OMS only through the reconciler.
import { afterAll, beforeAll, expect, test } from "vitest";
import { settlePending } from "../../src/modules/executions/executions.service.ts";
import { reconcile } from "../../src/modules/routing/reconcile.ts";
import { buildTestApp, createAccount, type TestApp } from "../support/app.ts";
import { placeOrder, routeNow, startTestVenue, type TestVenue } from "../support/venue.ts";

let t: TestApp;
let v: TestVenue;

beforeAll(async () => {
  v = await startTestVenue();
  t = await buildTestApp({ venue: v.client });
});
afterAll(async () => {
  await t.close();
  await v.server.close();
});

const reconcileAndSettle = async (orderId: string) => {
  const result = await reconcile(t.database.db, v.client, { quietMs: 0, limit: 100 });
  await settlePending(t.database.db, t.services.catalog, orderId);
  return result;
};

test("when the venue's fill webhooks are lost, then the reconciler brings the fills in and they settle in order", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const id = await placeOrder(t, a, {
    symbol: "BTC-USD",
    side: "buy",
    order_type: "market",
    quantity: "0.01",
  });
  await routeNow(t, v.client, id);
  expect((await v.client.get(id))?.status).toBe("filled");
  expect((await t.services.orders.get(a.id, id)).status).toBe("open");

  expect((await reconcileAndSettle(id)).reports).toBeGreaterThan(0);
  expect(await t.services.orders.get(a.id, id)).toMatchObject({ status: "filled", filled_quantity: "0.01" });
  // Running it again finds nothing new.
  expect((await reconcile(t.database.db, v.client, { quietMs: 0, limit: 100 })).reports).toBe(0);
});

test("when the venue restarted and lost an open order, then the reconciler closes it and releases its hold", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const id = await placeOrder(t, a, {
    symbol: "BTC-USD",
    side: "buy",
    order_type: "limit",
    quantity: "0.01",
    price: "1000",
  });
  await routeNow(t, v.client, id);
  expect((await t.services.orders.get(a.id, id)).status).toBe("open");
  await v.server.close();
  v = await startTestVenue(); // a new venue, with an empty book

  expect((await reconcileAndSettle(id)).lost).toBeGreaterThanOrEqual(1);
  const closed = await t.services.orders.get(a.id, id);
  expect(closed.status).toBe("cancelled");
  expect(closed.reject_reason).toMatch(/unknown at the venue/);
  const usd = (await t.services.accounts.balances(a.id)).find((b) => b.asset === "USD");
  expect(usd?.held).toBe("0");
});

test("when the trading day ends, then resting DAY orders expire and release their holds", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const id = await placeOrder(t, a, {
    symbol: "BTC-USD",
    side: "buy",
    order_type: "limit",
    time_in_force: "day",
    quantity: "0.01",
    price: "1000",
  });
  await routeNow(t, v.client, id);
  expect(await v.client.endSession()).toBeGreaterThanOrEqual(1);
  await reconcileAndSettle(id);
  expect((await t.services.orders.get(a.id, id)).status).toBe("expired");
});
