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

const production = {
  NODE_ENV: "production",
  DATABASE_URL: "postgres://u:pw@db/x",
  ADMIN_TOKEN: "s3cr3t-admin-token-0123456789abcdef",
  REDIS_URL: "redis://cache:6379",
  VENUE_WEBHOOK_SECRET: "venue-secret-0123456789abcdef0123456789",
};

describe("blob store settings", () => {
  test("when nothing is set, then reports go to the folder store with a 300 s signed-URL lifetime", () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      S3_REGION: "us-east-1",
      S3_FORCE_PATH_STYLE: false,
      S3_SIGNED_URL_EXPIRES_S: 300,
    });
    expect([c.S3_BUCKET, c.S3_ENDPOINT, c.S3_ACCESS_KEY_ID, c.BLOB_DIR]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(c.S3_SECRET_ACCESS_KEY).toBeUndefined();
  });

  test("when S3 is configured, then the secret key never prints", () => {
    const secret = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY";
    const c = parseConfig({
      ...production,
      S3_BUCKET: "bourse-reports",
      S3_ENDPOINT: "http://127.0.0.1:9000",
      S3_ACCESS_KEY_ID: "AKIAEXAMPLE",
      S3_SECRET_ACCESS_KEY: secret,
      S3_FORCE_PATH_STYLE: "true",
    });
    expect(JSON.stringify(c)).not.toContain(secret);
    expect(String(c.S3_SECRET_ACCESS_KEY)).toBe("[redacted]");
    expect(c.S3_SECRET_ACCESS_KEY?.reveal()).toBe(secret);
    expect(c.S3_FORCE_PATH_STYLE).toBe(true);
  });

  test("when production has no bucket, then it still starts (on the folder store, with a warning at start)", () => {
    expect(problemsOf(production)).toEqual([]);
  });

  test("when one S3 key is set without the other, a bucket or endpoint is malformed, or production has a placeholder secret, then each is reported", () => {
    expect(problemsOf({ S3_ACCESS_KEY_ID: "AKIAEXAMPLE" }).join("\n")).toMatch(
      /S3_SECRET_ACCESS_KEY must be set together/,
    );
    expect(problemsOf({ S3_BUCKET: "Bad_Bucket" }).join("\n")).toMatch(/S3_BUCKET must be a bucket name/);
    expect(problemsOf({ S3_ENDPOINT: "minio:9000" }).join("\n")).toMatch(/S3_ENDPOINT must be an http/);
    const placeholder = problemsOf({
      ...production,
      S3_ACCESS_KEY_ID: "AKIA",
      S3_SECRET_ACCESS_KEY: "change-me",
    });
    expect(placeholder.join("\n")).toMatch(/S3_SECRET_ACCESS_KEY is a placeholder/);
    expect(placeholder.join("\n")).not.toContain("change-me");
  });
});
