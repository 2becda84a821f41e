// A cancel that arrives while the order's submit is in flight must not leave a live order at the
// venue: the routing task holds the order row until the venue answered.
import { afterAll, beforeAll, expect, test } from "vitest";
import { DomainError } from "../../src/modules/shared/errors.ts";
import { reconcile } from "../../src/modules/trading/reconcile.ts";
import { createAccount, type TestApp } from "../support/app.ts";
import { settlePending } from "../support/fills.ts";
import { placeOrder, routeNow, startVenueApp, type TestVenue } from "../support/venue.ts";

let t: TestApp;
let v: TestVenue;
let close: () => Promise<void>;
beforeAll(async () => {
  // Every venue call takes 300 ms: time for a cancel to arrive in the middle of a submit. The
  // routing job is run by hand, so placement must not route too.
  ({ t, v, close } = await startVenueApp({ faults: { latencyMs: 300 }, app: { fastPath: false } }));
});
afterAll(() => close());

/**
 * Routes the order and, 100 ms into its submit, cancels it; then brings the venue's reports in.
 * `cancel` is "ok" or the cancel's error code.
 */
async function cancelDuringSubmit(payload: object) {
  const a = await createAccount(t, { USD: "100000" });
  const id = await placeOrder(t, a, payload);
  const routing = routeNow(t, v.client, id);
  await new Promise((r) => setTimeout(r, 100));
  const cancelling = t.services.orders.cancel(a.id, id).then(
    () => "ok",
    (error: unknown) => (error instanceof DomainError ? error.code : String(error)),
  );
  const [, cancel] = await Promise.all([routing, cancelling]);
  const atVenue = await v.client.get(id);
  await reconcile(t.database.db, v.client, { quietMs: 0, limit: 100 });
  await settlePending(t.database.db, t.services.catalog, id);
  return { a, cancel, atVenue, here: await t.services.orders.get(a.id, id) };
}

test("when a pending order is cancelled while its submit is in flight, then it ends cancelled here and at the venue", async () => {
  const { a, cancel, atVenue, here } = await cancelDuringSubmit({
    symbol: "BTC-USD",
    side: "buy",
    order_type: "limit",
    quantity: "0.01",
    price: "1000",
  });
  expect(cancel).toBe("ok");
  expect(atVenue?.status).toBe("cancelled");
  expect(here.status).toBe("cancelled");
  const usd = (await t.services.accounts.balances(a.id)).find((b) => b.asset === "USD");
  expect(usd?.held).toBe("0");
});

test("when a marketable order is cancelled while its submit is in flight, then the OMS ends where the venue does", async () => {
  const { cancel, atVenue, here } = await cancelDuringSubmit({
    symbol: "BTC-USD",
    side: "buy",
    order_type: "market",
    quantity: "0.01",
  });
  // The submit's answer carried the fill, settled by routing before the cancel got the order.
  expect(cancel).toBe("ORDER_NOT_CANCELLABLE");
  expect(atVenue?.status).toBe("filled");
  expect(here.status).toBe("filled");
  expect(here.filled_quantity).toBe(atVenue?.filled_quantity);
});
