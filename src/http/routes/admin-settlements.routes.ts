// The end-of-day settlement run (admin token): one statement per user account, then one summary.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { listRuns } from "../../modules/reports/settlements.repository.ts";
import { settlementRunSchema, startSettlementSchema } from "../../modules/reports/settlements.schema.ts";
import { getSettlement, startSettlement } from "../../modules/reports/settlements.service.ts";
import { settlementRunView } from "../../modules/reports/settlements.views.ts";
import type { Executor } from "../../modules/shared/executor.ts";
import { pageQuery, toPage } from "../../modules/shared/pagination.ts";
import { errorSchema, idParams, pageOf } from "./common.ts";

const tags = ["admin"];
const security = [{ adminToken: [] }];
const errors = { 401: errorSchema, 404: errorSchema, 422: errorSchema } as const;

export const adminSettlementsRoutes: FastifyPluginAsyncZod<{ db: Executor }> = async (app, { db }) => {
  app.post(
    "/api/v1/admin/settlements",
    {
      config: { auth: "admin" },
      schema: {
        tags,
        security,
        summary: "Start the end-of-day run of a UTC day",
        description:
          "Creates the run and, in the same transaction, one daily statement and its job per user account. When every statement has finished (ready or failed), exactly one summary job writes the run's summary and completes it. A day has one run: starting it again answers 200 with the existing run.",
        body: startSettlementSchema,
        response: { 200: settlementRunSchema, 202: settlementRunSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { run, created } = await startSettlement(db, request.body.date);
      return reply.status(created ? 202 : 200).send(settlementRunView(run));
    },
  );

  app.get(
    "/api/v1/admin/settlements",
    {
      config: { auth: "admin" },
      schema: {
        tags,
        security,
        summary: "Settlement runs, newest first",
        querystring: pageQuery,
        response: { 200: pageOf(settlementRunSchema), ...errors },
      },
    },
    async (request) =>
      toPage((await listRuns(db, request.query)).map(settlementRunView), request.query.limit),
  );

  app.get(
    "/api/v1/admin/settlements/:id",
    {
      config: { auth: "admin" },
      schema: {
        tags,
        security,
        summary: "A settlement run: progress, and its summary once complete",
        params: idParams,
        response: { 200: settlementRunSchema, ...errors },
      },
    },
    async (request) => settlementRunView(await getSettlement(db, request.params.id)),
  );
};
