// The reconciler repairs what lost webhooks and a restarted venue leave behind. The test venue's
// webhooks are all "lost": its reports reach the OMS only through the reconciler.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { transact } from "../../src/modules/events/committed.ts";
import { Decimal } from "../../src/modules/shared/decimal.ts";
import { reconcile } from "../../src/modules/trading/reconcile.ts";
import { releaseTurn, reserveForReplace } from "../../src/modules/trading/replace.ts";
import type { VenueClient, VenueSubmit } from "../../src/modules/trading/venue.client.ts";
import { UpstreamError } from "../../src/platform/http-client.ts";
import { buildTestApp, createAccount, marketBuy, type TestAccount, type TestApp } from "../support/app.ts";
import { settlePending } from "../support/fills.ts";
import {
  placeOrder,
  restingBuy as restingBuyAt,
  routeNow,
  startTestVenue,
  type TestVenue,
  venueWith,
} from "../support/venue.ts";

let t: TestApp;
let v: TestVenue;

// Not startVenueApp: a test here replaces the venue, and the one running at the end is closed.
beforeAll(async () => {
  v = await startTestVenue();
  // Placement must leave routing to these tests, which route by hand through a venue they alter.
  t = await buildTestApp({ venue: v.client, fastPath: false });
});
afterAll(async () => {
  await t.close();
  await v.server.close();
});

const restingBuy = (a: TestAccount, over: object = {}) => restingBuyAt(t, v.client, a, over);

/**
 * The test venue, except that its submit answers carry no executions (as if the order matched
 * just after the answer): its fills reach the OMS only by webhook, and this venue's are lost.
 */
const unanswered = (client: VenueClient): VenueClient =>
  venueWith(client, { submit: async (o: VenueSubmit) => ({ ...(await client.submit(o)), reports: [] }) });

const reconcileAndSettle = async (orderId: string) => {
  const result = await reconcile(t.database.db, v.client, { quietMs: 0, limit: 100 });
  await settlePending(t.database.db, t.services.catalog, orderId);
  return result;
};

test("when the venue's fill webhooks are lost, then the reconciler brings the fills in and they settle in order", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const id = await placeOrder(t, a, marketBuy());
  await routeNow(t, unanswered(v.client), id);
  expect((await v.client.get(id))?.status).toBe("filled");
  expect((await t.services.orders.get(a.id, id)).status).toBe("open");

  expect((await reconcileAndSettle(id)).reports).toBeGreaterThan(0);
  expect(await t.services.orders.get(a.id, id)).toMatchObject({ status: "filled", filled_quantity: "0.01" });
  // Running it again finds nothing new.
  expect((await reconcile(t.database.db, v.client, { quietMs: 0, limit: 100 })).reports).toBe(0);
});

test("when the venue restarted and lost an open order, then the reconciler closes it and releases its hold", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const id = await restingBuy(a);
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
  const id = await restingBuy(a, { time_in_force: "day" });
  expect(await v.client.endSession()).toBeGreaterThanOrEqual(1);
  await reconcileAndSettle(id);
  expect((await t.services.orders.get(a.id, id)).status).toBe("expired");
});

describe("when a replace got no answer from the venue", () => {
  // What PATCH leaves behind when neither the replace nor a read of the order answered: the hold
  // reserved for the new terms, the old terms on the order, its replace turn given back.
  const unconfirmed = async (price: string, appliedAtVenue: boolean) => {
    const a = await createAccount(t, { USD: "100000" });
    const id = await restingBuy(a);
    const instrument = await t.services.catalog.get("BTC-USD");
    const turn = await transact(t.database.db, (trx) =>
      reserveForReplace(trx, a.id, id, { price: new Decimal(price) }, instrument),
    );
    if (appliedAtVenue) await v.client.replace(id, { price });
    await releaseTurn(t.database.db, id, turn);
    return { a, id };
  };
  const usdHeld = async (accountId: string) =>
    (await t.services.accounts.balances(accountId)).find((b) => b.asset === "USD")?.held;

  test("then, if the venue applied it, the reconciler gives the order the venue's terms and the hold they need", async () => {
    const { a, id } = await unconfirmed("2000", true);
    expect((await t.services.orders.get(a.id, id)).price).toBe("1000");
    const result = await reconcile(t.database.db, v.client, {
      quietMs: 0,
      limit: 1_000,
      catalog: t.services.catalog,
    });
    expect(result.amended).toBeGreaterThanOrEqual(1);
    expect((await t.services.orders.get(a.id, id)).price).toBe("2000");
    // 0.01 × 2000 plus the taker fee (0.2%).
    expect(await usdHeld(a.id)).toBe("20.04");
  });

  test("then, if the venue never applied it, the order keeps its terms and the extra hold is released", async () => {
    const { a, id } = await unconfirmed("3000", false);
    await reconcile(t.database.db, v.client, { quietMs: 0, limit: 1_000, catalog: t.services.catalog });
    expect((await t.services.orders.get(a.id, id)).price).toBe("1000");
    expect(await usdHeld(a.id)).toBe("10.02");
    // Nothing left to repair.
    const again = await reconcile(t.database.db, v.client, {
      quietMs: 0,
      limit: 1_000,
      catalog: t.services.catalog,
    });
    expect(again.amended).toBe(0);
  });
});

describe("when the venue's terms need more than the order holds (a replace the OMS recorded out of turn)", () => {
  /** A resting buy of 0.01 at 1000 (holding 10.02) that the venue has at 0.05 (needing 50.1). */
  const grownAtVenue = async (deposit: string) => {
    const a = await createAccount(t, { USD: deposit });
    const id = await restingBuy(a);
    await v.client.replace(id, { quantity: "0.05" });
    return { a, id };
  };
  const usd = async (accountId: string) =>
    (await t.services.accounts.balances(accountId)).find((b) => b.asset === "USD");

  test("then the reconciler records the venue's terms and raises the hold to what they need", async () => {
    const { a, id } = await grownAtVenue("100000");
    await reconcile(t.database.db, v.client, { quietMs: 0, limit: 1_000, catalog: t.services.catalog });
    expect(await t.services.orders.get(a.id, id)).toMatchObject({ status: "open", quantity: "0.05" });
    // 0.05 × 1000 plus the taker fee (0.2%).
    expect((await usd(a.id))?.held).toBe("50.1");
  });

  test("then, if the account cannot fund them, the reconciler cancels the order at the venue and it closes, holding nothing", async () => {
    const { a, id } = await grownAtVenue("30");
    await reconcile(t.database.db, v.client, { quietMs: 0, limit: 1_000, catalog: t.services.catalog });
    await settlePending(t.database.db, t.services.catalog, id);
    expect((await v.client.get(id))?.status).toBe("cancelled");
    expect((await t.services.orders.get(a.id, id)).status).toBe("cancelled");
    expect(await usd(a.id)).toMatchObject({ available: "30", held: "0" });
  });
});

test("when the venue fails the reconciler's first question about an order, then the same run asks again and brings its fills in", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const id = await placeOrder(t, a, marketBuy());
  await routeNow(t, unanswered(v.client), id);
  // The real venue, except that its first answer about this order's executions is a 503.
  let asked = 0;
  const flaky = venueWith(v.client, {
    executions: async (orderId: string) => {
      if (orderId === id && asked++ === 0)
        throw new UpstreamError("venue: 503", { status: 503, transient: true });
      return await v.client.executions(orderId);
    },
  });
  const result = await reconcile(t.database.db, flaky, { quietMs: 0, limit: 100 });
  expect(asked).toBe(2);
  expect(result).toMatchObject({ failed: 0 });
  expect(result.reports).toBeGreaterThan(0);
  await settlePending(t.database.db, t.services.catalog, id);
  expect(await t.services.orders.get(a.id, id)).toMatchObject({ status: "filled", filled_quantity: "0.01" });
});
