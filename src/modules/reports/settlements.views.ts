import type { RunRow } from "./settlements.repository.ts";
import type { SettlementRunView } from "./settlements.schema.ts";

export const settlementRunView = (r: RunRow): SettlementRunView => ({
  id: r.id,
  date: r.date,
  status: r.status,
  accounts: r.total,
  done: r.done,
  summary: r.summary,
  created_at: r.created_at.toISOString(),
  completed_at: r.completed_at?.toISOString() ?? null,
});
