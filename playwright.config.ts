// The console's tests in a real browser: Debian's chromium (its own download cannot run here)
// against `node src/main.ts start` (what `npm start` runs) on a free port with a fresh data folder,
// one server for the run (test/browser/fixtures.ts). Run them with `npx playwright test`; `npm
// test` runs them too (test/browser/browser.test.ts).
import { defineConfig } from "@playwright/test";

export default defineConfig({
  testDir: "test/browser",
  testMatch: "**/*.spec.ts",
  globalSetup: "test/browser/global-setup.ts",
  // One worker: one server, and a two-core machine.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  retries: 0,
  reporter: process.env.CI === undefined ? "list" : [["list"]],
  use: {
    browserName: "chromium",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox"],
    },
    viewport: { width: 1280, height: 800 },
    trace: "off",
  },
});
