// Regenerates client/src/schema.d.ts from the app's OpenAPI document (npm run client:generate).
// With --check it writes nothing and fails when the committed file differs from what it would write.
import { readFile, writeFile } from "node:fs/promises";
import openapiTS, { astToString } from "openapi-typescript";
import { openApiDocument } from "./openapi-document.ts";

const target = new URL("../src/schema.d.ts", import.meta.url);
const header = "// Generated from the app's /openapi.json by `npm run client:generate`: do not edit.\n\n";

const document = await openApiDocument();
const ast = await openapiTS(JSON.stringify(document), { exportType: true });
const text = header + astToString(ast);
if (process.argv.includes("--check")) {
  const current = await readFile(target, "utf8").catch(() => "");
  if (current !== text) {
    console.error(
      "client/src/schema.d.ts is out of date with the API: run npm run client:generate and commit it",
    );
    process.exit(1);
  }
} else {
  await writeFile(target, text);
  console.log(`wrote ${target.pathname}`);
}
