// The import rules of src/, checked on the source text: `platform/` imports nothing from
// `modules/`, `http/`, `app/` or `venue/`, and no two module folders import each other, directly or
// round a longer cycle. Type-only imports count too, except `modules/database.ts`, the one place
// the table types are assembled. Biome's noImportCycles checks cycles between files.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { expect, test } from "vitest";

const SRC = join(import.meta.dirname, "../../src");

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/**
 * The folder a file belongs to: `modules/<name>` inside modules, else the top folder under src; a
 * file directly in src (config.ts, cli.ts) is a node of its own.
 */
function folderOf(path: string): string {
  const parts = relative(SRC, path).split("/");
  if (parts[0] === "modules" && parts.length > 2) return `modules/${parts[1]}`;
  return parts.length > 1 ? (parts[0] as string) : (parts[0] as string).replace(/\.ts$/, "");
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"|import\(\s*"(\.[^"]+)"\s*\)/g;

function edges(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of files(SRC)) {
    for (const m of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const target = normalize(join(dirname(file), (m[1] ?? m[2]) as string));
      if (relative(SRC, target) === "modules/database.ts") continue;
      const [from, to] = [folderOf(file), folderOf(target)];
      if (from === to) continue;
      const out = graph.get(from) ?? new Map<string, string>();
      out.set(to, relative(SRC, file));
      graph.set(from, out);
    }
  }
  return graph;
}

test("platform imports nothing from modules, http, app or venue (the settings' types only)", () => {
  const out = [...(edges().get("platform") ?? new Map<string, string>())].filter(([to]) => to !== "config");
  expect(out.map(([to, via]) => `${via} → ${to}`)).toEqual([]);
});

test("no cycle between the module folders (or any folders of src)", () => {
  const graph = edges();
  const cycles: string[] = [];
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (node: string) => {
    state.set(node, "open");
    path.push(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (state.get(next) === "open") cycles.push([...path.slice(path.indexOf(next)), next].join(" → "));
      else if (state.get(next) === undefined) visit(next);
    }
    path.pop();
    state.set(node, "done");
  };
  for (const node of graph.keys()) if (state.get(node) === undefined) visit(node);
  expect(cycles).toEqual([]);
});
