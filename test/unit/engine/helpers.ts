// Small builders and readers for the engine tests.
import type {
  CancelledEvent,
  EngineEvent,
  OrderRequest,
  TradeEvent,
} from "../../../src/venue/engine/index.ts";
import { MatchingEngine } from "../../../src/venue/engine/index.ts";

export type Req = Partial<OrderRequest> & Pick<OrderRequest, "id" | "side">;

/** A gtc limit order of 10 lots at 100 for alice unless told otherwise. */
export const req = (r: Req): OrderRequest => ({
  owner: "alice",
  type: "limit",
  timeInForce: "gtc",
  quantity: 10,
  ...(r.type === undefined || r.type === "limit" || r.type === "stop_limit" ? { price: 100 } : {}),
  ...r,
});

/** An engine with the given orders submitted in turn. */
export function engineWith(...requests: Req[]): MatchingEngine {
  const engine = new MatchingEngine();
  for (const r of requests) engine.submit(req(r));
  return engine;
}

export const tradesOf = (events: EngineEvent[]) =>
  events
    .filter((e): e is TradeEvent => e.type === "trade")
    .map((t) => ({ maker: t.makerOrderId, taker: t.takerOrderId, price: t.price, quantity: t.quantity }));

export const cancelsOf = (events: EngineEvent[]) =>
  events
    .filter((e): e is CancelledEvent => e.type === "cancelled")
    .map((c) => ({ id: c.orderId, reason: c.reason, quantity: c.quantity }));

export const typesOf = (events: EngineEvent[]) => events.map((e) => e.type);

export const filledIds = (events: EngineEvent[]) =>
  events.flatMap((e) => (e.type === "filled" ? [e.orderId] : []));
