// The contracts of /api/v1/admin/settlements.
import { z } from "zod";
import { utcDateSchema } from "./reports.schema.ts";

export const startSettlementSchema = z.object({ date: utcDateSchema });

const decimal = z.string().meta({ description: "decimal string" });

export const settlementSummarySchema = z
  .object({
    accounts: z.number().int(),
    statements: z.object({ ready: z.number().int(), failed: z.number().int() }),
    fills: z.number().int(),
    volume: z.array(
      z.object({ symbol: z.string(), fills: z.number().int(), quantity: decimal, notional: decimal }),
    ),
    fees: z.array(z.object({ asset: z.string(), amount: decimal })),
  })
  .meta({ id: "SettlementSummary" });

export const settlementRunSchema = z
  .object({
    id: z.uuid(),
    date: z.string().meta({ examples: ["2026-11-26"] }),
    status: z.enum(["running", "summarizing", "complete"]),
    accounts: z.number().int().meta({ description: "user accounts covered: one statement each" }),
    done: z.number().int().meta({ description: "statements finished (ready or failed)" }),
    summary: settlementSummarySchema.nullable().meta({ description: "set when complete" }),
    created_at: z.string(),
    completed_at: z.string().nullable(),
  })
  .meta({ id: "SettlementRun" });
export type SettlementRunView = z.infer<typeof settlementRunSchema>;
