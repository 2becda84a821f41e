// GET /api/v1/orders/by_client_order_id/{client_order_id}: the account's own order, the same view
// as GET /api/v1/orders/{id}.
import { afterAll, beforeAll, expect, test } from "vitest";
import { buildTestApp, clientOrderId, createAccount, limitBuy, type TestApp } from "../support/app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const byClientId = (headers: { authorization: string }, cid: string) =>
  t.app.inject({ method: "GET", url: `/api/v1/orders/by_client_order_id/${cid}`, headers });

test("when an order has a client_order_id, then looking it up by that id answers the same view as by its id", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const cid = clientOrderId();
  const placed = await t.app.inject({
    method: "POST",
    url: "/api/v1/orders",
    headers: a.headers,
    payload: limitBuy({ client_order_id: cid, price: "1000", quantity: "0.01" }),
  });
  expect(placed.statusCode).toBe(201);
  const found = await byClientId(a.headers, cid);
  expect(found.statusCode).toBe(200);
  const byId = await t.app.inject({
    method: "GET",
    url: `/api/v1/orders/${placed.json().id}`,
    headers: a.headers,
  });
  expect(found.json()).toEqual(byId.json());
  expect(found.json()).toMatchObject({ id: placed.json().id, client_order_id: cid });
});

test("when the client_order_id is unknown or another account's, then 404 NOT_FOUND", async () => {
  const owner = await createAccount(t, { USD: "100000" });
  const other = await createAccount(t, { USD: "100000" });
  const cid = clientOrderId();
  const placed = await t.app.inject({
    method: "POST",
    url: "/api/v1/orders",
    headers: owner.headers,
    payload: limitBuy({ client_order_id: cid, price: "1000", quantity: "0.01" }),
  });
  expect(placed.statusCode).toBe(201);
  for (const r of [await byClientId(other.headers, cid), await byClientId(owner.headers, clientOrderId())]) {
    expect(r.statusCode).toBe(404);
    expect(r.json().error.code).toBe("NOT_FOUND");
  }
});

test("when the client_order_id is malformed, then 422 names the parameter", async () => {
  const a = await createAccount(t, { USD: "1" });
  const r = await byClientId(a.headers, "bad%20id");
  expect(r.statusCode).toBe(422);
  expect(r.json().error.details[0].path).toContain("client_order_id");
});
