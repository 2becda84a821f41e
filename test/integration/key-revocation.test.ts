// A revoked key stops working in every API process at once: two processes of one deployment (one
// database, one Redis), each caching key rows far longer than the test waits.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { bearer, buildTestApp, createAccount, type TestApp } from "../support/app.ts";
import { authenticated, connectStream } from "../support/stream-client.ts";

/** Far above what the test waits: a refusal within it cannot come from the cache expiring. */
const AUTH_CACHE_MS = 60_000;
/** How soon every process must act on a revocation. */
const WITHIN_MS = 1_000;

let a: TestApp;
let b: TestApp;
let baseB: string;
beforeAll(async () => {
  a = await buildTestApp({ redis: true, authCacheMs: AUTH_CACHE_MS });
  b = await buildTestApp({ joining: a, authCacheMs: AUTH_CACHE_MS });
  baseB = await b.app.listen({ host: "127.0.0.1", port: 0 });
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

/** A new read key of the account, with its id (to revoke it). */
async function newKey(accountId: string): Promise<{ id: string; key: string }> {
  const r = await a.app.inject({
    method: "POST",
    url: `/api/v1/admin/accounts/${accountId}/keys`,
    headers: bearer(a.adminToken),
    payload: { scopes: ["read"] },
  });
  expect(r.statusCode).toBe(201);
  return r.json();
}

/** Asks until the answer is 401 or the time is up; returns the last status and when it came. */
async function statusWithin(app: TestApp, key: string, ms: number) {
  const started = Date.now();
  for (;;) {
    const r = await app.app.inject({ method: "GET", url: "/api/v1/account", headers: bearer(key) });
    if (r.statusCode === 401 || Date.now() - started > ms)
      return { status: r.statusCode, afterMs: Date.now() - started };
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("key revocation across processes", () => {
  test("when a key is revoked on one process, then another process that cached it refuses it within a second", async () => {
    const account = await createAccount(a);
    const k = await newKey(account.id);
    // B has the key row in its cache, good for a minute.
    expect(
      (await b.app.inject({ method: "GET", url: "/api/v1/account", headers: bearer(k.key) })).statusCode,
    ).toBe(200);

    const revoked = await a.app.inject({
      method: "DELETE",
      url: `/api/v1/admin/keys/${k.id}`,
      headers: bearer(a.adminToken),
    });
    expect(revoked.statusCode).toBe(200);
    expect(
      (await a.app.inject({ method: "GET", url: "/api/v1/account", headers: bearer(k.key) })).statusCode,
    ).toBe(401);
    const onB = await statusWithin(b, k.key, WITHIN_MS);
    expect(onB.status).toBe(401);
  });

  test("when a key is revoked on one process, then its stream open on another process closes with 4401 within a second", async () => {
    const account = await createAccount(a);
    const k = await newKey(account.id);
    const stream = await connectStream(baseB, { key: k.key });
    await stream.waitFor(authenticated);

    const started = Date.now();
    const revoked = await a.app.inject({
      method: "DELETE",
      url: `/api/v1/admin/keys/${k.id}`,
      headers: bearer(a.adminToken),
    });
    expect(revoked.statusCode).toBe(200);
    const closed = await Promise.race([
      stream.closed,
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), WITHIN_MS)),
    ]);
    const afterMs = Date.now() - started;
    stream.ws.terminate();
    expect(closed).toEqual({ code: 4401, reason: "this API key was revoked" });
    expect(afterMs).toBeLessThan(WITHIN_MS);
  });

  test("when another key of the same account is revoked, then this key's stream stays open", async () => {
    const account = await createAccount(a);
    const kept = await newKey(account.id);
    const other = await newKey(account.id);
    const stream = await connectStream(baseB, { key: kept.key });
    await stream.waitFor(authenticated);
    await a.app.inject({
      method: "DELETE",
      url: `/api/v1/admin/keys/${other.id}`,
      headers: bearer(a.adminToken),
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    stream.send({ op: "ping" });
    await stream.waitFor((m) => m.some((x) => x.type === "pong"));
    await stream.close();
  });
});
