// GET /api/v1/account/portfolio/history: the account's equity curve in Alpaca's shape.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { InstrumentCatalog } from "../../modules/instruments/instruments.service.ts";
import {
  defaultTimeframe,
  MAX_POINTS,
  PERIODS,
  type Period,
  TIMEFRAMES,
  type Timeframe,
} from "../../modules/portfolio/history.plan.ts";
import { portfolioHistory } from "../../modules/portfolio/history.service.ts";
import type { Executor } from "../../modules/shared/executor.ts";
import { principalOf } from "../auth.ts";
import { authErrors, bearerAuth } from "./common.ts";

const periods = Object.keys(PERIODS) as [Period, ...Period[]];
const timeframes = Object.keys(TIMEFRAMES) as [Timeframe, ...Timeframe[]];

const query = z.object({
  period: z
    .enum(periods)
    .default("1M")
    .describe("1D, 1W, 1M (30 days), 3M (90 days) or 1A (365 days). Default 1M."),
  timeframe: z
    .enum(timeframes)
    .optional()
    .describe("Bucket size. Default as Alpaca: 1Min for 1D, 15Min for 1W, 1D for 1M and longer."),
});

const history = z.object({
  timestamp: z
    .array(z.number().int())
    .describe("Each point's bucket open time, Unix seconds (UTC-aligned buckets)."),
  equity: z.array(z.string()).describe("USD value at the bucket's end, rounded to the cent."),
  profit_loss: z
    .array(z.string())
    .describe("USD, against base_value, deposits and withdrawals since the first point excluded."),
  profit_loss_pct: z
    .array(z.string())
    .describe(
      "profit_loss as a fraction of base_value plus the net deposits since (0.01 = 1 %), six decimals.",
    ),
  base_value: z.string().describe('Equity at the first point; "0" without points.'),
  timeframe: z.enum(timeframes),
});

const DESCRIPTION = `The account's equity in USD over a period, one point per bucket of the timeframe, in Alpaca's shape.

- Equity at a point: the account's balance of each asset (available and held) as of the bucket's end, from its ledger entries, times the close of the asset's USD candle of that bucket (the candle interval equal to the timeframe), or the last earlier close when the bucket has no bar; USD counts at 1.
- One point per bucket that has data: buckets before the account's first ledger entry have none, nor do buckets in which it holds an asset that has no close yet. The last point is the bucket holding now, its equity as of now.
- base_value is the equity at the first point. profit_loss is equity minus base_value minus the deposits and withdrawals made since the first point (valued at their bucket's close): Alpaca long counted deposits as profit (its users' complaints), and now reports cash flows apart; here they are never profit. profit_loss_pct divides it by base_value plus those net deposits ("0" when that is not positive).
- Equity and profit_loss are rounded to the cent (half to even), profit_loss_pct to six decimals, from the rounded figures.
- Defaults: period 1M; timeframe as Alpaca (1Min under 7 days, 15Min under 30 days, else 1D). A period and timeframe making more than ${MAX_POINTS} points (for example 1W at 1Min, 1M at 5Min, 1A at 1H) are refused with 422 VALIDATION_ERROR.
- Periods are fixed lengths ending now: 1D 24 h, 1W 7 days, 1M 30 days, 3M 90 days, 1A 365 days.`;

export const portfolioRoutes: FastifyPluginAsyncZod<{ db: Executor; catalog: InstrumentCatalog }> = async (
  app,
  o,
) => {
  app.get(
    "/api/v1/account/portfolio/history",
    {
      config: { auth: "read" },
      schema: {
        tags: ["account"],
        security: bearerAuth,
        summary: "Equity over time (Alpaca's portfolio history)",
        description: DESCRIPTION,
        querystring: query,
        response: { 200: history, ...authErrors },
      },
    },
    async (request) => {
      const { period } = request.query;
      const timeframe = request.query.timeframe ?? defaultTimeframe(period);
      return await portfolioHistory(o.db, o.catalog, principalOf(request).accountId, {
        period,
        timeframe,
        now: new Date(),
      });
    },
  );
};
