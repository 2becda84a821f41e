// Test data through the public API: funded accounts with keys (admin routes) and resting limit orders.
// Set-up calls go through @bourse/client; the calls a scenario measures go through `call` (undici).
import { createBourseClient, unwrap } from "@bourse/client";
import { type Dispatcher, request } from "undici";

export interface Trader {
  accountId: string;
  key: string;
}

export interface PlacedOrder {
  id: string;
  key: string;
  symbol: string;
}

/** The listed instruments the Lua scripts use too (bench/lua/post_order.lua): sizes in integer units. */
export const INSTRUMENTS = [
  { symbol: "BTC-USD", base: "BTC", tick: "0.01", lot: "0.00001", min: "0.0001", refTicks: 5_000_000 },
  { symbol: "ETH-USD", base: "ETH", tick: "0.01", lot: "0.0001", min: "0.001", refTicks: 300_000 },
  { symbol: "SOL-USD", base: "SOL", tick: "0.001", lot: "0.01", min: "0.1", refTicks: 150_000 },
] as const;

/** Per account: far more than any run can hold (buys hold ≤ $1,500, sells ≤ 1,000 lots each). */
const DEPOSITS: [string, string][] = [
  ["USD", "100000000"],
  ["BTC", "100000"],
  ["ETH", "1000000"],
  ["SOL", "100000000"],
];

export class HttpError extends Error {
  readonly status: number;
  readonly body: string;
  constructor(what: string, status: number, body: string) {
    super(`${what}: HTTP ${status} ${body.slice(0, 500)}`);
    this.status = status;
    this.body = body;
  }
}

export async function call(
  baseUrl: string,
  method: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<unknown> {
  // undici's request, not fetch: at the lifecycle bench's 200 orders/s, fetch cost the load
  // generator ~1 ms of CPU per request, taken from the two cores the server shares with it.
  const res = await request(baseUrl + path, {
    method: method as Dispatcher.HttpMethod,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
  });
  const text = await res.body.text();
  if (res.statusCode < 200 || res.statusCode > 299)
    throw new HttpError(`${method} ${path}`, res.statusCode, text);
  return JSON.parse(text);
}

function field(value: unknown, name: string): string {
  const v =
    typeof value === "object" && value !== null ? (value as Record<string, unknown>)[name] : undefined;
  if (typeof v !== "string")
    throw new Error(`response has no string field '${name}': ${JSON.stringify(value)}`);
  return v;
}

/** Runs `fn` over `items` with at most `limit` calls in flight; results in input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  });
  await Promise.all(lanes);
  return out;
}

/** Checks the listed instruments still have the precision the scripts assume. */
export async function checkInstruments(baseUrl: string): Promise<void> {
  const { data: rows } = await unwrap(createBourseClient({ baseUrl }).GET("/api/v1/instruments"));
  for (const want of INSTRUMENTS) {
    const got = rows.find((r) => r.symbol === want.symbol);
    if (got === undefined) throw new Error(`instrument ${want.symbol} is not listed`);
    const seen = [got.tick_size, got.lot_size, got.min_quantity];
    if (seen.join() !== [want.tick, want.lot, want.min].join()) {
      throw new Error(
        `instrument ${want.symbol} has tick/lot/min ${seen.join("/")}; the bench assumes ${want.tick}/${want.lot}/${want.min}`,
      );
    }
  }
}

/** `n` accounts, each funded in USD and every base asset, each with one read+trade key. */
export async function createTraders(baseUrl: string, adminToken: string, n: number): Promise<Trader[]> {
  const admin = createBourseClient({ baseUrl, token: adminToken });
  const names = Array.from({ length: n }, (_, i) => `bench-${String(i + 1).padStart(3, "0")}`);
  return await mapLimit(names, 8, async (name) => {
    const account = await unwrap(admin.POST("/api/v1/admin/accounts", { body: { name } }));
    const path = { id: account.id };
    for (const [asset, amount] of DEPOSITS) {
      await unwrap(
        admin.POST("/api/v1/admin/accounts/{id}/deposits", { params: { path }, body: { asset, amount } }),
      );
    }
    const key = await unwrap(
      admin.POST("/api/v1/admin/accounts/{id}/keys", {
        params: { path },
        body: { scopes: ["read", "trade"] },
      }),
    );
    return { accountId: account.id, key: key.key };
  });
}

const decimal = (units: number, places: number): string => {
  const s = String(units).padStart(places + 1, "0");
  return places === 0 ? s : `${s.slice(0, -places)}.${s.slice(-places)}`;
};
const placesOf = (step: string): number => step.split(".")[1]?.length ?? 0;
const randomInt = (lo: number, hi: number): number => lo + Math.floor(Math.random() * (hi - lo + 1));

/** A valid resting limit order: price within ±1% of the reference, 10–1,000 lots. */
export function randomOrder(symbolIndex?: number): Record<string, string> {
  const ins = INSTRUMENTS[symbolIndex ?? randomInt(0, INSTRUMENTS.length - 1)] ?? INSTRUMENTS[0];
  const spread = Math.floor(ins.refTicks / 100);
  return {
    symbol: ins.symbol,
    side: Math.random() < 0.5 ? "buy" : "sell",
    order_type: "limit",
    quantity: decimal(randomInt(10, 1000), placesOf(ins.lot)),
    price: decimal(ins.refTicks + randomInt(-spread, spread), placesOf(ins.tick)),
  };
}

/** Places `n` orders spread round-robin over the traders (and over the symbols), `concurrency` at a time. */
export async function placeOrders(
  baseUrl: string,
  traders: readonly Trader[],
  n: number,
  concurrency = 32,
): Promise<PlacedOrder[]> {
  const slots = Array.from({ length: n }, (_, i) => i);
  return await mapLimit(slots, concurrency, async (i) => {
    const trader = traders[i % traders.length] as Trader;
    const body = randomOrder(Math.floor(i / traders.length) % INSTRUMENTS.length);
    const order = await call(baseUrl, "POST", "/api/v1/orders", trader.key, body);
    return { id: field(order, "id"), key: trader.key, symbol: field(order, "symbol") };
  });
}
