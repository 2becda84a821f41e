// Market-data pushes as the venue signs them, carrying trades, for the candle tests.
import { SIGNATURE_HEADER, sign } from "../../src/platform/webhook-signature.ts";
import { type TestApp, WEBHOOK_SECRET } from "./app.ts";

export interface PushedTrade {
  id: number;
  price: string;
  quantity: string;
  ts: string;
  side?: "buy" | "sell";
}

/** POSTs one push of a venue run (`boot`) with these trades of one symbol; the response. */
export async function pushTrades(t: TestApp, boot: string, symbol: string, trades: PushedTrade[]) {
  const payload = JSON.stringify({
    venue: boot,
    markets: [{ symbol, trades: trades.map((x) => ({ side: "buy", ...x })) }],
  });
  return await t.app.inject({
    method: "POST",
    url: "/internal/venue/market-data",
    headers: { "content-type": "application/json", [SIGNATURE_HEADER]: sign(WEBHOOK_SECRET, payload) },
    payload,
  });
}

/** GET …/candles with the given query; the response. */
export const getCandles = (t: TestApp, symbol: string, query: Record<string, string | number>) =>
  t.app.inject({
    method: "GET",
    url: `/api/v1/market/${symbol}/candles?${new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]))}`,
  });
