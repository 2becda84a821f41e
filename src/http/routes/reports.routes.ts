// Reports of this account: request one, poll it, download it.
import { Readable } from "node:stream";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { listAccountReports } from "../../modules/reports/reports.repository.ts";
import {
  createReportSchema,
  reportQueuedSchema,
  reportSchema,
} from "../../modules/reports/reports.schema.ts";
import { openDownload, reportOf, requestReport } from "../../modules/reports/reports.service.ts";
import { reportView } from "../../modules/reports/reports.views.ts";
import type { Executor } from "../../modules/shared/executor.ts";
import { pageQuery, toPage } from "../../modules/shared/pagination.ts";
import type { BlobStore } from "../../platform/blob-store.ts";
import { principalOf } from "../auth.ts";
import { authErrors, bearerAuth, errorSchema, idParams, pageOf } from "./common.ts";

const tags = ["reports"];

export const reportsRoutes: FastifyPluginAsyncZod<{
  db: Executor;
  blobs: BlobStore;
  signedUrlExpiresS: number;
}> = async (app, o) => {
  app.post(
    "/api/v1/reports",
    {
      config: { auth: "trade" },
      schema: {
        tags,
        security: bearerAuth,
        summary: "Request a report (generated in the background)",
        description:
          "Queues a daily statement of this account for a UTC day (1970-01-01 up to today): the fills executed that day and the closing balances, as CSV. A write: needs the 'trade' scope (polling and downloading need 'read'). Poll GET /api/v1/reports/{id} until status is ready.",
        body: createReportSchema,
        response: { 202: reportQueuedSchema, ...authErrors },
      },
    },
    async (request, reply) => {
      const row = await requestReport(o.db, principalOf(request).accountId, request.body);
      return reply.status(202).send({ id: row.id, status: row.status });
    },
  );

  app.get(
    "/api/v1/reports",
    {
      config: { auth: "read" },
      schema: {
        tags,
        security: bearerAuth,
        summary: "This account's reports, newest first",
        description:
          "Every report of this account, the ones you requested and the daily statements of the end-of-day runs, newest first.",
        querystring: pageQuery,
        response: { 200: pageOf(reportSchema), ...authErrors },
      },
    },
    async (request) => {
      const rows = await listAccountReports(o.db, principalOf(request).accountId, request.query);
      return toPage(rows.map(reportView), request.query.limit);
    },
  );

  app.get(
    "/api/v1/reports/:id",
    {
      config: { auth: "read" },
      schema: {
        tags,
        security: bearerAuth,
        summary: "A report's status, and its download path once ready",
        params: idParams,
        response: { 200: reportSchema, 404: errorSchema, ...authErrors },
      },
    },
    async (request) => reportView(await reportOf(o.db, principalOf(request).accountId, request.params.id)),
  );

  app.get(
    "/api/v1/reports/:id/download",
    {
      config: { auth: "read" },
      schema: {
        tags,
        security: bearerAuth,
        summary: "Download a ready report (CSV)",
        description:
          "The file itself (text/csv, as an attachment), or with object storage a 302 redirect to a short-lived signed URL. 409 CONFLICT while the report is not ready.",
        params: idParams,
        response: {
          200: z
            .custom<Readable>((v) => v instanceof Readable)
            .meta({ description: "the CSV file (text/csv)", type: "string", format: "binary" }),
          302: z.null().meta({ description: "redirect to a signed object-storage URL (Location)" }),
          404: errorSchema,
          409: errorSchema,
          ...authErrors,
        },
      },
    },
    async (request, reply) => {
      const accountId = principalOf(request).accountId;
      const download = await openDownload(o.db, o.blobs, accountId, request.params.id, o.signedUrlExpiresS);
      if (download.kind === "redirect") return reply.redirect(download.url, 302);
      return reply
        .header("content-type", download.contentType)
        .header("content-disposition", `attachment; filename="${download.fileName}"`)
        .header("cache-control", "private, no-store")
        .send(download.body);
    },
  );
};
