// What an admin reads about accounts: the list (searchable), one account with its balances, its API keys.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AccountsService } from "../../modules/accounts/accounts.service.ts";
import { pageQuery, toPage } from "../../modules/shared/pagination.ts";
import { balanceSchema } from "./account.routes.ts";
import { errorSchema, idParams, pageOf } from "./common.ts";

const tags = ["admin"];
const security = [{ adminToken: [] }];
const errors = { 401: errorSchema, 404: errorSchema, 422: errorSchema } as const;

const accountSummarySchema = z
  .object({ id: z.uuid(), name: z.string(), email: z.string().nullable(), created_at: z.string() })
  .meta({ id: "AccountSummary" });

const apiKeySchema = z
  .object({
    id: z.uuid(),
    prefix: z.string().meta({ description: "the key's first characters, as it is shown in logs" }),
    scopes: z.array(z.enum(["read", "trade"])),
    created_at: z.string(),
    last_used_at: z.string().nullable().meta({
      description: "when the key last authenticated a request, to the minute (stamped at most once a minute)",
    }),
    revoked_at: z.string().nullable(),
  })
  .meta({ id: "ApiKey" });

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const adminAccountsRoutes: FastifyPluginAsyncZod<{ accounts: AccountsService }> = async (
  app,
  { accounts },
) => {
  app.get(
    "/api/v1/admin/accounts",
    {
      config: { auth: "admin" },
      schema: {
        tags,
        security,
        summary: "Accounts, newest first; ?q= finds a name or e-mail",
        querystring: z
          .object({
            q: z
              .string()
              .trim()
              .min(1)
              .max(100)
              .optional()
              .describe("part of the name or the e-mail address, any case"),
          })
          .extend(pageQuery.shape),
        response: { 200: pageOf(accountSummarySchema), ...errors },
      },
    },
    async (request) => {
      const rows = await accounts.list(request.query);
      return toPage(
        rows.map((a) => ({ id: a.id, name: a.name, email: a.email, created_at: a.created_at.toISOString() })),
        request.query.limit,
      );
    },
  );

  app.get(
    "/api/v1/admin/accounts/:id",
    {
      config: { auth: "admin" },
      schema: {
        tags,
        security,
        summary: "One account with its e-mail and balances",
        params: idParams,
        response: {
          200: accountSummarySchema
            .extend({ balances: z.array(balanceSchema) })
            .meta({ id: "AccountDetail" }),
          ...errors,
        },
      },
    },
    async (request) => {
      const a = await accounts.get(request.params.id);
      return {
        id: a.id,
        name: a.name,
        email: a.email,
        created_at: a.created_at.toISOString(),
        balances: a.balances,
      };
    },
  );

  app.get(
    "/api/v1/admin/accounts/:id/keys",
    {
      config: { auth: "admin" },
      schema: {
        tags,
        security,
        summary: "The account's API keys, newest first (never the key itself)",
        params: idParams,
        querystring: pageQuery,
        response: { 200: pageOf(apiKeySchema), ...errors },
      },
    },
    async (request) => {
      const rows = await accounts.keys(request.params.id, request.query);
      return toPage(
        rows.map((k) => ({
          id: k.id,
          prefix: k.prefix,
          scopes: k.scopes,
          created_at: k.created_at.toISOString(),
          last_used_at: iso(k.last_used_at),
          revoked_at: iso(k.revoked_at),
        })),
        request.query.limit,
      );
    },
  );
};
