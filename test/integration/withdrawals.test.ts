// Withdrawals: money out of an account's available balance, never past it.
import { afterAll, beforeAll, expect, test } from "vitest";
import { checkInvariants } from "../../src/modules/audit/invariants.ts";
import { Decimal } from "../../src/modules/shared/decimal.ts";
import {
  bearer,
  buildTestApp,
  createAccount,
  limitBuy,
  storedBalance,
  type TestApp,
} from "../support/app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const withdraw = (accountId: string, payload: Record<string, unknown>) =>
  t.app.inject({
    method: "POST",
    url: `/api/v1/admin/accounts/${accountId}/withdrawals`,
    headers: bearer(t.adminToken),
    payload,
  });

test("when an account withdraws part of its balance, then 201 with the balance after, a withdrawal journal to the external account, and the books hold", async () => {
  const a = await createAccount(t, { USD: "1000" });
  const r = await withdraw(a.id, { asset: "USD", amount: "250.5" });
  expect(r.statusCode).toBe(201);
  expect(r.json()).toMatchObject({
    account_id: a.id,
    asset: "USD",
    amount: "250.5",
    balance: { asset: "USD", total: "749.5", available: "749.5", held: "0" },
  });
  const entries = await t.database.db
    .selectFrom("ledger_entries")
    .select(["account_id", "amount"])
    .where("journal_id", "=", r.json().journal_id)
    .execute();
  expect(entries.map((e) => [e.account_id === a.id, new Decimal(e.amount).toFixed()]).sort()).toEqual([
    [false, "250.5"],
    [true, "-250.5"],
  ]);
  expect((await checkInvariants(t.database.db)).filter((c) => c.breaches.length > 0)).toEqual([]);
});

test("when the withdrawal is more than is available (part of the balance is held by an order), then 422 INSUFFICIENT_FUNDS names what is needed and what is available, and nothing moves", async () => {
  const a = await createAccount(t, { USD: "1000" });
  const placed = await t.app.inject({
    method: "POST",
    url: "/api/v1/orders",
    headers: a.headers,
    payload: limitBuy({ quantity: "0.01", price: "50000" }),
  });
  expect(placed.statusCode).toBe(201);
  const before = await storedBalance(t, a.id, "USD");
  const r = await withdraw(a.id, { asset: "USD", amount: "1000" });
  expect(r.statusCode).toBe(422);
  expect(r.json().error.code).toBe("INSUFFICIENT_FUNDS");
  expect(r.json().error.details).toEqual([
    { path: "needed", message: "1000 USD" },
    { path: "available", message: `${before.available} USD` },
  ]);
  expect(await storedBalance(t, a.id, "USD")).toEqual(before);
});

test("when an account never held the asset, then 422 INSUFFICIENT_FUNDS with 0 available", async () => {
  const a = await createAccount(t, { USD: "10" });
  const r = await withdraw(a.id, { asset: "ETH", amount: "1" });
  expect(r.statusCode).toBe(422);
  expect(r.json().error.details).toContainEqual({ path: "available", message: "0 ETH" });
});

test.each([
  [{ asset: "XYZ", amount: "1" }, "asset"],
  [{ asset: "USD", amount: "0" }, "amount"],
  [{ asset: "USD", amount: "-5" }, "amount"],
  [{ asset: "USD" }, "amount"],
])("when the withdrawal is %j, then 422 names %s", async (payload, path) => {
  const a = await createAccount(t, { USD: "10" });
  const r = await withdraw(a.id, payload);
  expect(r.statusCode).toBe(422);
  expect(r.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
});

test("when the account does not exist, then 404; with an API key instead of the admin token, then 401", async () => {
  const a = await createAccount(t, { USD: "10" });
  expect(
    (await withdraw("0193a1b2-0000-7000-8000-000000000000", { asset: "USD", amount: "1" })).statusCode,
  ).toBe(404);
  const asUser = await t.app.inject({
    method: "POST",
    url: `/api/v1/admin/accounts/${a.id}/withdrawals`,
    headers: a.headers,
    payload: { asset: "USD", amount: "1" },
  });
  expect(asUser.statusCode).toBe(401);
});

test("when twenty withdrawals and orders race for one balance, then the balance never goes below zero and exactly what fits is paid out", async () => {
  const a = await createAccount(t, { USD: "1000" });
  const withdrawals = Array.from({ length: 20 }, () => withdraw(a.id, { asset: "USD", amount: "75" }));
  // Orders competing for the same balance: each holds 0.001 × 50000 × (1 + taker fee).
  const orders = Array.from({ length: 5 }, () =>
    t.app.inject({
      method: "POST",
      url: "/api/v1/orders",
      headers: a.headers,
      payload: limitBuy({ quantity: "0.001", price: "50000" }),
    }),
  );
  const answers = await Promise.all([...withdrawals, ...orders]);
  for (const r of answers) expect([201, 422]).toContain(r.statusCode);
  const paid = answers.slice(0, 20).filter((r) => r.statusCode === 201).length;
  const after = await storedBalance(t, a.id, "USD");
  expect(new Decimal(after.available).gte(0)).toBe(true);
  // Whatever the interleaving, what is left cannot pay one more withdrawal.
  expect(paid).toBeGreaterThan(0);
  expect(new Decimal(after.available).lt(75) || paid === 20).toBe(true);
  const total = new Decimal(after.available).plus(after.held);
  expect(total.toFixed()).toBe(new Decimal(1000).minus(75 * paid).toFixed());
  expect((await checkInvariants(t.database.db)).filter((c) => c.breaches.length > 0)).toEqual([]);
});

test("when twenty withdrawals of the whole balance race, then exactly one is paid", async () => {
  const a = await createAccount(t, { BTC: "1.5" });
  const answers = await Promise.all(
    Array.from({ length: 20 }, () => withdraw(a.id, { asset: "BTC", amount: "1.5" })),
  );
  expect(answers.filter((r) => r.statusCode === 201)).toHaveLength(1);
  expect(answers.filter((r) => r.statusCode === 422)).toHaveLength(19);
  expect(await storedBalance(t, a.id, "BTC")).toEqual({ available: "0", held: "0" });
});
