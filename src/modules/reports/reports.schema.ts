// The contracts of /api/v1/reports.
import { z } from "zod";

export const reportKindSchema = z.enum(["daily_statement"]);

/** A calendar date, YYYY-MM-DD, read as a UTC day. */
export const utcDateSchema = z.iso
  .date({ message: "must be a date YYYY-MM-DD" })
  .meta({ description: "a UTC calendar day", examples: ["2026-11-26"] });

export const createReportSchema = z.object({
  kind: reportKindSchema,
  date: utcDateSchema,
});
export type CreateReport = z.infer<typeof createReportSchema>;

export const reportStatusSchema = z.enum(["queued", "running", "ready", "failed"]);

export const reportQueuedSchema = z
  .object({ id: z.uuid(), status: reportStatusSchema })
  .meta({ id: "ReportQueued" });

export const reportSchema = z
  .object({
    id: z.uuid(),
    kind: reportKindSchema,
    date: z.string().meta({ examples: ["2026-11-26"] }),
    status: reportStatusSchema,
    url: z
      .string()
      .nullable()
      .meta({ description: "download path once ready, else null", examples: ["/api/v1/reports/…/download"] }),
    created_at: z.string(),
  })
  .meta({ id: "Report" });
export type ReportView = z.infer<typeof reportSchema>;
