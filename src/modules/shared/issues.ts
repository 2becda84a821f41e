// What a request got wrong, in words a client can act on. Zod's defaults name neither the field nor
// what it needs ("Invalid input" for a missing price), so this map fills in every message that no
// schema gives itself; a schema's own message always wins (Zod asks the schema first).
import { z } from "zod";

type RawIssue = z.core.$ZodRawIssue;

const ARTICLE: Record<string, string> = {
  object: "a JSON object",
  array: "an array",
  int: "an integer",
  integer: "an integer",
};
const FORMATS: Record<string, string> = {
  uuid: "a UUID",
  email: "an e-mail address",
  date: "a date YYYY-MM-DD",
  datetime: "an ISO 8601 date and time",
  url: "a URL",
};

const kind = (expected: string) => ARTICLE[expected] ?? `a ${expected}`;

const listed = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(", ");

/** The expected types of a union's failed options, when each failed on its type alone. */
function unionKinds(issue: RawIssue): string[] | undefined {
  if (issue.code !== "invalid_union" || issue.errors.length === 0) return undefined;
  const kinds = issue.errors.map((option) =>
    option.length === 1 && option[0]?.code === "invalid_type" ? option[0].expected : undefined,
  );
  return kinds.every((k) => k !== undefined) ? kinds : undefined;
}

function sizeMessage(issue: RawIssue & { code: "too_small" | "too_big" }, field: string): string {
  const least = issue.code === "too_small";
  const bound = least ? issue.minimum : issue.maximum;
  const exclusive = issue.inclusive === false;
  const than = least ? (exclusive ? "more than" : "at least") : exclusive ? "less than" : "at most";
  switch (issue.origin) {
    case "string":
      if (least && Number(bound) === 1 && !exclusive) return `${field} must not be empty`;
      return `${field} must be ${than} ${bound} characters long`;
    case "array":
    case "set":
      if (least && Number(bound) === 1 && !exclusive) return `${field} must have at least one item`;
      return `${field} must have ${than} ${bound} items`;
    default:
      return `${field} must be ${than} ${bound}`;
  }
}

/**
 * The message of an issue no schema worded itself; undefined leaves Zod's own. A missing field
 * says "<field> is required"; a wrong one says what it must be.
 */
export function issueMessage(issue: RawIssue): string | undefined {
  const field = (issue.path ?? []).map(String).join(".");
  if (issue.code === "invalid_union" && issue.discriminator !== undefined) {
    const options = listed((issue.options as unknown[] | undefined) ?? []);
    const given =
      typeof issue.input === "object" && issue.input !== null
        ? (issue.input as Record<string, unknown>)[issue.discriminator]
        : undefined;
    return given === undefined
      ? `${issue.discriminator} is required: one of ${options}`
      : `${issue.discriminator} must be one of ${options}`;
  }
  if (field === "") {
    if (issue.code === "invalid_type" && issue.expected === "object") return "a JSON object is required";
    return undefined;
  }
  if (
    issue.input === undefined &&
    ["invalid_type", "invalid_union", "invalid_value"].includes(issue.code ?? "")
  )
    return `${field} is required`;
  switch (issue.code) {
    case "invalid_type":
      return `${field} must be ${kind(issue.expected)}`;
    case "invalid_value":
      return issue.values.length === 1
        ? `${field} must be ${listed(issue.values)}`
        : `${field} must be one of ${listed(issue.values)}`;
    case "invalid_union": {
      const kinds = unionKinds(issue);
      return kinds === undefined ? undefined : `${field} must be ${kinds.map(kind).join(" or ")}`;
    }
    case "too_small":
    case "too_big":
      return sizeMessage(issue, field);
    case "invalid_format":
      return `${field} must be ${FORMATS[issue.format] ?? `a valid ${issue.format}`}`;
    default:
      return undefined;
  }
}

/**
 * Makes `issueMessage` Zod's error map for this process. Zod keeps one global configuration; the
 * HTTP server installs it when it is built, so every request schema is read with it.
 */
export function useIssueMessages(): void {
  z.config({ customError: issueMessage });
}
