import type { ReportRow } from "./reports.repository.ts";
import type { ReportView } from "./reports.schema.ts";

export const downloadPath = (id: string) => `/api/v1/reports/${id}/download`;

export const reportView = (r: ReportRow): ReportView => ({
  id: r.id,
  kind: r.kind,
  date: r.date,
  status: r.status,
  url: r.status === "ready" ? downloadPath(r.id) : null,
  created_at: r.created_at.toISOString(),
});

/** The name a downloaded statement is saved under. */
export const fileNameOf = (r: ReportRow) => `statement-${r.date}-${r.id.slice(-12)}.csv`;
