// OpenAPI 3.1 generated from the same Zod schemas that validate requests; /docs renders it with
// Scalar's API reference: the page from @scalar/client-side-rendering, the browser bundle streamed
// from the installed @scalar/fastify-api-reference on request (scalar-bundle.ts; the plugin itself
// is not loaded, it would keep the 4.9 MB bundle in memory).
import swagger from "@fastify/swagger";
import { renderApiReference } from "@scalar/client-side-rendering";
import type { FastifyInstance } from "fastify";
import { jsonSchemaTransform, jsonSchemaTransformObject } from "fastify-type-provider-zod";
import { documentIdempotency } from "./idempotency.ts";
import { scalarBundle } from "./scalar-bundle.ts";

const hidden = { schema: { hide: true } };

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Bourse API",
        version: "1.0.0",
        description: [
          "Order management for trading accounts. Money and quantities are decimal strings in responses;",
          "requests accept decimal strings or JSON numbers (read from their shortest decimal text).",
          "Errors always have the shape { error: { code, message, details? } }.",
          "422 VALIDATION_ERROR lists each refused field in details as { path, message }, the message saying what the field needs",
          '(a missing field: "<field> is required"; price and trigger_price also name the order types that need them).',
          "A method a path does not have answers 405 METHOD_NOT_ALLOWED with an Allow header listing the methods it has;",
          "a path no route has answers 404 NOT_FOUND.",
          "Lists are newest first with cursor pagination (?limit=1..500, ?cursor=next_cursor).",
          "Choices where the contract is silent: market orders take time_in_force ioc (default) or fok;",
          "slippage_tolerance is accepted on market and stop orders (a stop becomes a market order when triggered);",
          "a buy market/stop order holds quantity × max(reference price, trigger price) × (1 + slippage) × (1 + taker fee),",
          "a buy limit/stop_limit order quantity × price × (1 + taker fee), a sell the quantity of the base asset;",
          "GET routes need the 'read' scope, writes the 'trade' scope; DELETE /api/v1/orders answers { data: [orders] }.",
          "Rate limits: per API key on keyed routes, per client address on the public ones (instruments, market data);",
          "limited responses carry RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset, and a refusal is 429 RATE_LIMITED with Retry-After.",
          "Every POST, PATCH and DELETE under /api/v1 takes an optional Idempotency-Key header (Stripe's convention): the first response is kept 24 h per credential and",
          "replayed with Idempotent-Replayed: true; 5xx answers and requests refused by validation are not kept (a retry runs again).",
          "Account activities: a fill is one activity per asset it moves (base and quote), its fee another (as Alpaca lists crypto fees apart, CFEE); amounts are signed.",
        ].join(" "),
      },
      components: {
        securitySchemes: {
          bearerAuth: {
            type: "http",
            scheme: "bearer",
            description:
              "An account's API key, Authorization: Bearer bk_…, for the account's routes (not /api/v1/admin)",
          },
          adminToken: {
            type: "http",
            scheme: "bearer",
            description:
              "ADMIN_TOKEN: only for /api/v1/admin routes, which refuse an account's API key; user routes refuse the admin token",
          },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: (input) => documentIdempotency(jsonSchemaTransformObject(input)),
  });
  app.get("/openapi.json", hidden, async () => app.swagger());
  await app.register(async (docs) => {
    // The interactive reference runs its own inline script and styles.
    docs.addHook("onSend", async (_request, reply) => {
      reply.header(
        "content-security-policy",
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'self'",
      );
    });
    // What @scalar/fastify-api-reference served: /docs redirects to /docs/, whose page loads the
    // bundle from js/scalar.js and the document from /openapi.json.
    const page = renderApiReference({
      config: { _integration: "fastify", url: "/openapi.json" },
      cdn: "js/scalar.js",
    });
    // The redirect carries a link too, for a client that shows the body instead of following it.
    docs.get("/docs", hidden, async (_request, reply) =>
      reply
        .status(301)
        .header("location", "/docs/")
        .type("text/html; charset=utf-8")
        .send('<!doctype html><title>Bourse API</title><p>Moved to <a href="/docs/">/docs/</a></p>\n'),
    );
    docs.get("/docs/", hidden, async (_request, reply) => reply.type("text/html; charset=utf-8").send(page));
    docs.get("/docs/js/scalar.js", hidden, async (_request, reply) =>
      reply.type("application/javascript; charset=utf-8").send(scalarBundle()),
    );
  });
}
