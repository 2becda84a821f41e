// Idempotency-Key: a retried write answers the first response instead of running again.
import { hash } from "node:crypto";
import Fastify from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { errorHandler } from "../../src/http/errors.ts";
import { registerIdempotency } from "../../src/http/idempotency.ts";
import { IdempotencyKeys } from "../../src/modules/idempotency/idempotency.service.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { bearer, buildTestApp, createAccount, limitBuy, type TestApp } from "../support/app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const admin = () => bearer(t.adminToken);
let n = 0;
const newKey = () => `key-${process.pid}-${++n}-${Math.random().toString(36).slice(2)}`;

const deposit = (accountId: string, key: string | undefined, amount = "10") =>
  t.app.inject({
    method: "POST",
    url: `/api/v1/admin/accounts/${accountId}/deposits`,
    headers: { ...admin(), ...(key === undefined ? {} : { "idempotency-key": key }) },
    payload: { asset: "USD", amount },
  });

const movements = async (accountId: string, kind: string) =>
  Number(
    (
      await t.database.db
        .selectFrom("ledger_entries")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("account_id", "=", accountId)
        .where("kind", "=", kind)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("Idempotency-Key", () => {
  test("when a deposit is sent twice with the same key, then the second answers the first's response, replayed, and the money moves once", async () => {
    const a = await createAccount(t, {});
    const key = newKey();
    const first = await deposit(a.id, key);
    expect(first.statusCode).toBe(201);
    expect(first.headers["idempotent-replayed"]).toBeUndefined();
    const again = await deposit(a.id, key);
    expect(again.statusCode).toBe(201);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.headers["content-type"]).toBe(first.headers["content-type"]);
    expect(again.json()).toEqual(first.json());
    expect(await movements(a.id, "deposit")).toBe(1);
  });

  test("when no key is sent, then each request runs", async () => {
    const a = await createAccount(t, {});
    expect((await deposit(a.id, undefined)).statusCode).toBe(201);
    expect((await deposit(a.id, undefined)).statusCode).toBe(201);
    expect(await movements(a.id, "deposit")).toBe(2);
  });

  test("when the key is reused for another body or path, then 409 IDEMPOTENCY_MISMATCH and nothing runs", async () => {
    const a = await createAccount(t, {});
    const b = await createAccount(t, {});
    const key = newKey();
    expect((await deposit(a.id, key, "10")).statusCode).toBe(201);
    const otherBody = await deposit(a.id, key, "11");
    expect(otherBody.statusCode).toBe(409);
    expect(otherBody.json().error.code).toBe("IDEMPOTENCY_MISMATCH");
    const otherPath = await deposit(b.id, key, "10");
    expect(otherPath.statusCode).toBe(409);
    expect(otherPath.json().error.code).toBe("IDEMPOTENCY_MISMATCH");
    expect(await movements(a.id, "deposit")).toBe(1);
    expect(await movements(b.id, "deposit")).toBe(0);
  });

  test.each([
    ["empty", ""],
    ["too long", "k".repeat(256)],
    ["not printable ASCII", "clé-1"],
  ])("when the key is %s, then 422 names the header and nothing runs", async (_what, key) => {
    const a = await createAccount(t, {});
    const r = await deposit(a.id, key);
    expect(r.statusCode).toBe(422);
    expect(r.json().error.details).toEqual([expect.objectContaining({ path: "Idempotency-Key" })]);
    expect(await movements(a.id, "deposit")).toBe(0);
  });

  test("when the body fails validation, then nothing is kept and the corrected request may use the key", async () => {
    const a = await createAccount(t, {});
    const key = newKey();
    const bad = await deposit(a.id, key, "-1");
    expect(bad.statusCode).toBe(422);
    expect((await deposit(a.id, key, "5")).statusCode).toBe(201);
    expect(await movements(a.id, "deposit")).toBe(1);
  });

  test("when twenty identical deposits arrive at once under one key, then the money moves once and the others are replays or 409 CONFLICT", async () => {
    const a = await createAccount(t, {});
    const key = newKey();
    const answers = await Promise.all(Array.from({ length: 20 }, () => deposit(a.id, key)));
    const statuses = answers.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201 || s === 409)).toHaveLength(20);
    for (const r of answers.filter((r) => r.statusCode === 409)) expect(r.json().error.code).toBe("CONFLICT");
    expect(
      answers.filter((r) => r.statusCode === 201 && r.headers["idempotent-replayed"] === undefined),
    ).toHaveLength(1);
    expect(await movements(a.id, "deposit")).toBe(1);
    const after = await deposit(a.id, key);
    expect(after.statusCode).toBe(201);
    expect(after.headers["idempotent-replayed"]).toBe("true");
  });

  test("when twenty identical orders are placed at once under one key, then one order exists", async () => {
    const a = await createAccount(t, { USD: "100000" });
    const key = newKey();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.app.inject({
          method: "POST",
          url: "/api/v1/orders",
          headers: { ...a.headers, "idempotency-key": key },
          payload: limitBuy({ quantity: "0.01", price: "1000" }),
        }),
      ),
    );
    expect(answers.every((r) => r.statusCode === 201 || r.statusCode === 409)).toBe(true);
    const ids = new Set(answers.filter((r) => r.statusCode === 201).map((r) => r.json().id));
    expect(ids.size).toBe(1);
    const orders = await t.database.db
      .selectFrom("orders")
      .select("id")
      .where("account_id", "=", a.id)
      .execute();
    expect(orders).toHaveLength(1);
  });

  test("when two API keys use the same Idempotency-Key, then each has its own", async () => {
    const a = await createAccount(t, { USD: "100000" });
    const other = await t.app.inject({
      method: "POST",
      url: `/api/v1/admin/accounts/${a.id}/keys`,
      headers: admin(),
      payload: {},
    });
    const key = newKey();
    const place = (headers: Record<string, string>) =>
      t.app.inject({
        method: "POST",
        url: "/api/v1/orders",
        headers: { ...headers, "idempotency-key": key },
        payload: limitBuy({ quantity: "0.01", price: "1000" }),
      });
    const one = await place(a.headers);
    const two = await place(bearer(other.json().key));
    expect([one.statusCode, two.statusCode]).toEqual([201, 201]);
    expect(one.json().id).not.toBe(two.json().id);
  });

  test("when a refusal is answered, then it is kept and replayed too", async () => {
    const a = await createAccount(t, { USD: "1" });
    const key = newKey();
    const place = () =>
      t.app.inject({
        method: "POST",
        url: "/api/v1/orders",
        headers: { ...a.headers, "idempotency-key": key },
        payload: limitBuy(),
      });
    const first = await place();
    expect(first.statusCode).toBe(422);
    expect(first.json().error.code).toBe("INSUFFICIENT_FUNDS");
    await t.app.inject({
      method: "POST",
      url: `/api/v1/admin/accounts/${a.id}/deposits`,
      headers: admin(),
      payload: { asset: "USD", amount: "100000" },
    });
    const again = await place();
    expect(again.statusCode).toBe(422);
    expect(again.headers["idempotent-replayed"]).toBe("true");
  });

  test("when a claim's request never answered (its process died), then after the lapse the same request runs", async () => {
    const a = await createAccount(t, {});
    const key = newKey();
    // The record a claimed request leaves when its process dies before answering.
    const keys = new IdempotencyKeys(t.database.db);
    const owner = `admin:${hash("sha256", t.adminToken).slice(0, 32)}`;
    const claimed = await keys.claim(
      { owner, key },
      {
        method: "POST",
        path: `/api/v1/admin/accounts/${a.id}/deposits`,
        body: { asset: "USD", amount: "10" },
      },
    );
    expect(claimed.kind).toBe("claimed");
    const blocked = await deposit(a.id, key);
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().error.code).toBe("CONFLICT");
    await sql`update idempotency_keys set locked_until = now() - interval '1 second' where key = ${key}`.execute(
      t.database.db,
    );
    const retried = await deposit(a.id, key);
    expect(retried.statusCode).toBe(201);
    expect(retried.headers["idempotent-replayed"]).toBeUndefined();
    expect(await movements(a.id, "deposit")).toBe(1);
    // The dead request's claim was taken over: it can no longer overwrite the kept response.
    if (claimed.kind === "claimed")
      expect(await keys.keep(claimed.ref, { status: 500, headers: {}, body: "{}" })).toBe(false);
  });

  test("when a write fails with a 5xx, then nothing is kept and a retry under the key runs again", async () => {
    const app = Fastify();
    app.setErrorHandler(errorHandler);
    const log = createLogger({ LOG_LEVEL: "silent", LOG_FORMAT: "json", NODE_ENV: "test" });
    registerIdempotency(app, { keys: new IdempotencyKeys(t.database.db), log });
    let calls = 0;
    app.post("/api/v1/admin/flaky", { config: { auth: "admin" } }, async () => {
      calls++;
      if (calls === 1) throw new Error("the first attempt fails");
      return { calls };
    });
    try {
      const key = newKey();
      const send = () =>
        app.inject({
          method: "POST",
          url: "/api/v1/admin/flaky",
          headers: { ...admin(), "idempotency-key": key },
          payload: {},
        });
      expect((await send()).statusCode).toBe(500);
      const retried = await send();
      expect(retried.statusCode).toBe(200);
      expect(retried.json()).toEqual({ calls: 2 });
      const replayed = await send();
      expect(replayed.headers["idempotent-replayed"]).toBe("true");
      expect(replayed.json()).toEqual({ calls: 2 });
      expect(calls).toBe(2);
    } finally {
      await app.close();
    }
  });

  test("when records are past their 24 hours, then the purge deletes them and the key runs afresh", async () => {
    const a = await createAccount(t, {});
    const key = newKey();
    expect((await deposit(a.id, key)).statusCode).toBe(201);
    await sql`update idempotency_keys set expires_at = now() - interval '1 second' where key = ${key}`.execute(
      t.database.db,
    );
    expect(await new IdempotencyKeys(t.database.db).purge()).toBeGreaterThanOrEqual(1);
    const left = await t.database.db
      .selectFrom("idempotency_keys")
      .select("key")
      .where("key", "=", key)
      .execute();
    expect(left).toEqual([]);
    const again = await deposit(a.id, key);
    expect(again.headers["idempotent-replayed"]).toBeUndefined();
    expect(await movements(a.id, "deposit")).toBe(2);
  });

  test("when the OpenAPI document is read, then write routes take the header and their answers may carry Idempotent-Replayed", async () => {
    const doc = (await t.app.inject({ method: "GET", url: "/openapi.json" })).json();
    for (const [path, method] of [
      ["/api/v1/orders", "post"],
      ["/api/v1/admin/accounts/{id}/deposits", "post"],
      ["/api/v1/orders/{id}", "patch"],
      ["/api/v1/orders/{id}", "delete"],
    ] as const) {
      const op = doc.paths[path][method];
      expect(op.parameters.map((p: { name: string }) => p.name)).toContain("Idempotency-Key");
      const ok = Object.entries(op.responses).find(([status]) => status.startsWith("2"))?.[1] as {
        headers: Record<string, unknown>;
      };
      expect(Object.keys(ok.headers)).toContain("Idempotent-Replayed");
    }
    expect(doc.paths["/api/v1/orders"].get.parameters.map((p: { name: string }) => p.name)).not.toContain(
      "Idempotency-Key",
    );
  });
});
