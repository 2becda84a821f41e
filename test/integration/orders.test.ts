import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { listEventsAfter } from "../../src/modules/events/events.service.ts";
import {
  buildTestApp,
  clientOrderId,
  createAccount,
  limitBuy,
  type TestAccount,
  type TestApp,
} from "../support/app.ts";
import { countJobs } from "../support/jobs.ts";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const place = (a: TestAccount, payload: object) =>
  t.app.inject({ method: "POST", url: "/api/v1/orders", headers: a.headers, payload });

async function balance(a: TestAccount, asset: string) {
  const r = await t.app.inject({ method: "GET", url: "/api/v1/account", headers: a.headers });
  return (
    r.json().balances.find((b: { asset: string }) => b.asset === asset) ?? {
      total: "0",
      available: "0",
      held: "0",
    }
  );
}

describe("placing an order", () => {
  test("when a limit buy is valid, then it is pending, funds are held, the event exists, and no routing job is queued (this process routes it)", async () => {
    const a = await createAccount(t, { USD: "10000" });
    const r = await place(a, limitBuy({ quantity: "0.1", price: "50000" }));
    expect(r.statusCode).toBe(201);
    const order = r.json();
    expect(order).toMatchObject({
      symbol: "BTC-USD",
      side: "buy",
      order_type: "limit",
      time_in_force: "gtc",
      quantity: "0.1",
      price: "50000",
      trigger_price: null,
      status: "pending",
      filled_quantity: "0",
      average_fill_price: null,
      client_order_id: null,
    });
    expect(await balance(a, "USD")).toEqual({
      asset: "USD",
      total: "10000",
      available: "4990",
      held: "5010",
    });
    // FAST_PATH: the rescue queues one only if this process has not routed it in time; with
    // FAST_PATH off placement queues one (routing-batch.test.ts).
    expect(await countJobs(t.database.db, "route_orders", order.id)).toBe(0);
    const events = await listEventsAfter(t.database.db, a.id, 0n, 1_000);
    // The deposit's two, then the placement's.
    expect(events.map((e) => e.type)).toEqual([
      "balance.updated",
      "activity.created",
      "order.created",
      "balance.updated",
    ]);
    expect(events.map((e) => e.seq)).toEqual(["1", "2", "3", "4"]);
  });

  test("when a sell is placed, then the base asset is held", async () => {
    const a = await createAccount(t, { BTC: "1" });
    const r = await place(a, { symbol: "BTC-USD", side: "sell", order_type: "market", quantity: "0.4" });
    expect(r.statusCode).toBe(201);
    expect(r.json().time_in_force).toBe("ioc");
    expect(await balance(a, "BTC")).toMatchObject({ available: "0.6", held: "0.4" });
  });

  test("when funds are short, then 422 INSUFFICIENT_FUNDS says what the order needs and what is available, and nothing is written", async () => {
    const a = await createAccount(t, { USD: "100" });
    const r = await place(a, limitBuy({ client_order_id: "short-1" }));
    expect(r.statusCode).toBe(422);
    expect(r.json().error).toEqual({
      code: "INSUFFICIENT_FUNDS",
      message: "not enough available USD: this order needs 5010 USD; 100 USD is available",
      details: [
        { path: "needed", message: "5010 USD" },
        { path: "available", message: "100 USD" },
      ],
    });
    const orders = await t.database.db
      .selectFrom("orders")
      .select("id")
      .where("account_id", "=", a.id)
      .execute();
    expect(orders).toHaveLength(0);
    expect(await balance(a, "USD")).toMatchObject({ available: "100", held: "0" });
  });

  test("when funds are held by an open order, then INSUFFICIENT_FUNDS counts only what is still available", async () => {
    const a = await createAccount(t, { USD: "6000" });
    expect((await place(a, limitBuy())).statusCode).toBe(201);
    const r = await place(a, limitBuy());
    expect(r.statusCode).toBe(422);
    expect(r.json().error.details).toEqual([
      { path: "needed", message: "5010 USD" },
      { path: "available", message: "990 USD" },
    ]);
  });

  test.each([
    ["an unknown symbol", limitBuy({ symbol: "DOGE-USD" }), 422, "UNKNOWN_SYMBOL"],
    ["a price off the tick", limitBuy({ price: "50000.005" }), 422, "VALIDATION_ERROR"],
    ["a quantity off the lot", limitBuy({ quantity: "0.000105" }), 422, "VALIDATION_ERROR"],
    ["a missing price", limitBuy({ price: undefined }), 422, "VALIDATION_ERROR"],
    ["an invalid symbol", limitBuy({ symbol: "invalid symbol!" }), 422, "VALIDATION_ERROR"],
  ])("when the order has %s, then %i %s", async (_name, body, status, code) => {
    const a = await createAccount(t);
    const r = await place(a, body);
    expect(r.statusCode).toBe(status);
    expect(r.json().error.code).toBe(code);
  });

  test("when validation fails, then details name each field", async () => {
    const a = await createAccount(t);
    const r = await place(a, {
      symbol: "BTC-USD",
      side: "buy",
      order_type: "market",
      quantity: "-1",
      price: "5",
    });
    expect(r.statusCode).toBe(422);
    const paths = r.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["quantity", "price"]));
  });
});

describe("client_order_id idempotency", () => {
  test("when the same body is replayed, then 200 with the same order and one hold", async () => {
    const a = await createAccount(t, { USD: "10000" });
    const body = limitBuy({ client_order_id: clientOrderId() });
    const first = await place(a, body);
    const second = await place(a, { ...body, quantity: 0.1, price: 50000 });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual(first.json());
    expect(await balance(a, "USD")).toMatchObject({ held: "5010" });
  });

  test("when the same id comes with a different body, then 409 IDEMPOTENCY_MISMATCH", async () => {
    const a = await createAccount(t);
    const id = clientOrderId();
    expect((await place(a, limitBuy({ client_order_id: id }))).statusCode).toBe(201);
    const r = await place(a, limitBuy({ client_order_id: id, price: "49000" }));
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe("IDEMPOTENCY_MISMATCH");
  });

  test("when another account uses the same id, then it is a different order", async () => {
    const [a, b] = [await createAccount(t), await createAccount(t)];
    const id = clientOrderId();
    expect((await place(a, limitBuy({ client_order_id: id }))).statusCode).toBe(201);
    expect((await place(b, limitBuy({ client_order_id: id }))).statusCode).toBe(201);
  });

  test("when identical unfunded requests race, then every one is 422 INSUFFICIENT_FUNDS", async () => {
    const a = await createAccount(t, { USD: "10" });
    const body = limitBuy({ client_order_id: clientOrderId() });
    const results = await Promise.all(Array.from({ length: 6 }, () => place(a, body)));
    expect(results.map((r) => r.statusCode)).toEqual([422, 422, 422, 422, 422, 422]);
    for (const r of results) expect(r.json().error.code).toBe("INSUFFICIENT_FUNDS");
  });

  test("when 20 identical requests race, then exactly one order exists and one is 201", async () => {
    const a = await createAccount(t, { USD: "100000" });
    const body = limitBuy({ client_order_id: clientOrderId() });
    const results = await Promise.all(Array.from({ length: 20 }, () => place(a, body)));
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(19);
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
    expect(await balance(a, "USD")).toMatchObject({ held: "5010", available: "94990" });
  });
});

describe("pre-trade risk under concurrency", () => {
  test("when 40 orders race for funds enough for 10, then exactly 10 are accepted and available never goes negative", async () => {
    const a = await createAccount(t, { USD: "50100" });
    const results = await Promise.all(
      Array.from({ length: 40 }, () => place(a, limitBuy({ quantity: "0.1", price: "50000" }))),
    );
    const accepted = results.filter((r) => r.statusCode === 201);
    const refused = results.filter((r) => r.statusCode === 422);
    expect(accepted).toHaveLength(10);
    expect(refused).toHaveLength(30);
    for (const r of refused) expect(r.json().error.code).toBe("INSUFFICIENT_FUNDS");
    expect(await balance(a, "USD")).toEqual({ asset: "USD", total: "50100", available: "0", held: "50100" });
  });
});

describe("atomicity of placement", () => {
  test("when the transaction fails at commit, then neither the order, the hold, the event nor the job exist", async () => {
    const a = await createAccount(t, { USD: "10000" });
    // A deferred trigger fires at COMMIT, after every statement of place() ran, and aborts it.
    await sql`create or replace function fail_marked_orders() returns trigger language plpgsql as $$
      begin
        if new.client_order_id = 'fail-at-commit' then raise exception 'forced failure at commit'; end if;
        return new;
      end $$`.execute(t.database.db);
    await sql`create constraint trigger fail_marked_orders after insert on orders
      deferrable initially deferred for each row execute function fail_marked_orders()`.execute(
      t.database.db,
    );
    try {
      const r = await place(a, limitBuy({ client_order_id: "fail-at-commit" }));
      expect(r.statusCode).toBe(500);
      expect(r.json().error.code).toBe("INTERNAL_ERROR");
      expect(r.body).not.toContain("forced failure");
    } finally {
      await sql`drop trigger fail_marked_orders on orders`.execute(t.database.db);
    }
    const orders = await t.database.db
      .selectFrom("orders")
      .select("id")
      .where("account_id", "=", a.id)
      .execute();
    expect(orders).toHaveLength(0);
    expect(await countJobs(t.database.db, "route_orders", null)).toBe(0);
    const events = await listEventsAfter(t.database.db, a.id, 0n, 1_000);
    expect(events.map((e) => e.type)).toEqual(["balance.updated", "activity.created"]);
    expect(await balance(a, "USD")).toMatchObject({ available: "10000", held: "0" });
  });
});
