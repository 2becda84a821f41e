import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { type InstrumentCatalog, instrumentView } from "../../modules/instruments/instruments.service.ts";
import { errorSchema } from "./common.ts";

const instrumentSchema = z
  .object({
    symbol: z.string(),
    base_asset: z.string(),
    quote_asset: z.string(),
    tick_size: z.string(),
    lot_size: z.string(),
    min_quantity: z.string(),
    maker_fee_rate: z.string(),
    taker_fee_rate: z.string(),
    base_asset_precision: z.string().meta({
      description:
        'the smallest amount of the base asset (e.g. "0.00000001"): quantities, positions and a sell\'s hold carry no more decimals',
    }),
    quote_asset_precision: z.string().meta({
      description:
        'the smallest amount of the quote asset (e.g. "0.01"): balances, holds, fees and the money a fill moves carry no more decimals',
    }),
    status: z.enum(["trading", "halted"]),
    candles_synthetic_until: z
      .string()
      .nullable()
      .describe(
        "Candles of this instrument opening before this time are synthetic: a random walk written at the first start of a new data folder so the chart is not empty (ending at the reference price of that moment), not trades. null: every bar comes from trades.",
      ),
  })
  .meta({ id: "Instrument" });

export const instrumentsRoutes: FastifyPluginAsyncZod<{ catalog: InstrumentCatalog }> = async (
  app,
  { catalog },
) => {
  app.get(
    "/api/v1/instruments",
    {
      config: { perAddress: true },
      schema: {
        tags: ["market data"],
        summary: "Listed instruments (public)",
        response: { 200: z.object({ data: z.array(instrumentSchema) }), 429: errorSchema },
      },
    },
    async () => ({ data: (await catalog.all()).map(instrumentView) }),
  );
};
