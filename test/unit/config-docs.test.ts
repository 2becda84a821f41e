import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { CONFIGURATION_PAGE, renderConfigurationPage } from "../../scripts/config-page.ts";
import { parseConfig } from "../../src/config.ts";

describe("configuration reference page", () => {
  test("when the page is rendered from src/config.ts, then it equals the committed docs/configuration.md", () => {
    expect(readFileSync(CONFIGURATION_PAGE, "utf8")).toBe(renderConfigurationPage());
  });

  test("when the page is rendered, then every setting the configuration holds has a row", () => {
    const page = renderConfigurationPage();
    const names = Object.keys(parseConfig({})).filter((name) => name !== "embedded");
    expect(names.length).toBeGreaterThan(50);
    for (const name of names) expect(page).toMatch(new RegExp(`^\\| \`${name}\` +\\|`, "m"));
  });

  test("when a setting is rendered, then its default and bounds come from the schema", () => {
    const page = renderConfigurationPage();
    expect(page).toMatch(/^\| `PORT` +\| `8000` +\| 1024–65535 +\|/m);
    expect(page).toMatch(/^\| `DB_MAX_LIFETIME_S` +\| `1800` +\| 0–86400 s +\|/m);
    expect(page).toMatch(/^\| `DATABASE_URL` +\| unset +\|/m);
    expect(page).toMatch(/^\| `FAST_PATH` +\| `true` +\| `true`, `false`/m);
  });
});
