// The account's activities: deposits, withdrawals, fills and fees, read from the ledger.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Decimal } from "../../src/modules/shared/decimal.ts";
import { bearer, buildTestApp, createAccount, type TestAccount, type TestApp } from "../support/app.ts";
import { trade } from "../support/fills.ts";

let t: TestApp;
let a: TestAccount;
let orders: { buy: string; sell: string };

interface Activity {
  id: string;
  type: string;
  asset: string;
  amount: string;
  created_at: string;
  order_id: string | null;
  fill_id: string | null;
  description: string;
}

const list = async (account: TestAccount, query = "") => {
  const r = await t.app.inject({
    method: "GET",
    url: `/api/v1/account/activities${query}`,
    headers: account.headers,
  });
  return r;
};

const all = async (account: TestAccount, query = ""): Promise<Activity[]> => {
  const r = await list(account, query);
  expect(r.statusCode).toBe(200);
  return r.json().data;
};

beforeAll(async () => {
  t = await buildTestApp();
  a = await createAccount(t, { USD: "100000" });
  const buy = await trade(t, a, { side: "buy", quantity: "0.1", price: "50000", liquidity: "taker" });
  const sell = await trade(t, a, { side: "sell", quantity: "0.05", price: "51000", liquidity: "maker" });
  orders = { buy, sell };
  const w = await t.app.inject({
    method: "POST",
    url: `/api/v1/admin/accounts/${a.id}/withdrawals`,
    headers: bearer(t.adminToken),
    payload: { asset: "USD", amount: "100" },
  });
  expect(w.statusCode).toBe(201);
});
afterAll(async () => {
  await t.close();
});

const fillOf = async (orderId: string) =>
  await t.database.db
    .selectFrom("fills")
    .selectAll()
    .where("order_id", "=", orderId)
    .executeTakeFirstOrThrow();

describe("GET /api/v1/account/activities", () => {
  test("when an account deposited, traded twice and withdrew, then it sees each movement newest first: the withdrawal, each fill as two assets and its fee, the deposit", async () => {
    const buy = await fillOf(orders.buy);
    const sell = await fillOf(orders.sell);
    const data = await all(a);
    expect(data.map((x) => [x.type, x.asset, x.amount, x.order_id, x.fill_id])).toEqual([
      ["withdrawal", "USD", "-100", null, null],
      ["fill", "BTC", "-0.05", orders.sell, sell.id],
      ["fill", "USD", "2550", orders.sell, sell.id],
      ...(new Decimal(sell.fee).isZero()
        ? []
        : [["fee", "USD", new Decimal(sell.fee).negated().toFixed(), orders.sell, sell.id]]),
      ["fill", "BTC", "0.1", orders.buy, buy.id],
      ["fill", "USD", "-5000", orders.buy, buy.id],
      ["fee", "USD", new Decimal(buy.fee).negated().toFixed(), orders.buy, buy.id],
      ["deposit", "USD", "100000", null, null],
    ]);
    expect(data.find((x) => x.type === "fill")?.description).toBe("sell 0.05 BTC-USD at 51000");
    expect(data.find((x) => x.type === "fee")?.description).toMatch(/fee on (buy 0.1|sell 0.05) BTC-USD/);
    expect(new Set(data.map((x) => x.id)).size).toBe(data.length);
    for (const x of data) expect(new Date(x.created_at).toISOString()).toBe(x.created_at);
  });

  test("when the activities of each asset are added up, then they make the account's balance", async () => {
    const data = await all(a, "?limit=500");
    const account = (
      await t.app.inject({ method: "GET", url: "/api/v1/account", headers: a.headers })
    ).json();
    for (const b of account.balances as { asset: string; total: string }[]) {
      const sum = data.filter((x) => x.asset === b.asset).reduce((s, x) => s.plus(x.amount), new Decimal(0));
      expect(sum.toFixed()).toBe(b.total);
    }
  });

  test("when read a page of two at a time, then the pages join into the whole list, without a repeat", async () => {
    const whole = await all(a);
    const paged: Activity[] = [];
    let cursor: string | null = null;
    do {
      const r = await list(a, `?limit=2${cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`}`);
      expect(r.statusCode).toBe(200);
      const page = r.json();
      expect(page.data.length).toBeLessThanOrEqual(2);
      paged.push(...page.data);
      cursor = page.next_cursor;
    } while (cursor !== null);
    expect(paged).toEqual(whole);
  });

  test("when types are given, then only those come, paged the same way", async () => {
    const fees = await all(a, "?types=fee");
    expect(fees.length).toBeGreaterThanOrEqual(1);
    expect(fees.every((x) => x.type === "fee")).toBe(true);
    const money = await all(a, "?types=deposit,withdrawal");
    expect(money.map((x) => x.type)).toEqual(["withdrawal", "deposit"]);
    const first = await list(a, "?types=fill&limit=1");
    const second = await list(
      a,
      `?types=fill&limit=1&cursor=${encodeURIComponent(first.json().next_cursor)}`,
    );
    expect(second.json().data[0].type).toBe("fill");
    expect(second.json().data[0].id).not.toBe(first.json().data[0].id);
  });

  test("when after and until are given, then only activities recorded in between come", async () => {
    const data = await all(a);
    const withdrawal = data[0] as Activity;
    const deposit = data.at(-1) as Activity;
    expect((await all(a, `?until=${encodeURIComponent(deposit.created_at)}`)).map((x) => x.type)).toEqual([
      "deposit",
    ]);
    const after = await all(a, `?after=${encodeURIComponent(deposit.created_at)}`);
    expect(after.map((x) => x.type)).not.toContain("deposit");
    expect(after[0]?.id).toBe(withdrawal.id);
    expect(await all(a, `?after=${encodeURIComponent(withdrawal.created_at)}`)).toEqual([]);
  });

  test.each([
    ["?types=fill,refund", "types"],
    ["?types=", "types"],
    ["?after=yesterday", "after"],
    ["?limit=0", "limit"],
    ["?limit=501", "limit"],
    ["?cursor=0193a1b2-0000-7000-8000-000000000000", "cursor"],
  ])("when the query is %s, then 422 names %s", async (query, path) => {
    const r = await list(a, query);
    expect(r.statusCode).toBe(422);
    expect(r.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  test("when another account reads its activities, then it sees only its own", async () => {
    const b = await createAccount(t, { BTC: "2" });
    const data = await all(b);
    expect(data.map((x) => [x.type, x.asset, x.amount])).toEqual([["deposit", "BTC", "2"]]);
  });

  test("when a deposit or a withdrawal is made, then the account's event log gets activity.created with the activity as listed", async () => {
    const events = await t.database.db
      .selectFrom("events")
      .select(["type", "payload"])
      .where("account_id", "=", a.id)
      .where("type", "=", "activity.created")
      .orderBy("seq")
      .execute();
    const data = await all(a, "?types=deposit,withdrawal");
    expect(events.map((e) => e.payload)).toEqual([...data].reverse());
  });

  test("when the key lacks the read scope, then 403", async () => {
    const tradeOnly = await createAccount(t, {}, ["trade"]);
    expect((await list(tradeOnly)).statusCode).toBe(403);
  });
});
