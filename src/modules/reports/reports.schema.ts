// The contracts of /api/v1/reports.
import { z } from "zod";

export const reportKindSchema = z.enum(["daily_statement"]);

/** The earliest day a report or run may cover. */
export const EARLIEST_DATE = "1970-01-01";

/**
 * A calendar date, YYYY-MM-DD, read as a UTC day. Bounded below because PostgreSQL has no year 0
 * (such a date would fail in the database, not here), and no day before the epoch has any trading.
 */
export const utcDateSchema = z.iso
  .date({ message: "must be a date YYYY-MM-DD" })
  .refine((d) => d >= EARLIEST_DATE, { message: `must be ${EARLIEST_DATE} or later` })
  .meta({ description: `a UTC calendar day, ${EARLIEST_DATE} or later`, examples: ["2026-11-26"] });

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
