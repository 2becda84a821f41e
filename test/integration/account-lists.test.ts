// Lists a user or an admin could not read before: reports, accounts, keys, settlement runs.
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
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
const get = (url: string, headers = admin()) => t.app.inject({ method: "GET", url, headers });
const ids = (r: { json(): { data: { id: string }[] } }) => r.json().data.map((x) => x.id);
const unknownId = "0193a1b2-0000-7000-8000-000000000000";

async function createNamed(name: string, email: string | undefined) {
  const r = await t.app.inject({
    method: "POST",
    url: "/api/v1/admin/accounts",
    headers: admin(),
    payload: email === undefined ? { name } : { name, email },
  });
  expect(r.statusCode).toBe(201);
  return r.json() as { id: string; name: string; email: string | null };
}

describe("GET /api/v1/reports", () => {
  test("when an account requested reports, then it lists them newest first, page by page, and never another account's", async () => {
    const a = await createAccount(t, {});
    const b = await createAccount(t, {});
    const made: string[] = [];
    for (const date of ["2026-01-01", "2026-01-02", "2026-01-03"]) {
      const r = await t.app.inject({
        method: "POST",
        url: "/api/v1/reports",
        headers: a.headers,
        payload: { kind: "daily_statement", date },
      });
      expect(r.statusCode).toBe(202);
      made.push(r.json().id);
    }
    await t.app.inject({
      method: "POST",
      url: "/api/v1/reports",
      headers: b.headers,
      payload: { kind: "daily_statement", date: "2026-01-01" },
    });
    const all = await get("/api/v1/reports", a.headers);
    expect(all.statusCode).toBe(200);
    expect(ids(all)).toEqual([...made].reverse());
    expect(all.json().data[0]).toMatchObject({
      kind: "daily_statement",
      date: "2026-01-03",
      status: "queued",
    });
    const first = await get("/api/v1/reports?limit=2", a.headers);
    expect(ids(first)).toEqual([made[2], made[1]]);
    const second = await get(`/api/v1/reports?limit=2&cursor=${first.json().next_cursor}`, a.headers);
    expect(ids(second)).toEqual([made[0]]);
    expect(second.json().next_cursor).toBeNull();
    expect(ids(await get("/api/v1/reports", b.headers))).toHaveLength(1);
    expect((await get("/api/v1/reports?limit=0", a.headers)).statusCode).toBe(422);
    expect((await get("/api/v1/reports", admin())).statusCode).toBe(401);
  });
});

describe("admin: accounts and keys", () => {
  test("when accounts are searched by part of a name or an e-mail (any case), then those match, newest first", async () => {
    const tag = randomBytes(4).toString("hex");
    const one = await createNamed(`Alice ${tag}`, `alice.${tag}@example.com`);
    const two = await createNamed(`Bob ${tag}`, `bob@${tag}.example.org`);
    const other = await createNamed("Carol", undefined);
    const byTag = await get(`/api/v1/admin/accounts?q=${tag.toUpperCase()}`);
    expect(byTag.statusCode).toBe(200);
    expect(ids(byTag)).toEqual([two.id, one.id]);
    expect(byTag.json().data[1]).toMatchObject({ name: `Alice ${tag}`, email: `alice.${tag}@example.com` });
    expect(ids(await get(`/api/v1/admin/accounts?q=${encodeURIComponent(`alice.${tag}@`)}`))).toEqual([
      one.id,
    ]);
    // A pattern character is searched as itself.
    expect(ids(await get(`/api/v1/admin/accounts?q=${encodeURIComponent(`%${tag}`)}`))).toEqual([]);
    const page = await get(`/api/v1/admin/accounts?q=${tag}&limit=1`);
    expect(ids(page)).toEqual([two.id]);
    expect(
      ids(await get(`/api/v1/admin/accounts?q=${tag}&limit=1&cursor=${page.json().next_cursor}`)),
    ).toEqual([one.id]);
    const newest = await get("/api/v1/admin/accounts?limit=1");
    expect(ids(newest)).toEqual([other.id]);
    expect((await get("/api/v1/admin/accounts?limit=501")).statusCode).toBe(422);
  });

  test("when the account list is asked with an API key, then 401", async () => {
    const a = await createAccount(t, {});
    expect((await get("/api/v1/admin/accounts", a.headers)).statusCode).toBe(401);
  });

  test("when one account is read, then it shows its e-mail and balances; an unknown one is 404", async () => {
    const made = await createNamed("Dana", "dana@example.com");
    await t.app.inject({
      method: "POST",
      url: `/api/v1/admin/accounts/${made.id}/deposits`,
      headers: admin(),
      payload: { asset: "USD", amount: "42" },
    });
    const r = await get(`/api/v1/admin/accounts/${made.id}`);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      id: made.id,
      name: "Dana",
      email: "dana@example.com",
      balances: [{ asset: "USD", total: "42", available: "42", held: "0" }],
    });
    expect((await get(`/api/v1/admin/accounts/${unknownId}`)).statusCode).toBe(404);
    expect((await get("/api/v1/admin/accounts/not-a-uuid")).statusCode).toBe(422);
  });

  test("when an account's keys are listed, then each shows its prefix, scopes, times of creation, last use and revocation, never the key", async () => {
    const a = await createAccount(t, {}, ["read"]);
    const second = await t.app.inject({
      method: "POST",
      url: `/api/v1/admin/accounts/${a.id}/keys`,
      headers: admin(),
      payload: { scopes: ["trade"] },
    });
    await t.app.inject({ method: "DELETE", url: `/api/v1/admin/keys/${second.json().id}`, headers: admin() });
    expect((await get("/api/v1/account", a.headers)).statusCode).toBe(200);
    let keys = (await get(`/api/v1/admin/accounts/${a.id}/keys`)).json().data;
    // The last use is stamped after the request answers.
    for (let i = 0; i < 50 && keys[1]?.last_used_at === null; i++) {
      await sleep(20);
      keys = (await get(`/api/v1/admin/accounts/${a.id}/keys`)).json().data;
    }
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatchObject({ id: second.json().id, scopes: ["trade"], last_used_at: null });
    expect(keys[0].revoked_at).not.toBeNull();
    expect(keys[1]).toMatchObject({ prefix: a.key.slice(0, 12), scopes: ["read"], revoked_at: null });
    expect(keys[1].last_used_at).not.toBeNull();
    for (const k of keys)
      expect(Object.keys(k).sort()).toEqual([
        "created_at",
        "id",
        "last_used_at",
        "prefix",
        "revoked_at",
        "scopes",
      ]);
    expect(JSON.stringify(keys)).not.toContain(a.key);
    expect((await get(`/api/v1/admin/accounts/${unknownId}/keys`)).statusCode).toBe(404);
  });
});

describe("admin: settlement runs", () => {
  test("when runs were started, then they are listed newest first, page by page", async () => {
    const started: string[] = [];
    for (const date of ["2025-03-01", "2025-03-02"]) {
      const r = await t.app.inject({
        method: "POST",
        url: "/api/v1/admin/settlements",
        headers: admin(),
        payload: { date },
      });
      expect([200, 202]).toContain(r.statusCode);
      started.push(r.json().id);
    }
    const page = await get("/api/v1/admin/settlements?limit=1");
    expect(page.statusCode).toBe(200);
    expect(ids(page)).toEqual([started[1]]);
    expect(page.json().data[0]).toMatchObject({ date: "2025-03-02" });
    const next = await get(`/api/v1/admin/settlements?limit=1&cursor=${page.json().next_cursor}`);
    expect(ids(next)).toEqual([started[0]]);
  });
});

describe("GET /api/v1/account", () => {
  test("when the account has an e-mail address, then it shows it; without one, null", async () => {
    const made = await createNamed("Erin", "erin@example.com");
    const key = await t.app.inject({
      method: "POST",
      url: `/api/v1/admin/accounts/${made.id}/keys`,
      headers: admin(),
      payload: {},
    });
    const r = await get("/api/v1/account", bearer(key.json().key));
    expect(r.json()).toMatchObject({ id: made.id, name: "Erin", email: "erin@example.com" });
    const plain = await createAccount(t, {});
    expect((await get("/api/v1/account", plain.headers)).json().email).toBeNull();
  });
});
