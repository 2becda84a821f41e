// Who may read /metrics on the API's port, from the settings of a role as production parses them.
import { afterEach, describe, expect, test } from "vitest";
import { appSettings } from "../../src/app/compose.ts";
import { ConfigError, parseConfig } from "../../src/config.ts";
import { bearer, buildTestApp, type TestApp } from "../support/app.ts";

const TOKEN = "metrics-token-0123456789abcdef";

/** What `bourse api` would run with in production, plus the given settings. */
function production(extra: Record<string, string> = {}) {
  const config = parseConfig(
    {
      NODE_ENV: "production",
      DATABASE_URL: "postgres://bourse@db/bourse",
      REDIS_URL: "redis://redis:6379",
      ADMIN_TOKEN: "admin-token-0123456789abcdef",
      VENUE_WEBHOOK_SECRET: "venue-secret-0123456789abcdefghijklmn",
      ...extra,
    },
    "api",
  );
  return appSettings(config, undefined).http.metrics;
}

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const scrape = (app: TestApp, headers: Record<string, string> = {}) =>
  app.app.inject({ method: "GET", url: "/metrics", headers });

describe("/metrics on the API port", () => {
  test("when production has a METRICS_TOKEN, then /metrics answers 401 without it or with another, and 200 with it", async () => {
    t = await buildTestApp({ metrics: production({ METRICS_TOKEN: TOKEN }) });
    const none = await scrape(t);
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe("UNAUTHENTICATED");
    expect((await scrape(t, bearer(`${TOKEN}x`))).statusCode).toBe(401);
    expect((await scrape(t, bearer(t.adminToken))).statusCode).toBe(401);
    const ok = await scrape(t, bearer(TOKEN));
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain("# TYPE");
  });

  test("when production has no METRICS_TOKEN, then /metrics is not served on the API port", async () => {
    t = await buildTestApp({ metrics: production() });
    expect((await scrape(t)).statusCode).toBe(404);
    expect((await scrape(t, bearer(t.adminToken))).statusCode).toBe(404);
  });

  test("when development has no METRICS_TOKEN, then /metrics is open as before", async () => {
    t = await buildTestApp();
    expect((await scrape(t)).statusCode).toBe(200);
  });

  test("when production's METRICS_TOKEN is short or a placeholder, then the configuration is refused", () => {
    expect(() => production({ METRICS_TOKEN: "changeme" })).toThrow(ConfigError);
    expect(() => production({ METRICS_TOKEN: "short-token" })).toThrow(/METRICS_TOKEN/);
  });
});
