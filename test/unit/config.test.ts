import { describe, expect, test } from "vitest";
import { ConfigError, parseConfig } from "../../src/config.ts";

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    parseConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

const VENUE_SECRET = "venue-secret-0123456789abcdef0123456789";

describe("configuration", () => {
  test("when nothing is set, then the embedded defaults apply", () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      HOST: "127.0.0.1",
      PORT: 8000,
      DATA_DIR: "./.data",
      LOG_LEVEL: "info",
      embedded: true,
    });
    expect(c.CORS_ORIGINS).toEqual([]);
    expect(c.BODY_LIMIT_BYTES).toBe(65_536);
  });

  test("when several settings are invalid, then every one is reported at once", () => {
    const problems = problemsOf({
      PORT: "80",
      LOG_LEVEL: "verbose",
      DB_POOL_MAX: "0",
      DATABASE_URL: "mysql://x",
    });
    expect(problems).toHaveLength(4);
    expect(problems.join("\n")).toMatch(/PORT.*'80'/);
    expect(problems.join("\n")).toMatch(/LOG_LEVEL/);
    expect(problems.join("\n")).toMatch(/DATABASE_URL must be a postgres/);
  });

  test("when production lacks DATABASE_URL and a real ADMIN_TOKEN, then it refuses to start", () => {
    const problems = problemsOf({ NODE_ENV: "production", ADMIN_TOKEN: "change-me" });
    expect(problems.join("\n")).toMatch(/DATABASE_URL is required/);
    expect(problems.join("\n")).toMatch(/ADMIN_TOKEN must be set/);
    expect(problems.join("\n")).toMatch(/REDIS_URL is required/);
  });

  test("when the venue runs in production, then it needs neither a database nor the admin token; the worker needs no admin token", () => {
    const venueSecret = { VENUE_WEBHOOK_SECRET: VENUE_SECRET };
    expect(() => parseConfig({ NODE_ENV: "production", ...venueSecret }, "venue")).not.toThrow();
    expect(() =>
      parseConfig(
        { NODE_ENV: "production", DATABASE_URL: "postgres://db/x", REDIS_URL: "redis://r", ...venueSecret },
        "worker",
      ),
    ).not.toThrow();
    expect(() =>
      parseConfig({ NODE_ENV: "production", DATABASE_URL: "postgres://db/x", ...venueSecret }, "worker"),
    ).toThrow(/REDIS_URL/);
    expect(() =>
      parseConfig(
        { NODE_ENV: "production", DATABASE_URL: "postgres://db/x", REDIS_URL: "redis://r", ...venueSecret },
        "api",
      ),
    ).toThrow(/ADMIN_TOKEN/);
  });

  test("when production has no venue secret, a placeholder or a short one, then the venue, api, worker and start refuse to start; migrate and check do not need it", () => {
    const base = {
      NODE_ENV: "production",
      DATABASE_URL: "postgres://db/x",
      REDIS_URL: "redis://r",
      ADMIN_TOKEN: "s3cr3t-admin-token-0123456789abcdef",
    };
    for (const role of ["venue", "api", "worker", "start", undefined]) {
      for (const secret of [undefined, "change-me", "0123456789abcdef0123456789abcde"]) {
        const env = secret === undefined ? base : { ...base, VENUE_WEBHOOK_SECRET: secret };
        expect(() => parseConfig(env, role), `${role} with ${secret}`).toThrow(
          /VENUE_WEBHOOK_SECRET must be set/,
        );
      }
      expect(() => parseConfig({ ...base, VENUE_WEBHOOK_SECRET: VENUE_SECRET }, role)).not.toThrow();
    }
    expect(() => parseConfig(base, "migrate")).not.toThrow();
    expect(() => parseConfig(base, "check")).not.toThrow();
    expect(() => parseConfig({ VENUE_WEBHOOK_SECRET: "short" }, "venue")).not.toThrow();
  });

  test("when secrets are set, then they never print", () => {
    const token = "s3cr3t-admin-token-0123456789abcdef";
    const c = parseConfig({
      NODE_ENV: "production",
      DATABASE_URL: "postgres://u:pw@db/x",
      ADMIN_TOKEN: token,
      REDIS_URL: "redis://:redispw@cache:6379",
      VENUE_WEBHOOK_SECRET: VENUE_SECRET,
    });
    expect(JSON.stringify(c)).not.toContain(VENUE_SECRET);
    expect(JSON.stringify(c)).not.toContain(token);
    expect(JSON.stringify(c)).not.toContain("redispw");
    expect(JSON.stringify(c)).not.toContain("pw@db");
    expect(String(c.ADMIN_TOKEN)).toBe("[redacted]");
    expect(c.ADMIN_TOKEN?.reveal()).toBe(token);
    expect(c.embedded).toBe(false);
  });

  test("when an invalid secret is given, then the error does not echo it", () => {
    const problems = problemsOf({ DATABASE_URL: "mysql://user:hunter2@host/db" });
    expect(problems.join("\n")).not.toContain("hunter2");
  });

  test("when CORS_ORIGINS lists origins, then they are split", () => {
    expect(parseConfig({ CORS_ORIGINS: "https://a.example, https://b.example" }).CORS_ORIGINS).toEqual([
      "https://a.example",
      "https://b.example",
    ]);
  });

  test("when TRUST_PROXY is a hop count or a list of proxies, then it is read as one; anything else is refused", () => {
    expect(parseConfig({}).TRUST_PROXY).toBe(false);
    expect(parseConfig({ TRUST_PROXY: "no" }).TRUST_PROXY).toBe(false);
    expect(parseConfig({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(parseConfig({ TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
    expect(parseConfig({ TRUST_PROXY: "10.0.0.1, 10.1.0.0/16,fd00::/8, uniquelocal" }).TRUST_PROXY).toEqual([
      "10.0.0.1",
      "10.1.0.0/16",
      "fd00::/8",
      "uniquelocal",
    ]);
    expect(problemsOf({ TRUST_PROXY: "10.0.0.1, lb.internal, 10.0.0.0/33" }).join("\n")).toMatch(
      /TRUST_PROXY must be false, the number of proxies in front, or their comma-separated addresses\/CIDRs \(not an address: 'lb.internal', '10.0.0.0\/33'\)/,
    );
  });

  test("when TRUST_PROXY is true, then production refuses it with the reason, and development accepts it", () => {
    const prod = {
      NODE_ENV: "production",
      DATABASE_URL: "postgres://db/x",
      REDIS_URL: "redis://r",
      VENUE_WEBHOOK_SECRET: "f7Kq2mVx9LrT4wZc8NbY1pHs6GdJ3eUa",
    };
    expect(() => parseConfig({ ...prod, TRUST_PROXY: "1" }, "worker")).not.toThrow();
    const problems = (() => {
      try {
        parseConfig({ ...prod, TRUST_PROXY: "true" }, "worker");
        return [];
      } catch (error) {
        if (error instanceof ConfigError) return error.problems;
        throw error;
      }
    })();
    expect(problems).toEqual([
      expect.stringMatching(/^TRUST_PROXY must not be true when NODE_ENV=production: .*X-Forwarded-For/),
    ]);
    expect(parseConfig({ TRUST_PROXY: "true" }).TRUST_PROXY).toBe(true);
  });

  test("when the cache version would not outlive the slowest read, or migrate runs in production without Redis, then only the first is refused", () => {
    expect(problemsOf({ CACHE_GUARD_MS: "10000" }).join("\n")).toMatch(/CACHE_GUARD_MS must be longer than/);
    const prod = { NODE_ENV: "production", DATABASE_URL: "postgres://db/x" };
    expect(() => parseConfig(prod, "migrate")).not.toThrow();
    expect(() => parseConfig(prod, "check")).not.toThrow();
  });
});
