// The browser tests (Playwright, *.spec.ts here) as part of `npm test`: Playwright runs once when
// this file is collected, and each of its tests becomes a test here with its own result, so the
// run's counts include them. Alone: `npx playwright test`.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "vitest";

interface Result {
  title: string;
  status: "passed" | "failed" | "skipped";
  error: string;
}

interface Suite {
  title: string;
  specs?: { title: string; tests: { status: string; results: { error?: { message?: string } }[] }[] }[];
  suites?: Suite[];
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function collect(suite: Suite, file: string, out: Result[]): void {
  for (const spec of suite.specs ?? []) {
    for (const t of spec.tests) {
      const status =
        t.status === "skipped"
          ? "skipped"
          : t.status === "expected" || t.status === "flaky"
            ? "passed"
            : "failed";
      const error = t.results.map((r) => r.error?.message ?? "").join("\n");
      out.push({ title: `${file} › ${spec.title}`, status, error });
    }
  }
  for (const s of suite.suites ?? []) collect(s, file || s.title, out);
}

async function runPlaywright(): Promise<Result[]> {
  const dir = mkdtempSync(join(tmpdir(), "bourse-playwright-"));
  const report = join(dir, "report.json");
  try {
    const child = spawn("npx", ["playwright", "test", "--reporter=list,json"], {
      env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: report, FORCE_COLOR: "0" },
      stdio: ["ignore", "inherit", "inherit"],
    });
    await new Promise((resolve) => child.once("exit", resolve));
    if (!existsSync(report)) throw new Error("Playwright wrote no report: see its output above");
    const parsed = JSON.parse(readFileSync(report, "utf8")) as { suites: Suite[] };
    const results: Result[] = [];
    for (const s of parsed.suites) collect(s, s.title, results);
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const results = existsSync(CHROMIUM) ? await runPlaywright() : undefined;

describe("the console in chromium", () => {
  if (results === undefined) {
    test("chromium is installed", () => {
      throw new Error(
        `no browser at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`,
      );
    });
    return;
  }
  for (const r of results) {
    if (r.status === "skipped") test.skip(r.title, () => {});
    else
      test(r.title, () => {
        if (r.status === "failed") throw new Error(r.error || "failed in Playwright: see its output");
      });
  }
});
