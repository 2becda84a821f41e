// Engine events → execution reports for the OMS. Only orders of OMS accounts are reported; the
// liquidity provider's own orders are not.
import type { EngineEvent } from "./engine/index.ts";
import { fromSteps, type Market } from "./markets.ts";

export interface ExecutionReport {
  execution_id: string;
  order_id: string;
  type: "trade" | "cancelled" | "expired" | "rejected" | "trail" | "accepted";
  quantity?: string;
  price?: string;
  liquidity?: "maker" | "taker";
  reason?: string;
  /** trail only: a trailing stop's mark and the trigger that follows it. */
  hwm?: string;
  trigger_price?: string;
  executed_at: string;
}

/** Cancels the engine makes on its own (time in force, market remainder) are expiries to the OMS. */
const EXPIRY_REASONS = new Set([
  "ioc",
  "fok",
  "market_remainder",
  "day_expiry",
  "gtd_expiry",
  "notional_spent",
]);

/** `boot` (random per venue start) keeps execution ids unique across restarts of the engine's sequence. */
export function reportsOf(
  boot: string,
  events: EngineEvent[],
  market: Market,
  reported: (orderId: string) => boolean,
  now = new Date(),
): ExecutionReport[] {
  const at = now.toISOString();
  const out: ExecutionReport[] = [];
  for (const e of events) {
    if (e.type === "trade") {
      const common = { type: "trade" as const, price: fromSteps(e.price, market.tickSize), executed_at: at };
      const quantity = fromSteps(e.quantity, market.lotSize);
      if (reported(e.makerOrderId)) {
        out.push({
          ...common,
          quantity,
          execution_id: `${boot}:${market.symbol}:${e.seq}:m`,
          order_id: e.makerOrderId,
          liquidity: "maker",
        });
      }
      if (reported(e.takerOrderId)) {
        out.push({
          ...common,
          quantity,
          execution_id: `${boot}:${market.symbol}:${e.seq}:t`,
          order_id: e.takerOrderId,
          liquidity: "taker",
        });
      }
    } else if (e.type === "cancelled" && reported(e.orderId)) {
      out.push({
        execution_id: `${e.orderId}:closed`,
        order_id: e.orderId,
        type: EXPIRY_REASONS.has(e.reason) ? "expired" : "cancelled",
        reason: e.reason,
        executed_at: at,
      });
    } else if (e.type === "trail_moved" && reported(e.orderId)) {
      // The mark only improves, so it names each move once.
      const hwm = fromSteps(e.hwm, market.tickSize);
      out.push({
        execution_id: `${e.orderId}:trail:${hwm}`,
        order_id: e.orderId,
        type: "trail",
        hwm,
        trigger_price: fromSteps(e.triggerPrice, market.tickSize),
        executed_at: at,
      });
    } else if (e.type === "rejected" && e.reason !== "duplicate_order_id" && reported(e.orderId)) {
      out.push({
        execution_id: `${e.orderId}:closed`,
        order_id: e.orderId,
        type: "rejected",
        reason: e.reason,
        executed_at: at,
      });
    }
  }
  return out;
}
