// The venue's signed execution reports: stored once, settled in order.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { SIGNATURE_HEADER, sign } from "../../src/platform/webhook-signature.ts";
import { buildTestApp, createAccount, limitBuy, type TestApp, WEBHOOK_SECRET } from "../support/app.ts";
import { settlePending } from "../support/fills.ts";
import { countJobs } from "../support/jobs.ts";

let t: TestApp;
beforeAll(async () => {
  // The job path: these tests count the settle jobs that webhooks queue and settle them by hand.
  t = await buildTestApp({ fastPath: false });
});
afterAll(async () => {
  await t.close();
});

function post(body: object, signature?: string) {
  const payload = JSON.stringify(body);
  return t.app.inject({
    method: "POST",
    url: "/internal/venue/executions",
    headers: {
      "content-type": "application/json",
      [SIGNATURE_HEADER]: signature ?? sign(WEBHOOK_SECRET, payload),
    },
    payload,
  });
}

const trade = (orderId: string, executionId: string, quantity: string) => ({
  execution_id: executionId,
  order_id: orderId,
  type: "trade",
  quantity,
  price: "50000",
  liquidity: "taker",
  executed_at: new Date().toISOString(),
});

describe("venue webhook", () => {
  test("when reports arrive twice, then each is stored once, one settle job is queued per new batch, and settlement applies them in order", async () => {
    const a = await createAccount(t, { USD: "10000" });
    const order = (
      await t.app.inject({ method: "POST", url: "/api/v1/orders", headers: a.headers, payload: limitBuy() })
    ).json();
    const reports = [trade(order.id, `${order.id}-1`, "0.03"), trade(order.id, `${order.id}-2`, "0.07")];
    const first = await post({ reports });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ received: 2, new: 2 });
    const again = await post({ reports });
    expect(again.json()).toEqual({ received: 2, new: 0 });
    expect(await countJobs(t.database.db, "settle_fill", order.id)).toBe(1);

    expect(await settlePending(t.database.db, t.services.catalog, order.id)).toEqual(["settled", "settled"]);
    expect(await settlePending(t.database.db, t.services.catalog, order.id)).toEqual([]);
    const after = (
      await t.app.inject({ method: "GET", url: `/api/v1/orders/${order.id}`, headers: a.headers })
    ).json();
    expect(after).toMatchObject({ status: "filled", filled_quantity: "0.1", average_fill_price: "50000" });
  });

  test.each([
    ["no signature", ""],
    ["a wrong secret", sign("another-secret", "{}")],
    ["a stale timestamp", null],
    ["garbage", "t=x,v1=y"],
  ])("when the request has %s, then 401 and nothing is stored", async (_name, header) => {
    const body = { reports: [trade("0193a3b4-0000-7000-8000-000000000001", `bad-${Math.random()}`, "1")] };
    const payload = JSON.stringify(body);
    const signature = header === null ? sign(WEBHOOK_SECRET, payload, Date.now() - 3_600_000) : header;
    const r = await t.app.inject({
      method: "POST",
      url: "/internal/venue/executions",
      headers: {
        "content-type": "application/json",
        ...(signature === "" ? {} : { [SIGNATURE_HEADER]: signature }),
      },
      payload,
    });
    expect(r.statusCode).toBe(401);
    const stored = await t.database.db
      .selectFrom("execution_reports")
      .select("execution_id")
      .where("execution_id", "=", body.reports[0]?.execution_id ?? "")
      .execute();
    expect(stored).toEqual([]);
  });

  test("when the venue sends 500 reports in one call (a backlog), then they are taken whatever the client body limit", async () => {
    const a = await createAccount(t, { USD: "10000000" });
    const order = (
      await t.app.inject({
        method: "POST",
        url: "/api/v1/orders",
        headers: a.headers,
        payload: limitBuy({ quantity: "5", price: "50000" }),
      })
    ).json();
    const reports = Array.from({ length: 500 }, (_, i) => trade(order.id, `${order.id}-b${i}`, "0.01"));
    expect(JSON.stringify({ reports }).length).toBeGreaterThan(65_536);
    const r = await post({ reports });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ received: 500, new: 500 });
  });

  test("when a signed body is not a valid report, then 422", async () => {
    const r = await post({ reports: [{ execution_id: "x", order_id: "not-a-uuid", type: "trade" }] });
    expect(r.statusCode).toBe(422);
  });
});
