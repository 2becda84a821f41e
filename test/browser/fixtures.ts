// One `start` for the whole run (a worker fixture): a fresh data folder, a free port, the demo
// credentials it writes, and fresh funded accounts for the tests that must not share one.
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createBourseClient, unwrap } from "@bourse/client";
import { test as base, expect, type Page } from "@playwright/test";
import { freePort } from "../../src/platform/embedded-postgres.ts";
import { type Started, startBourse } from "../support/process.ts";

export interface Bourse {
  url: string;
  credentials: { api_key: string; admin_token: string; account_id: string };
  /** A new account funded in USD and BTC, and its read+trade key. */
  account(): Promise<{ id: string; key: string }>;
  /** Stops the server (SIGTERM) and starts it again on the same port and data. */
  restart(between?: () => Promise<void>): Promise<void>;
}

export const test = base.extend<object, { bourse: Bourse }>({
  // Every page fails its test on a Content-Security-Policy violation: the console must run under its
  // strict policy, not merely look right with parts of it blocked.
  page: async ({ page }, use) => {
    const violations: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" && message.text().includes("Content Security Policy")) {
        violations.push(message.text());
      }
    });
    await use(page);
    expect(violations).toEqual([]);
  },
  bourse: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright's fixture signature
    async ({}, use) => {
      const dataDir = mkdtempSync(join(tmpdir(), "bourse-browser-"));
      // The embedded PostgreSQL runs as another user when the tests run as root.
      chmodSync(dataDir, 0o755);
      const port = String(await freePort());
      const env = { DATA_DIR: dataDir, PORT: port, LOG_LEVEL: "warn" };
      let server: Started = await startBourse(["start"], env, 90_000);
      const credentials = JSON.parse(readFileSync(join(dataDir, "credentials.json"), "utf8"));
      const admin = createBourseClient({ baseUrl: server.baseUrl, token: credentials.admin_token });
      const bourse: Bourse = {
        url: server.baseUrl,
        credentials,
        account: async () => {
          const a = await unwrap(admin.POST("/api/v1/admin/accounts", { body: { name: "browser" } }));
          for (const [asset, amount] of [
            ["USD", "1000000"],
            ["BTC", "10"],
          ] as const) {
            await unwrap(
              admin.POST("/api/v1/admin/accounts/{id}/deposits", {
                params: { path: { id: a.id } },
                body: { asset, amount },
              }),
            );
          }
          const key = await unwrap(
            admin.POST("/api/v1/admin/accounts/{id}/keys", {
              params: { path: { id: a.id } },
              body: { scopes: ["read", "trade"] },
            }),
          );
          return { id: a.id, key: key.key };
        },
        restart: async (between) => {
          const code = await server.stop("SIGTERM");
          if (code !== 0) throw new Error(`the server stopped with ${code}:\n${server.output()}`);
          await between?.();
          server = await startBourse(["start"], env, 90_000);
        },
      };
      await use(bourse);
      await server.stop("SIGTERM");
      rmSync(dataDir, { recursive: true, force: true });
    },
    { scope: "worker", timeout: 120_000 },
  ],
});

export { expect };

/** Opens the console and signs in with `key`. */
export async function signIn(page: Page, bourse: Bourse, key: string): Promise<void> {
  await page.goto(bourse.url);
  await page.getByLabel("API key").fill(key);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("region", { name: "Order ticket" })).toBeVisible();
  // A mark on this document: a reload (which would keep the session's key and skip the sign-in
  // form) makes a new document without it.
  await page.evaluate(() => {
    (window as unknown as { bourseMark?: number }).bourseMark = 1;
  });
}

/** The document signed in by `signIn` is still the one shown: nothing reloaded the page. */
export async function expectNoReload(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { bourseMark?: number }).bourseMark)).toBe(1);
}
