import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { listEventsAfter } from "../../src/modules/events/events.service.ts";
import { buildTestApp, createAccount, limitBuy, type TestAccount, type TestApp } from "../support/app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const get = (a: TestAccount, url: string) => t.app.inject({ method: "GET", url, headers: a.headers });
const place = async (a: TestAccount, payload: object) => {
  const r = await t.app.inject({ method: "POST", url: "/api/v1/orders", headers: a.headers, payload });
  expect(r.statusCode).toBe(201);
  return r.json();
};

describe("reading orders", () => {
  test("when an account reads its order, then it gets it; another account gets 404", async () => {
    const [a, b] = [await createAccount(t), await createAccount(t)];
    const order = await place(a, limitBuy());
    expect((await get(a, `/api/v1/orders/${order.id}`)).json()).toEqual(order);
    const other = await get(b, `/api/v1/orders/${order.id}`);
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe("NOT_FOUND");
  });

  test("when the id is not a UUID, then 422 names the id", async () => {
    const a = await createAccount(t);
    const r = await get(a, "/api/v1/orders/not-a-uuid");
    expect(r.statusCode).toBe(422);
    expect(r.json().error.details[0].path).toBe("id");
  });

  test("when listing, then orders come newest first, page by cursor without gaps or repeats", async () => {
    const a = await createAccount(t, { USD: "1000000", BTC: "10", ETH: "100" });
    const placed: string[] = [];
    for (let i = 0; i < 7; i++) placed.push((await place(a, limitBuy({ price: String(40000 + i) }))).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/orders?limit=3${cursor === null ? "" : `&cursor=${cursor}`}`;
      const page = (await get(a, url)).json();
      expect(page.data.length).toBeLessThanOrEqual(3);
      seen.push(...page.data.map((o: { id: string }) => o.id));
      cursor = page.next_cursor;
    } while (cursor !== null);
    expect(seen).toEqual([...placed].reverse());
  });

  test("when filtering by symbol, side and status, then only matching orders are listed", async () => {
    const a = await createAccount(t, { USD: "1000000", ETH: "100" });
    const btc = await place(a, limitBuy());
    const eth = await place(a, {
      symbol: "ETH-USD",
      side: "sell",
      order_type: "limit",
      quantity: "1",
      price: "3000",
    });
    const bySymbol = (await get(a, "/api/v1/orders?symbol=ETH-USD")).json();
    expect(bySymbol.data.map((o: { id: string }) => o.id)).toEqual([eth.id]);
    const bySide = (await get(a, "/api/v1/orders?side=buy")).json();
    expect(bySide.data.map((o: { id: string }) => o.id)).toEqual([btc.id]);
    await t.app.inject({ method: "POST", url: `/api/v1/orders/${btc.id}/cancel`, headers: a.headers });
    const cancelled = (await get(a, "/api/v1/orders?status=cancelled")).json();
    expect(cancelled.data.map((o: { id: string }) => o.id)).toEqual([btc.id]);
  });

  test.each([
    ["limit=0", "limit"],
    ["limit=501", "limit"],
    ["cursor=abc", "cursor"],
    ["status=done", "status"],
  ])("when the query has %s, then 422 names %s", async (query, path) => {
    const a = await createAccount(t);
    const r = await get(a, `/api/v1/orders?${query}`);
    expect(r.statusCode).toBe(422);
    expect(r.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
  });
});

describe("cancelling", () => {
  test("when a pending order is cancelled (POST …/cancel), then it is cancelled and its hold released", async () => {
    const a = await createAccount(t, { USD: "10000" });
    const order = await place(a, limitBuy());
    const r = await t.app.inject({
      method: "POST",
      url: `/api/v1/orders/${order.id}/cancel`,
      headers: a.headers,
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().status).toBe("cancelled");
    const account = (await get(a, "/api/v1/account")).json();
    expect(account.balances).toContainEqual({ asset: "USD", total: "10000", available: "10000", held: "0" });
  });

  test("when a pending order is cancelled, then the events continue the sequence (routing, here or by a job, will skip it)", async () => {
    const a = await createAccount(t, { USD: "10000" });
    const order = await place(a, limitBuy());
    await t.app.inject({ method: "POST", url: `/api/v1/orders/${order.id}/cancel`, headers: a.headers });
    const events = await listEventsAfter(t.database.db, a.id, 0n, 1_000);
    expect(events.map((e) => `${e.seq} ${e.type}`)).toEqual([
      "1 balance.updated",
      "2 activity.created",
      "3 order.created",
      "4 balance.updated",
      "5 order.updated",
      "6 balance.updated",
    ]);
    expect(events[3]?.payload).toEqual({ asset: "USD", total: "10000", available: "4990", held: "5010" });
    expect(events[4]?.payload).toMatchObject({ id: order.id, status: "cancelled" });
    expect(events[5]?.payload).toEqual({ asset: "USD", total: "10000", available: "10000", held: "0" });
  });

  test("when cancelled with DELETE, then the same happens; a second cancel is 409 ORDER_NOT_CANCELLABLE", async () => {
    const a = await createAccount(t);
    const order = await place(a, limitBuy());
    const first = await t.app.inject({
      method: "DELETE",
      url: `/api/v1/orders/${order.id}`,
      headers: a.headers,
    });
    expect(first.json().status).toBe("cancelled");
    const second = await t.app.inject({
      method: "DELETE",
      url: `/api/v1/orders/${order.id}`,
      headers: a.headers,
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe("ORDER_NOT_CANCELLABLE");
  });

  test("when another account cancels the order, then 404 and the order is untouched", async () => {
    const [a, b] = [await createAccount(t), await createAccount(t)];
    const order = await place(a, limitBuy());
    const r = await t.app.inject({
      method: "POST",
      url: `/api/v1/orders/${order.id}/cancel`,
      headers: b.headers,
    });
    expect(r.statusCode).toBe(404);
    expect((await get(a, `/api/v1/orders/${order.id}`)).json().status).toBe("pending");
  });

  test("when cancelling all of one symbol, then only those are cancelled and their holds released", async () => {
    const a = await createAccount(t, { USD: "100000", ETH: "10" });
    const b1 = await place(a, limitBuy());
    const b2 = await place(a, limitBuy({ price: "49000" }));
    const e1 = await place(a, {
      symbol: "ETH-USD",
      side: "sell",
      order_type: "limit",
      quantity: "1",
      price: "3000",
    });
    const r = await t.app.inject({
      method: "DELETE",
      url: "/api/v1/orders?symbol=BTC-USD",
      headers: a.headers,
    });
    expect(r.statusCode).toBe(200);
    expect(
      r
        .json()
        .data.map((o: { id: string }) => o.id)
        .sort(),
    ).toEqual([b1.id, b2.id].sort());
    expect((await get(a, `/api/v1/orders/${e1.id}`)).json().status).toBe("pending");
    const dash = (await get(a, "/api/v1/dashboard")).json();
    expect(dash.open_orders.map((o: { id: string }) => o.id)).toEqual([e1.id]);
    expect(dash.balances).toContainEqual({ asset: "USD", total: "100000", available: "100000", held: "0" });
    expect(dash.balances).toContainEqual({ asset: "ETH", total: "10", available: "9", held: "1" });
    expect(dash.positions).toEqual([]);
    const all = await t.app.inject({ method: "DELETE", url: "/api/v1/orders", headers: a.headers });
    expect(all.json().data.map((o: { id: string }) => o.id)).toEqual([e1.id]);
  });

  test("when cancels race with each other, then the hold is released exactly once", async () => {
    const a = await createAccount(t, { USD: "10000" });
    const order = await place(a, limitBuy());
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.app.inject({ method: "POST", url: `/api/v1/orders/${order.id}/cancel`, headers: a.headers }),
      ),
    );
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(9);
    const account = (await get(a, "/api/v1/account")).json();
    expect(account.balances).toContainEqual({ asset: "USD", total: "10000", available: "10000", held: "0" });
  });
});
