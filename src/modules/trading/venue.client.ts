// The OMS's view of the venue: typed calls over the resilient HTTP client, which signs them and
// takes only answers the venue signed (webhook-signature.ts). 4xx answers but 401 are permanent
// (the venue refused); 5xx, 401, timeouts, an open breaker and unsigned answers are transient.
import { z } from "zod";
import { type HttpClient, UpstreamError } from "../../platform/http-client.ts";
import type { ExecutionReport } from "../executions/executions.table.ts";
import { DomainError } from "../shared/errors.ts";

export const venueOrderSchema = z.object({
  client_order_id: z.string(),
  symbol: z.string(),
  status: z.enum(["pending_trigger", "open", "partially_filled", "filled", "cancelled", "rejected"]),
  quantity: z.string(),
  filled_quantity: z.string(),
  remaining_quantity: z.string(),
  price: z.string().nullable(),
  cancel_reason: z.string().nullable(),
});
export type VenueOrder = z.infer<typeof venueOrderSchema>;

const orderResponse = z.object({ order: venueOrderSchema });

const executionSchema = z.object({
  execution_id: z.string(),
  order_id: z.string(),
  type: z.enum(["trade", "cancelled", "expired", "rejected", "accepted", "trail"]),
  quantity: z.string().optional(),
  price: z.string().optional(),
  liquidity: z.enum(["maker", "taker"]).optional(),
  reason: z.string().optional(),
  hwm: z.string().optional(),
  trigger_price: z.string().optional(),
  executed_at: z.string(),
});

/** A submit's answer: the order, and its own execution reports so far (none from older venues). */
const submitResponse = z.object({
  order: venueOrderSchema,
  reports: z.array(executionSchema).default([]),
});
export type SubmitAnswer = z.infer<typeof submitResponse>;

export interface VenueSubmit {
  client_order_id: string;
  owner: string;
  symbol: string;
  side: "buy" | "sell";
  type: "market" | "limit" | "stop" | "stop_limit" | "trailing_stop";
  time_in_force: "gtc" | "ioc" | "fok" | "day" | "gtd";
  quantity: string;
  price?: string;
  trigger_price?: string;
  /** A limit order that the venue rejects (`post_only`) rather than let it take liquidity. */
  post_only?: boolean;
  /** Time in force gtd: when the venue expires it. */
  expire_at?: string;
  /** A notional market order: the quote amount it may trade for (`quantity` is then its bound). */
  notional?: string;
  trail_price?: string;
  trail_percent?: string;
  /** An order class: this order is its parent; `legs` its other orders, which the venue takes with it. */
  order_class?: "oco" | "bracket" | "oto";
  legs?: {
    client_order_id: string;
    side: "buy" | "sell";
    type: "limit" | "stop" | "stop_limit";
    time_in_force: "gtc" | "day";
    quantity: string;
    price?: string;
    trigger_price?: string;
  }[];
}

/** The venue refused the request itself (4xx): retrying will not help. */
export class VenueRefusal extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = "VenueRefusal";
    this.status = status;
  }
}

/**
 * An answer about another order than the one asked about is refused whole: its reports are never
 * stored, whoever signed it.
 */
function aboutOnly<T>(id: string, answer: T, ids: (a: T) => string[]): T {
  const other = ids(answer).find((x) => x !== id);
  if (other !== undefined)
    throw new UpstreamError(`the venue answered about order ${other} when asked about ${id}`, {
      transient: false,
    });
  return answer;
}

function message(body: unknown): string {
  const parsed = z.object({ error: z.object({ message: z.string() }) }).safeParse(body);
  return parsed.success ? parsed.data.error.message : "no reason given";
}

export class VenueClient {
  readonly #http: HttpClient;
  constructor(http: HttpClient) {
    this.#http = http;
  }

  async #order(
    method: "GET" | "POST" | "PATCH" | "DELETE",
    id: string,
    body?: unknown,
    action = "",
  ): Promise<VenueOrder | undefined> {
    const path = `/v1/orders/${encodeURIComponent(id)}${action}`;
    // Every order call is idempotent at the venue (the OMS order id is the client order id).
    const r = await this.#http.call(method, path, { body, idempotent: true });
    if (r.status === 404) return undefined;
    if (r.status >= 400) throw new VenueRefusal(r.status, message(r.body));
    const { order } = orderResponse.parse(r.body);
    return aboutOnly(id, order, (o) => [o.client_order_id]);
  }

  /**
   * Submits an order (idempotent on its id). The answer carries the order's execution reports so
   * far, which the webhook also delivers: routing settles them at once (route.ts).
   */
  async submit(o: VenueSubmit): Promise<SubmitAnswer> {
    const r = await this.#http.call("POST", "/v1/orders", { body: o, idempotent: true });
    if (r.status === 404) throw new VenueRefusal(404, `market ${o.symbol} is not listed at the venue`);
    if (r.status >= 400) throw new VenueRefusal(r.status, message(r.body));
    return aboutOnly(o.client_order_id, submitResponse.parse(r.body), (a) => [
      a.order.client_order_id,
      ...a.reports.map((x) => x.order_id),
    ]);
  }

  /** The venue's reports for an order (undefined: the venue does not know it). */
  async executions(id: string): Promise<ExecutionReport[] | undefined> {
    const r = await this.#http.call("GET", `/v1/orders/${encodeURIComponent(id)}/executions`);
    if (r.status === 404) return undefined;
    if (r.status >= 400) throw new VenueRefusal(r.status, message(r.body));
    const { data } = z.object({ data: z.array(executionSchema) }).parse(r.body);
    return aboutOnly(id, data, (reports) => reports.map((x) => x.order_id));
  }

  /** Ends the venue's trading day: its resting DAY orders expire (their reports follow). */
  async endSession(): Promise<number> {
    const r = await this.#http.call("POST", "/v1/session/end", { idempotent: true });
    if (r.status >= 400) throw new VenueRefusal(r.status, message(r.body));
    return z.object({ expired: z.number() }).parse(r.body).expired;
  }

  get = (id: string) => this.#order("GET", id);
  /** Expires a GTD order now (reported `expired`, reason gtd_expiry); undefined: the venue does not know it. */
  expire = (id: string) => this.#order("POST", id, undefined, "/expire");
  cancel = (id: string) => this.#order("DELETE", id);
  replace = (id: string, changes: { quantity?: string; price?: string }) => this.#order("PATCH", id, changes);

  /** Market data for synchronous API calls: a failure is a 502 EXCHANGE_ERROR. */
  async marketData(path: string): Promise<unknown> {
    try {
      const r = await this.#http.call("GET", `/v1/markets/${path}`);
      if (r.status === 404) throw new DomainError("UNKNOWN_SYMBOL", "the venue does not list this market");
      if (r.status >= 400) throw new VenueRefusal(r.status, message(r.body));
      return r.body;
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw new DomainError("EXCHANGE_ERROR", "the venue did not answer; try again shortly", {
        cause: error,
      });
    }
  }
}

export const isTransient = (error: unknown): boolean => error instanceof UpstreamError && error.transient;
