// Responses are serialised by their schema: each route's Zod response schema becomes a JSON
// Schema once, at the route's first response, and fast-json-stringify compiles it into a function
// that writes only the declared fields (nothing internal leaks) without validating every value
// again on the way out. Compiling at first use, not at start, keeps the compiled
// serializers of routes an idle process never answers out of its heap. The types are the
// compiler's job (TypeScript). A schema JSON Schema cannot express falls back to
// fastify-type-provider-zod's serializer (validate, then JSON.stringify).
import build from "fast-json-stringify";
import type { FastifySerializerCompiler } from "fastify";
import { serializerCompiler as zodSerializer } from "fastify-type-provider-zod";
import { type ZodType, z } from "zod";

type Compiler = FastifySerializerCompiler<ZodType>;

export const schemaSerializerCompiler: Compiler = (route) => {
  let serialize: ((data: unknown) => string) | undefined;
  return (data) => {
    serialize ??= compile(route);
    return serialize(data);
  };
};

const compile: Compiler = (route) => {
  let json: unknown;
  try {
    json = z.toJSONSchema(route.schema, { io: "output", target: "draft-7", unrepresentable: "throw" });
  } catch {
    return zodSerializer(route);
  }
  return build(json as Parameters<typeof build>[0]);
};
