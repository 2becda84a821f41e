// What one finished request logs at the default level, read from the app's own logger.
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { REDACT_PATHS } from "../../src/platform/logger.ts";
import { bearer, buildTestApp, createAccount, limitBuy, type TestApp } from "../support/app.ts";

let t: TestApp;
const lines: Record<string, unknown>[] = [];
beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n")) if (line !== "") lines.push(JSON.parse(line));
      done();
    },
  });
  // The default level, as `bourse api` logs in production.
  const log = pino({ level: "info", redact: { paths: REDACT_PATHS, censor: "[redacted]" } }, sink);
  t = await buildTestApp({ log });
});
afterAll(async () => {
  await t.close();
});

const completions = (requestId: string) =>
  lines.filter((l) => l.msg === "request completed" && l.request_id === requestId);

describe("the request log at the default level", () => {
  test("when a request fails, then one info line has its method, route, path, status, code, duration and id", async () => {
    const a = await createAccount(t);
    const { price: _omitted, ...noPrice } = limitBuy();
    const r = await t.app.inject({
      method: "POST",
      url: "/api/v1/orders?cursor=secret-looking",
      headers: { ...a.headers, "x-request-id": "log-422" },
      payload: noPrice,
    });
    expect(r.statusCode).toBe(422);
    const logged = completions("log-422");
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      level: 30,
      method: "POST",
      route: "/api/v1/orders",
      path: "/api/v1/orders",
      status: 422,
      code: "VALIDATION_ERROR",
      account_id: a.id,
    });
    expect(logged[0]?.ms).toEqual(expect.any(Number));
    const text = JSON.stringify(logged[0]);
    expect(text).not.toContain(a.key);
    expect(text).not.toContain("secret-looking");
  });

  test("when a credential is refused or a route is missing, then the line has the code and never the token", async () => {
    const token = `bk_${"Z".repeat(40)}`;
    await t.app.inject({
      method: "GET",
      url: "/api/v1/account",
      headers: { ...bearer(token), "x-request-id": "log-401" },
    });
    await t.app.inject({ method: "PUT", url: "/api/v1/orders", headers: { "x-request-id": "log-405" } });
    expect(completions("log-401")).toEqual([
      expect.objectContaining({ status: 401, code: "UNAUTHENTICATED" }),
    ]);
    expect(JSON.stringify(completions("log-401"))).not.toContain(token);
    expect(completions("log-405")).toEqual([
      expect.objectContaining({ status: 405, code: "METHOD_NOT_ALLOWED" }),
    ]);
  });

  test("when a request succeeds, then nothing is logged for it", async () => {
    const r = await t.app.inject({ method: "GET", url: "/healthz", headers: { "x-request-id": "log-200" } });
    expect(r.statusCode).toBe(200);
    expect(completions("log-200")).toEqual([]);
  });
});
