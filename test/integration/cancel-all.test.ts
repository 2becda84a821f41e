// Cancel-all at the venue: every open order of the account is cancelled there, a bounded number at
// a time, so that one account's request does not take every connection to the venue.
import { afterAll, beforeAll, expect, test } from "vitest";
import { VENUE_CANCEL_CONCURRENCY } from "../../src/modules/trading/orders.service.ts";
import { buildTestApp, createAccount, limitBuy, type TestApp } from "../support/app.ts";
import {
  orderStatus,
  placeOrder,
  routeBatchNow,
  startTestVenue,
  type TestVenue,
  venueWith,
} from "../support/venue.ts";

let t: TestApp;
let v: TestVenue;
let inFlight = 0;
let mostInFlight = 0;
let cancels = 0;
beforeAll(async () => {
  v = await startTestVenue();
  // The real venue, observed: how many cancels it has at once (the venue is outside the OMS).
  const counting = venueWith(v.client, {
    cancel: async (id: string) => {
      cancels++;
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      try {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return await v.client.cancel(id);
      } finally {
        inFlight--;
      }
    },
  });
  t = await buildTestApp({ venue: counting, fastPath: false });
});
afterAll(async () => {
  await t.close();
  await v.server.close();
});

test("when an account with many orders at the venue cancels them all, then at most the bound are in flight at once, and every one is cancelled", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const ids: string[] = [];
  for (let i = 0; i < 30; i++)
    ids.push(await placeOrder(t, a, limitBuy({ price: "1000", quantity: "0.01" })));
  await routeBatchNow(t, v.client, ids);
  for (const id of ids) expect(await orderStatus(t, id)).toBe("open");

  const r = await t.app.inject({ method: "DELETE", url: "/api/v1/orders", headers: a.headers });
  expect(r.statusCode).toBe(200);
  expect(r.json().data).toHaveLength(ids.length);
  expect(cancels).toBe(ids.length);
  expect(mostInFlight).toBeLessThanOrEqual(VENUE_CANCEL_CONCURRENCY);
  expect(mostInFlight).toBeGreaterThan(1);
  for (const id of ids) expect((await v.client.get(id))?.status).toBe("cancelled");
});
