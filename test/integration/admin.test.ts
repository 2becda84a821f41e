import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { bearer, buildTestApp, createAccount, type TestApp } from "../support/app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const admin = () => bearer(t.adminToken);

describe("admin", () => {
  test("when the admin token is wrong, then 401", async () => {
    const r = await t.app.inject({
      method: "POST",
      url: "/api/v1/admin/accounts",
      headers: bearer("adm_wrong"),
      payload: { name: "x" },
    });
    expect(r.statusCode).toBe(401);
  });

  test("when deposits are made, then balances add up and the ledger balances to zero per asset", async () => {
    const a = await createAccount(t, { USD: "100.5", BTC: "0.25" });
    const more = await t.app.inject({
      method: "POST",
      url: `/api/v1/admin/accounts/${a.id}/deposits`,
      headers: admin(),
      payload: { asset: "USD", amount: 0.1 },
    });
    expect(more.statusCode).toBe(201);
    expect(more.json().balance).toEqual({ asset: "USD", total: "100.6", available: "100.6", held: "0" });
    const sums = await t.database.db
      .selectFrom("ledger_entries")
      .select(["asset", (eb) => eb.fn.sum<string>("amount").as("sum")])
      .groupBy("asset")
      .execute();
    for (const s of sums) expect(Number(s.sum)).toBe(0);
  });

  test.each([
    [{ asset: "XYZ", amount: "1" }, "asset"],
    [{ asset: "USD", amount: "-1" }, "amount"],
    [{ asset: "USD", amount: "1e5" }, "amount"],
    [{ asset: "USD", amount: "10.001" }, "amount"], // USD has 2 decimals
    [{ asset: "BTC", amount: "0.000000001" }, "amount"], // BTC has 8
  ])("when the deposit is %j, then 422 names %s", async (payload, path) => {
    const a = await createAccount(t, {});
    const r = await t.app.inject({
      method: "POST",
      url: `/api/v1/admin/accounts/${a.id}/deposits`,
      headers: admin(),
      payload,
    });
    expect(r.statusCode).toBe(422);
    expect(r.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  test("when a deposit has more decimals than its asset allows, then 422 VALIDATION_ERROR says how many it may have, and nothing moves", async () => {
    const a = await createAccount(t, { USD: "1" });
    const r = await t.app.inject({
      method: "POST",
      url: `/api/v1/admin/accounts/${a.id}/deposits`,
      headers: admin(),
      payload: { asset: "USD", amount: "0.005" },
    });
    expect(r.statusCode).toBe(422);
    expect(r.json().error).toMatchObject({
      code: "VALIDATION_ERROR",
      details: [{ path: "amount", message: "USD has at most 2 decimals (a multiple of 0.01)" }],
    });
    const ok = await t.app.inject({
      method: "POST",
      url: `/api/v1/admin/accounts/${a.id}/deposits`,
      headers: admin(),
      payload: { asset: "BTC", amount: "0.00000001" },
    });
    expect(ok.json().balance).toMatchObject({ asset: "BTC", total: "0.00000001" });
    const usd = (await t.app.inject({ method: "GET", url: "/api/v1/account", headers: a.headers })).json();
    expect(usd.balances.find((b: { asset: string }) => b.asset === "USD").total).toBe("1");
  });

  test("when depositing to an unknown account, then 404", async () => {
    const r = await t.app.inject({
      method: "POST",
      url: "/api/v1/admin/accounts/01900000-0000-7000-8000-000000000000/deposits",
      headers: admin(),
      payload: { asset: "USD", amount: "1" },
    });
    expect(r.statusCode).toBe(404);
  });

  test("when a key is created, then only its hash is stored; when revoked, then it stops working", async () => {
    const a = await createAccount(t);
    const row = await t.database.db
      .selectFrom("api_keys")
      .selectAll()
      .where("account_id", "=", a.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(a.key.slice(12));
    expect(a.key.startsWith(row.prefix)).toBe(true);
    expect(
      (await t.app.inject({ method: "GET", url: "/api/v1/account", headers: a.headers })).statusCode,
    ).toBe(200);
    const revoked = await t.app.inject({
      method: "DELETE",
      url: `/api/v1/admin/keys/${row.id}`,
      headers: admin(),
    });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revoked_at).not.toBeNull();
    const after = await t.app.inject({ method: "GET", url: "/api/v1/account", headers: a.headers });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.message).toMatch(/revoked/);
  });

  test("when a key is created without a body, then it gets both scopes", async () => {
    const a = await createAccount(t, {});
    const r = await t.app.inject({
      method: "POST",
      url: `/api/v1/admin/accounts/${a.id}/keys`,
      headers: admin(),
    });
    expect(r.statusCode).toBe(201);
    expect(r.json().scopes).toEqual(["read", "trade"]);
  });

  test("when the scopes are invalid, then 422", async () => {
    const a = await createAccount(t, {});
    const r = await t.app.inject({
      method: "POST",
      url: `/api/v1/admin/accounts/${a.id}/keys`,
      headers: admin(),
      payload: { scopes: ["admin"] },
    });
    expect(r.statusCode).toBe(422);
  });
});
