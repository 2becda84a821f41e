import { beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { useIssueMessages } from "../../src/modules/shared/issues.ts";
import { pageQuery } from "../../src/modules/shared/pagination.ts";

beforeAll(() => useIssueMessages());

const messages = (schema: z.ZodType, value: unknown) =>
  schema.safeParse(value).error?.issues.map((i) => ({ path: i.path.join("."), message: i.message }));

describe("issue messages", () => {
  const keys = z.object({ scopes: z.array(z.enum(["read", "trade"])).min(1) });
  const account = z.object({ name: z.string().trim().min(1).max(100), email: z.email().optional() });

  test.each([
    ["a page size that is not a number", pageQuery, { limit: "ten" }, "limit", "limit must be a number"],
    ["a page size of zero", pageQuery, { limit: "0" }, "limit", "limit must be at least 1"],
    ["a fractional page size", pageQuery, { limit: "1.5" }, "limit", "limit must be an integer"],
    ["no scopes", keys, { scopes: [] }, "scopes", "scopes must have at least one item"],
    ["an unknown scope", keys, { scopes: ["write"] }, "scopes.0", 'scopes.0 must be one of "read", "trade"'],
    ["scopes as text", keys, { scopes: "read" }, "scopes", "scopes must be an array"],
    ["a blank name", account, { name: " " }, "name", "name must not be empty"],
    ["a long name", account, { name: "x".repeat(101) }, "name", "name must be at most 100 characters long"],
    ["a bad e-mail", account, { name: "a", email: "a@" }, "email", "email must be an e-mail address"],
    ["a missing name", account, {}, "name", "name is required"],
  ])("when %s, then %s says %j", (_name, schema, value, path, message) => {
    expect(messages(schema, value)).toContainEqual({ path, message });
  });

  test("when a schema words its own message, then that message is kept", () => {
    const cursor = { cursor: "not-a-cursor" };
    expect(messages(pageQuery, cursor)).toEqual([
      { path: "cursor", message: "must be the next_cursor of a previous page" },
    ]);
  });
});
