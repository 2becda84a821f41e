// Trailing stops end to end on PostgreSQL and the in-process venue: validation, the hold, the
// mark the venue reports as trades move it (at most once a second), and the fill when the price
// falls through the trigger. The test venue loses its webhooks: reports come in as the reconciler
// brings them (the venue's executions, stored in the inbox).
import { sql } from "kysely";
import { afterAll, beforeAll, expect, test } from "vitest";
import { receiveReports } from "../../src/modules/trading/inbox.ts";
import { createAccount, storedBalance, type TestAccount, type TestApp } from "../support/app.ts";
import { settlePending } from "../support/fills.ts";
import { placeOrder, routeNow, startVenueApp, type TestVenue } from "../support/venue.ts";

let t: TestApp;
let v: TestVenue;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ t, v, close } = await startVenueApp({ app: { fastPath: false } }));
});
afterAll(() => close());

const trailing = (over: Record<string, unknown>) => ({
  symbol: "BTC-USD",
  side: "sell",
  order_type: "trailing_stop",
  quantity: "0.01",
  ...over,
});

const getOrder = async (a: TestAccount, id: string) =>
  (await t.app.inject({ method: "GET", url: `/api/v1/orders/${id}`, headers: a.headers })).json();

/** Brings the venue's reports of the order in, as the reconciler does, and settles them as its job would. */
async function reconcile(id: string): Promise<void> {
  await receiveReports(t.database.db, (await v.client.executions(id)) ?? []);
  await settlePending(t.database.db, t.services.catalog, id);
}

const ticker = async () => (await v.client.marketData("BTC-USD/ticker")) as { bid: string; ask: string };

/** The hwm values of the order's order.updated events, in sequence order. */
const eventMarks = async (id: string) =>
  (
    await sql<{ hwm: string | null }>`
      select payload ->> 'hwm' as hwm from events
      where payload ->> 'id' = ${id} and type = 'order.updated' order by seq`.execute(t.database.db)
  ).rows.map((r) => r.hwm);

test.each([
  [{}, "trail_price"],
  [{ trail_price: "10", trail_percent: "1" }, "trail_percent"],
  [{ trail_percent: "51" }, "trail_percent"],
  [{ trail_price: "10.005" }, "trail_price"],
])("when a trailing stop is placed with %j, then it is a 422 naming %s", async (extra, path) => {
  const a = await createAccount(t);
  const r = await t.app.inject({
    method: "POST",
    url: "/api/v1/orders",
    headers: a.headers,
    payload: trailing(extra),
  });
  expect(r.statusCode).toBe(422);
  expect(r.json().error.code).toBe("VALIDATION_ERROR");
  expect(r.json().error.details.map((d: { path: string }) => d.path)).toEqual([path]);
});

test("when a trailing stop buys, then it holds as a stop buy at the reference price plus its trail, with slippage and fee", async () => {
  const a = await createAccount(t, { USD: "10000" });
  const id = await placeOrder(t, a, trailing({ side: "buy", trail_percent: "1" }));
  // 0.01 × 50000 × 1.01 (trail) × 1.01 (slippage) and its 0.2 % taker fee, each rounded up to the cent
  expect(await storedBalance(t, a.id, "USD")).toEqual({ available: "9488.92", held: "511.08" });
  const order = await getOrder(a, id);
  expect(order).toMatchObject({
    order_type: "trailing_stop",
    trail_percent: "1",
    trail_price: null,
    hwm: null,
    trigger_price: null,
  });
});

test("when the price rises, then the sell trailing stop's mark and trigger follow; when it falls through the trigger, then it sells", async () => {
  const seller = await createAccount(t, { BTC: "1" });
  const id = await placeOrder(t, seller, trailing({ trail_price: "10" }));
  expect(await storedBalance(t, seller.id, "BTC")).toEqual({ available: "0.99", held: "0.01" });
  await routeNow(t, v.client, id);
  const start = await ticker();
  const opened = await getOrder(seller, id);
  // No trade yet in the test venue's book: the mark starts at the mid.
  const mid = (Number(start.bid) + Number(start.ask)) / 2;
  expect(opened).toMatchObject({ status: "open" });
  expect(Math.abs(Number(opened.hwm) - mid)).toBeLessThanOrEqual(0.01);
  expect(Number(opened.trigger_price)).toBeCloseTo(Number(opened.hwm) - 10, 2);

  // Another account buys at the ask: the mark rises to it.
  const buyer = await createAccount(t, { USD: "100000" });
  const up = await placeOrder(t, buyer, {
    symbol: "BTC-USD",
    side: "buy",
    order_type: "limit",
    quantity: "0.001",
    price: start.ask,
  });
  await routeNow(t, v.client, up);
  // The venue reports a move at most once a second per order.
  await new Promise((r) => setTimeout(r, 1_100));
  await reconcile(id);
  const raised = await getOrder(seller, id);
  expect(raised).toMatchObject({ status: "open", hwm: start.ask });
  expect(Number(raised.trigger_price)).toBeCloseTo(Number(start.ask) - 10, 2);
  // Placed (no mark), opened with its first mark (routing settles the submit's answer), raised.
  expect(await eventMarks(id)).toEqual([opened.hwm, opened.hwm, start.ask]);

  // A sale at the bid is below the trigger: the trailing stop fires and sells at market.
  const other = await createAccount(t, { BTC: "1" });
  const down = await placeOrder(t, other, {
    symbol: "BTC-USD",
    side: "sell",
    order_type: "market",
    quantity: "0.001",
  });
  await routeNow(t, v.client, down);
  await reconcile(id);
  const filled = await getOrder(seller, id);
  expect(filled).toMatchObject({ status: "filled", filled_quantity: "0.01", hwm: start.ask });
  expect(Number(filled.average_fill_price)).toBeLessThan(Number(raised.trigger_price));
  expect(await storedBalance(t, seller.id, "BTC")).toEqual({ available: "0.99", held: "0" });
});
