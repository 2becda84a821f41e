// POST /internal/venue/executions: the venue's execution reports, signed with the shared secret.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Executor } from "../../modules/shared/executor.ts";
import { type InlineSettlement, receiveReports } from "../../modules/trading/inbox.ts";
import { acceptSignedJson } from "./signed-json.ts";

const decimal = z.string().regex(/^\d+(\.\d+)?$/);

const reportSchema = z.object({
  execution_id: z.string().min(1).max(128),
  order_id: z.uuid(),
  type: z.enum(["trade", "cancelled", "expired", "rejected", "accepted", "trail"]),
  quantity: decimal.optional(),
  price: decimal.optional(),
  liquidity: z.enum(["maker", "taker"]).optional(),
  reason: z.string().max(200).optional(),
  hwm: decimal.optional(),
  trigger_price: decimal.optional(),
  executed_at: z.iso.datetime({ offset: true }),
});

export const venueWebhookRoutes: FastifyPluginAsyncZod<{
  db: Executor;
  secret: string;
  toleranceMs: number;
  /** Settle the stored reports in this process right after their commit (the job as fallback). */
  inline?: InlineSettlement;
}> = async (app, o) => {
  // The signature covers the exact bytes sent, so this scope reads the body raw before parsing.
  acceptSignedJson(app, { secret: o.secret, toleranceMs: o.toleranceMs, what: "venue webhook" });

  app.post(
    "/internal/venue/executions",
    {
      // The venue sends up to 500 reports a call once a backlog forms (about 300 bytes each):
      // far over the API's BODY_LIMIT_BYTES, which is for clients.
      bodyLimit: 4_194_304,
      schema: {
        hide: true,
        body: z.object({ reports: z.array(reportSchema).min(1).max(1_000) }),
      },
    },
    async (request) => {
      const fresh = await receiveReports(o.db, request.body.reports, o.inline);
      return { received: request.body.reports.length, new: fresh };
    },
  );
};
