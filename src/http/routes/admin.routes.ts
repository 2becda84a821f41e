import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AccountsService } from "../../modules/accounts/accounts.service.ts";
import type { KeyRevocations } from "../../modules/accounts/revocations.ts";
import { parseDecimal } from "../../modules/shared/decimal.ts";
import { balanceSchema } from "./account.routes.ts";
import { errorSchema, idParams } from "./common.ts";

const tags = ["admin"];
const security = [{ adminToken: [] }];
const errors = { 401: errorSchema, 404: errorSchema, 422: errorSchema } as const;

const transferSchema = z.object({
  journal_id: z.uuid(),
  account_id: z.uuid(),
  asset: z.string(),
  amount: z.string(),
  balance: balanceSchema,
});

const POSITIVE_AMOUNT = 'amount must be a positive decimal string or number, e.g. "10000"';

const transferBody = z.object({
  asset: z.string().regex(/^[A-Z0-9]{1,12}$/, "must be an asset code such as USD or BTC"),
  amount: z
    .union([z.string(), z.number()], {
      error: (issue) => (issue.input === undefined ? undefined : POSITIVE_AMOUNT),
    })
    .transform((v, ctx) => {
      const d = parseDecimal(v);
      if (d === undefined || d.lte(0)) {
        ctx.addIssue({ code: "custom", message: POSITIVE_AMOUNT });
        return z.NEVER;
      }
      return d;
    })
    .meta({ examples: ["10000"] }),
});

export const adminRoutes: FastifyPluginAsyncZod<{
  accounts: AccountsService;
  revocations: KeyRevocations;
}> = async (app, { accounts, revocations }) => {
  app.post(
    "/api/v1/admin/accounts",
    {
      config: { auth: "admin" },
      schema: {
        tags,
        security,
        summary: "Create an account",
        body: z.object({
          name: z.string().trim().min(1).max(100),
          email: z.email().optional().meta({ description: "where order confirmations are sent" }),
        }),
        response: {
          201: z.object({
            id: z.uuid(),
            name: z.string(),
            email: z.string().nullable(),
            created_at: z.string(),
          }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const a = await accounts.create(request.body.name, request.body.email ?? null);
      return reply
        .status(201)
        .send({ id: a.id, name: a.name, email: a.email, created_at: a.created_at.toISOString() });
    },
  );

  app.post(
    "/api/v1/admin/accounts/:id/deposits",
    {
      config: { auth: "admin" },
      schema: {
        tags,
        security,
        summary: "Deposit funds: a balanced ledger journal from the external account",
        description:
          "The amount may have at most the asset's decimals (USD 2; BTC, ETH, SOL 8: see quote_asset_precision and base_asset_precision in GET /api/v1/instruments); more is 422 VALIDATION_ERROR on amount, never rounded.",
        params: idParams,
        body: transferBody,
        response: { 201: transferSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await accounts.deposit(request.params.id, request.body.asset, request.body.amount)),
  );

  app.post(
    "/api/v1/admin/accounts/:id/withdrawals",
    {
      config: { auth: "admin" },
      schema: {
        tags,
        security,
        summary: "Withdraw funds: a balanced ledger journal to the external account",
        description:
          "Pays out of the account's available balance (its total less what open orders hold). More than is available: 422 INSUFFICIENT_FUNDS, details naming what is needed and what is available. Concurrent withdrawals and orders of the account take turns on its balance, so none overdraws it. The account's stream gets balance.updated and activity.created.",
        params: idParams,
        body: transferBody,
        response: { 201: transferSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await accounts.withdraw(request.params.id, request.body.asset, request.body.amount)),
  );

  app.post(
    "/api/v1/admin/accounts/:id/keys",
    {
      config: { auth: "admin" },
      schema: {
        tags,
        security,
        summary: "Create an API key (the key is shown only in this response)",
        params: idParams,
        body: z.preprocess(
          (v) => v ?? {},
          z.object({
            scopes: z
              .array(z.enum(["read", "trade"]))
              .min(1)
              .default(["read", "trade"])
              .transform((s) => [...new Set(s)]),
          }),
        ),
        response: {
          201: z.object({
            id: z.uuid(),
            key: z.string(),
            prefix: z.string(),
            account_id: z.uuid(),
            scopes: z.array(z.enum(["read", "trade"])),
            created_at: z.string(),
          }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const k = await accounts.createKey(request.params.id, request.body.scopes);
      return reply.status(201).send({ ...k, created_at: k.created_at.toISOString() });
    },
  );

  app.delete(
    "/api/v1/admin/keys/:id",
    {
      config: { auth: "admin" },
      schema: {
        tags,
        security,
        summary: "Revoke an API key",
        params: idParams,
        response: {
          200: z.object({ id: z.uuid(), prefix: z.string(), revoked_at: z.string().nullable() }),
          ...errors,
        },
      },
    },
    async (request) => {
      const k = await accounts.revokeKey(request.params.id);
      // This process drops the key and its streams before answering; the others as the message comes.
      await revocations.revoked({ id: k.id, prefix: k.prefix });
      return { id: k.id, prefix: k.prefix, revoked_at: k.revoked_at?.toISOString() ?? null };
    },
  );
};
