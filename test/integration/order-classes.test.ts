// Order classes on PostgreSQL and the in-process venue: the rules of each class, the one hold its
// exits share, routing a class whole, and its legs' ends. The test venue loses its webhooks: the
// venue's reports come in as the reconciler brings them.
import { afterAll, beforeAll, expect, test } from "vitest";
import { checkInvariants } from "../../src/modules/audit/invariants.ts";
import { receiveReports } from "../../src/modules/trading/inbox.ts";
import { createAccount, storedBalance, type TestAccount, type TestApp } from "../support/app.ts";
import { settlePending } from "../support/fills.ts";
import { routeNow, startVenueApp, type TestVenue } from "../support/venue.ts";

let t: TestApp;
let v: TestVenue;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ t, v, close } = await startVenueApp({ app: { fastPath: false } }));
});
afterAll(() => close());

const post = (a: TestAccount, payload: object) =>
  t.app.inject({ method: "POST", url: "/api/v1/orders", headers: a.headers, payload });
const getOrder = async (a: TestAccount, id: string) =>
  (await t.app.inject({ method: "GET", url: `/api/v1/orders/${id}`, headers: a.headers })).json();

/** Brings the venue's reports of these orders in and settles them, as the reconciler and its job do. */
async function reconcile(ids: string[]): Promise<void> {
  for (const id of ids) await receiveReports(t.database.db, (await v.client.executions(id)) ?? []);
  for (const id of ids) await settlePending(t.database.db, t.services.catalog, id);
}

/** Only this class's orders' breaches count (other tests may leave work in flight). */
const breaches = async (ids: string[]) =>
  (await checkInvariants(t.database.db)).flatMap((c) =>
    c.breaches.filter((b) => ids.some((id) => b.includes(id))).map((b) => `${c.name}: ${b}`),
  );

const bracket = (over: Record<string, unknown> = {}) => ({
  symbol: "BTC-USD",
  side: "buy",
  order_type: "market",
  quantity: "0.01",
  order_class: "bracket",
  take_profit: { limit_price: "60000" },
  stop_loss: { stop_price: "40000" },
  ...over,
});

test.each([
  [
    "a take-profit below the entry",
    bracket({ take_profit: { limit_price: "45000" } }),
    "take_profit.limit_price",
  ],
  ["a stop above the entry", bracket({ stop_loss: { stop_price: "55000" } }), "stop_loss.stop_price"],
  [
    "a limit entry above its take-profit",
    bracket({ order_type: "limit", price: "61000" }),
    "take_profit.limit_price",
  ],
  ["no stop_loss", bracket({ stop_loss: undefined }), "stop_loss"],
  ["a stop entry", bracket({ order_type: "stop", trigger_price: "51000" }), "order_type"],
  ["a take_profit on a simple order", { ...bracket(), order_class: "simple" }, "take_profit"],
  [
    "an oco sell whose stop is above its limit",
    {
      symbol: "BTC-USD",
      side: "sell",
      order_type: "limit",
      quantity: "0.1",
      price: "55000",
      order_class: "oco",
      stop_loss: { stop_price: "56000" },
    },
    "stop_loss.stop_price",
  ],
  ["an oto with both exits", bracket({ order_class: "oto" }), "take_profit"],
])("when a class order has %s, then it is a 422 naming the field", async (_, payload, path) => {
  const a = await createAccount(t);
  const r = await post(a, payload);
  expect(r.statusCode).toBe(422);
  expect(r.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
});

test("when an oco sells, then it holds its quantity of the base asset once for both legs; cancelling one leg cancels both and releases it", async () => {
  const a = await createAccount(t, { BTC: "1" });
  const r = await post(a, {
    symbol: "BTC-USD",
    side: "sell",
    order_type: "limit",
    quantity: "0.5",
    price: "60000",
    order_class: "oco",
    stop_loss: { stop_price: "40000" },
  });
  expect(r.statusCode).toBe(201);
  const parent = r.json();
  expect(parent).toMatchObject({
    order_class: "oco",
    parent_order_id: null,
    order_type: "limit",
    status: "pending",
  });
  expect(parent.legs).toHaveLength(1);
  const stop = parent.legs[0];
  expect(stop).toMatchObject({
    order_type: "stop",
    trigger_price: "40000",
    side: "sell",
    parent_order_id: parent.id,
  });
  expect(await storedBalance(t, a.id, "BTC")).toEqual({ available: "0.5", held: "0.5" });

  await routeNow(t, v.client, parent.id);
  expect((await getOrder(a, parent.id)).legs.map((l: { status: string }) => l.status)).toEqual(["open"]);
  expect(await getOrder(a, parent.id)).toMatchObject({ status: "open" });
  expect(await breaches([parent.id, stop.id])).toEqual([]);

  const cancel = await t.app.inject({
    method: "DELETE",
    url: `/api/v1/orders/${stop.id}`,
    headers: a.headers,
  });
  expect(cancel.statusCode).toBe(200);
  await reconcile([stop.id, parent.id]);
  const after = await getOrder(a, parent.id);
  expect(after).toMatchObject({ status: "cancelled", reject_reason: "oco" });
  expect(after.legs[0]).toMatchObject({ status: "cancelled", reject_reason: "user" });
  expect(await storedBalance(t, a.id, "BTC")).toEqual({ available: "1", held: "0" });
  expect(await breaches([parent.id, stop.id])).toEqual([]);
});

test("when an oco buys, then it holds once for the dearer leg: its stop's trigger with slippage, plus the fee", async () => {
  const a = await createAccount(t, { USD: "10000" });
  const r = await post(a, {
    symbol: "BTC-USD",
    side: "buy",
    order_type: "limit",
    quantity: "0.01",
    price: "40000",
    order_class: "oco",
    stop_loss: { stop_price: "60000" },
  });
  expect(r.statusCode).toBe(201);
  // 0.01 × 60000 × 1.01 and its 0.2 % fee, each rounded up to the cent (606 + 1.22), and two
  // cents for the two legs' own rounding
  expect(await storedBalance(t, a.id, "USD")).toEqual({ available: "9392.76", held: "607.24" });
});

test("when a bracket's market entry fills, then its exits are open and hold what it bought, once; cancelling the take-profit cancels the stop-loss and frees it", async () => {
  const a = await createAccount(t, { USD: "10000" });
  const r = await post(a, bracket());
  expect(r.statusCode).toBe(201);
  const entry = r.json();
  expect(entry.legs.map((l: { order_type: string; side: string }) => [l.order_type, l.side])).toEqual([
    ["limit", "sell"],
    ["stop", "sell"],
  ]);
  const [tp, sl] = entry.legs.map((l: { id: string }) => l.id);
  await routeNow(t, v.client, entry.id);
  const filled = await getOrder(a, entry.id);
  expect(filled).toMatchObject({ status: "filled", filled_quantity: "0.01", order_class: "bracket" });
  expect(filled.legs.map((l: { status: string }) => l.status)).toEqual(["open", "open"]);
  expect(await storedBalance(t, a.id, "BTC")).toEqual({ available: "0", held: "0.01" });
  expect(await breaches([entry.id, tp, sl])).toEqual([]);

  const cancel = await t.app.inject({ method: "DELETE", url: `/api/v1/orders/${tp}`, headers: a.headers });
  expect(cancel.statusCode).toBe(200);
  await reconcile([tp, sl]);
  const legs = (await getOrder(a, entry.id)).legs;
  expect(legs.map((l: { status: string; reject_reason: string }) => [l.status, l.reject_reason])).toEqual([
    ["cancelled", "user"],
    ["cancelled", "oco"],
  ]);
  expect(await storedBalance(t, a.id, "BTC")).toEqual({ available: "0.01", held: "0" });
  expect(await breaches([entry.id, tp, sl])).toEqual([]);
});

test("when a pending bracket is cancelled, then its legs are cancelled with it", async () => {
  const a = await createAccount(t, { USD: "10000" });
  const entry = (await post(a, bracket({ order_type: "limit", price: "45000" }))).json();
  const r = await t.app.inject({ method: "DELETE", url: `/api/v1/orders/${entry.id}`, headers: a.headers });
  expect(r.json()).toMatchObject({ status: "cancelled" });
  const after = await getOrder(a, entry.id);
  expect(
    after.legs.map((l: { status: string; reject_reason: string }) => [l.status, l.reject_reason]),
  ).toEqual([
    ["cancelled", "parent_cancelled"],
    ["cancelled", "parent_cancelled"],
  ]);
  expect(await storedBalance(t, a.id, "USD")).toEqual({ available: "10000", held: "0" });
});

test("when a bracket sells, then its exits hold their buy-back once from placement: the quantity at the dearer leg with the fee; cancelling them frees it", async () => {
  const a = await createAccount(t, { BTC: "1", USD: "1000" });
  const r = await post(
    a,
    bracket({
      side: "sell",
      take_profit: { limit_price: "40000" },
      stop_loss: { stop_price: "60000" },
    }),
  );
  expect(r.statusCode, r.body).toBe(201);
  const entry = r.json();
  expect(entry.legs.map((l: { order_type: string; side: string }) => [l.order_type, l.side])).toEqual([
    ["limit", "buy"],
    ["stop", "buy"],
  ]);
  // 0.01 × 60000 × 1.01 (slippage of the stop leg) and its 0.2 % fee, each rounded up to the cent,
  // and two cents for the two legs' own rounding
  expect(await storedBalance(t, a.id, "USD")).toEqual({ available: "392.76", held: "607.24" });
  expect(await storedBalance(t, a.id, "BTC")).toEqual({ available: "0.99", held: "0.01" });
  const [tp, sl] = entry.legs.map((l: { id: string }) => l.id);
  await routeNow(t, v.client, entry.id);
  expect(await getOrder(a, entry.id)).toMatchObject({ status: "filled" });
  expect((await storedBalance(t, a.id, "BTC")).held).toBe("0");
  expect((await storedBalance(t, a.id, "USD")).held).toBe("607.24");
  expect(await breaches([entry.id, tp, sl])).toEqual([]);

  await t.app.inject({ method: "DELETE", url: `/api/v1/orders/${sl}`, headers: a.headers });
  await reconcile([sl, tp]);
  expect((await getOrder(a, entry.id)).legs.map((l: { status: string }) => l.status)).toEqual([
    "cancelled",
    "cancelled",
  ]);
  expect((await storedBalance(t, a.id, "USD")).held).toBe("0");
  expect(await breaches([entry.id, tp, sl])).toEqual([]);
});

test("when a sell bracket's exits cannot be funded, then nothing of it is placed", async () => {
  const a = await createAccount(t, { BTC: "1", USD: "100" });
  const r = await post(
    a,
    bracket({ side: "sell", take_profit: { limit_price: "40000" }, stop_loss: { stop_price: "60000" } }),
  );
  expect(r.statusCode).toBe(422);
  expect(r.json().error.code).toBe("INSUFFICIENT_FUNDS");
  // The refusal names what is short: the exits' USD, not the entry's BTC.
  expect(r.json().error.details).toEqual([
    { path: "needed", message: "607.24 USD" },
    { path: "available", message: "100 USD" },
  ]);
  expect(await storedBalance(t, a.id, "BTC")).toEqual({ available: "1", held: "0" });
  expect(await storedBalance(t, a.id, "USD")).toEqual({ available: "100", held: "0" });
  const orders = await t.database.db
    .selectFrom("orders")
    .select("id")
    .where("account_id", "=", a.id)
    .execute();
  expect(orders).toEqual([]);
});

test("when a leg of a class is replaced, then it is refused and nothing changes", async () => {
  const a = await createAccount(t, { BTC: "1" });
  const parent = (
    await post(a, {
      symbol: "BTC-USD",
      side: "sell",
      order_type: "limit",
      quantity: "0.5",
      price: "60000",
      order_class: "oco",
      stop_loss: { stop_price: "40000" },
    })
  ).json();
  await routeNow(t, v.client, parent.id);
  const r = await t.app.inject({
    method: "PATCH",
    url: `/api/v1/orders/${parent.id}`,
    headers: a.headers,
    payload: { price: "61000" },
  });
  expect(r.statusCode).toBe(409);
  expect(r.json().error.code).toBe("ORDER_NOT_REPLACEABLE");
  expect(await getOrder(a, parent.id)).toMatchObject({ price: "60000", status: "open" });
  expect(await storedBalance(t, a.id, "BTC")).toEqual({ available: "0.5", held: "0.5" });
});

test("when a bracket is replayed with its client_order_id, then the answer is the same class with its legs; a different class under it is a mismatch", async () => {
  const a = await createAccount(t, { USD: "10000" });
  const body = bracket({ order_type: "limit", price: "45000", client_order_id: `b-${Date.now()}` });
  const first = await post(a, body);
  const again = await post(a, body);
  expect(again.statusCode).toBe(200);
  expect(again.json().legs.map((l: { id: string }) => l.id)).toEqual(
    first.json().legs.map((l: { id: string }) => l.id),
  );
  const other = await post(a, { ...body, take_profit: { limit_price: "61000" } });
  expect(other.statusCode).toBe(409);
  expect(other.json().error.code).toBe("IDEMPOTENCY_MISMATCH");
  // Held once, for the first placement only: 0.01 × 45000 × 1.002.
  expect(first.json().legs).toHaveLength(2);
  expect((await storedBalance(t, a.id, "USD")).held).toBe("450.9");
});
