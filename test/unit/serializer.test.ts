// Responses serialised by schema: only declared fields go out, nullable and union fields keep
// their values, and a schema JSON Schema cannot express falls back to the Zod serializer.
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { schemaSerializerCompiler } from "../../src/http/serializer.ts";

const compile = (schema: z.ZodType) =>
  schemaSerializerCompiler({ schema, method: "GET", url: "/t", httpStatus: "200" });

describe("schema serializer", () => {
  test("when data has fields the schema does not declare, then they are not sent", () => {
    const write = compile(
      z.object({
        id: z.string(),
        price: z.string().nullable(),
        fills: z.array(z.tuple([z.string(), z.string()])),
      }),
    );
    const text = write({ id: "o1", price: null, fills: [["1", "2"]], account_secret: "x" });
    expect(JSON.parse(text)).toEqual({ id: "o1", price: null, fills: [["1", "2"]] });
  });

  test("when the schema is a union, then each member's fields come through", () => {
    const write = compile(
      z.discriminatedUnion("kind", [
        z.object({ kind: z.literal("a"), x: z.string() }),
        z.object({ kind: z.literal("b"), y: z.number() }),
      ]),
    );
    expect(JSON.parse(write({ kind: "b", y: 2 }))).toEqual({ kind: "b", y: 2 });
  });

  test("when the schema cannot be a JSON Schema, then Zod serialises (and validates)", () => {
    const write = compile(z.custom<Buffer>((v) => Buffer.isBuffer(v)));
    expect(() => write("not a buffer")).toThrow();
  });
});
