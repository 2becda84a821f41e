// Builds the console from its sources before the browser tests, so that they never run a stale build.
import { build } from "vite";

export default async function globalSetup(): Promise<void> {
  await build({
    configFile: new URL("../../console/vite.config.ts", import.meta.url).pathname,
    logLevel: "warn",
  });
}
