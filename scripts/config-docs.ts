// `npm run docs:config` writes docs/configuration.md from src/config.ts;
// `npm run docs:config -- --check` writes nothing and exits 1 when the page differs (CI runs it).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CONFIGURATION_PAGE, renderConfigurationPage } from "./config-page.ts";

const path = join(import.meta.dirname, "..", CONFIGURATION_PAGE);
const page = renderConfigurationPage();
const current = existsSync(path) ? readFileSync(path, "utf8") : undefined;

if (process.argv.includes("--check")) {
  if (current !== page) {
    console.error(
      `${CONFIGURATION_PAGE} ${current === undefined ? "is missing" : "differs from the settings in src/config.ts"}: run \`npm run docs:config\` and commit the result.`,
    );
    process.exit(1);
  }
  console.log(`${CONFIGURATION_PAGE} matches src/config.ts`);
} else {
  writeFileSync(path, page);
  console.log(current === page ? `${CONFIGURATION_PAGE} was up to date` : `wrote ${CONFIGURATION_PAGE}`);
}
