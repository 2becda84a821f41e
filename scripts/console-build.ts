// Builds the web console (console/ → console/dist) with Vite: `npm run console:build`, and npm's
// `prepare` after `npm install`/`npm ci`. Where the console's sources are not there (the
// production image's dependency stage copies only the package files), there is nothing to build.
import { existsSync } from "node:fs";

const config = new URL("../console/vite.config.ts", import.meta.url).pathname;
if (!existsSync(config)) {
  console.log("console/ is not here: the web console is not built");
  process.exit(0);
}
const { build } = await import("vite");
await build({ configFile: config, logLevel: "warn" });
