// Renders docs/configuration.md from the settings declared in src/config.ts: each setting's default
// and accepted values come from its Zod schema, its meaning from its `.describe()` text.
import { z } from "zod";
import { settingGroups } from "../src/config.ts";

export const CONFIGURATION_PAGE = "docs/configuration.md";

type InputSchema = {
  type?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  format?: string;
  default?: unknown;
  description?: string;
};

const INTRO = `# Configuration

<!-- Generated from src/config.ts by \`npm run docs:config\`: edit the descriptions there, not here.
     CI runs \`npm run docs:config -- --check\` and fails when this page differs. -->

All settings are environment variables, declared and validated once in \`src/config.ts\`. A \`.env\`
file in the working directory is read too; real environment variables win. See
[.env.example](../.env.example). An invalid value stops the process with a list of every problem.
Settings whose meaning ends in "Secret." are never printed (logs, errors and JSON show \`[redacted]\`).

What each role needs in production is in the README's
[production layout](../README.md#production-layout). Not read from \`.env\`: \`TEST_DATABASE_URL\`
and \`TEST_REDIS_URL\` (tests only; see [Testing](../README.md#testing)).
`;

const BOOLEAN_WORDS = ["true", "false", "1", "0", "yes", "no"];

/** The unit a setting's name carries, shown after its numeric range. */
function unitOf(name: string): string {
  if (name.endsWith("_MS")) return " ms";
  if (name.endsWith("_S")) return " s";
  if (name.endsWith("_BYTES")) return " bytes";
  return "";
}

function code(value: unknown): string {
  return `\`${String(value)}\``;
}

function accepted(name: string, s: InputSchema): string {
  if (s.enum !== undefined) {
    const values = s.enum.map(String);
    if (values.length === BOOLEAN_WORDS.length && BOOLEAN_WORDS.every((w) => values.includes(w))) {
      return "`true`, `false` (or `1`, `0`, `yes`, `no`)";
    }
    return values.map(code).join(", ");
  }
  if (s.minimum !== undefined && s.maximum !== undefined) {
    const kind = s.type === "integer" ? "" : "a number ";
    return `${kind}${s.minimum}–${s.maximum}${unitOf(name)}`;
  }
  if (s.format === "uri") return "URL";
  if (s.maxLength !== undefined) return `up to ${s.maxLength} characters`;
  if (s.minLength !== undefined && s.minLength > 1) return `${s.minLength}+ characters`;
  return "text";
}

function cells(name: string, setting: z.ZodType): string[] {
  const s = z.toJSONSchema(setting, { io: "input", unrepresentable: "any" }) as InputSchema;
  const description = setting.description;
  if (description === undefined) {
    throw new Error(`${name} has no description: add .describe("…") to it in src/config.ts`);
  }
  const shown = s.default === undefined || s.default === "" ? "unset" : code(s.default);
  return [code(name), shown, accepted(name, s), description.replace(/\|/g, "\\|")];
}

/** A table padded as the repository's formatter (Biome) lays Markdown tables out, so lint passes. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

/** The whole page, as `npm run docs:config` writes it. */
export function renderConfigurationPage(): string {
  const sections = settingGroups.map((group) => {
    const lines = [`## ${group.title}`, ""];
    if (group.note !== "") lines.push(group.note, "");
    const rows = Object.entries(group.settings).map(([name, setting]) => cells(name, setting));
    lines.push(...table(["variable", "default", "accepts", "meaning"], rows));
    return lines.join("\n");
  });
  return `${[INTRO, ...sections].join("\n")}\n`;
}
