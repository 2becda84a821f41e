// An in-process venue for integration tests: its HTTP API on a free loopback port, quoted by the
// liquidity provider, with its webhooks "lost" (reports reach the OMS through the reconciler).
// It shares the test webhook secret with the app and the test venue client.
import type { FastifyInstance } from "fastify";
import { Router } from "../../src/modules/trading/router.ts";
import { routeOrdersTask, routeOrderTask } from "../../src/modules/trading/tasks.ts";
import type { VenueClient } from "../../src/modules/trading/venue.client.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { DEFAULT_LIQUIDITY, LiquidityProvider } from "../../src/venue/liquidity.ts";
import { buildVenueServer, type Faults, NO_FAULTS } from "../../src/venue/server.ts";
import { Venue } from "../../src/venue/venue.ts";
import { buildTestApp, type TestAccount, type TestApp, testVenueClient, WEBHOOK_SECRET } from "./app.ts";

const log = createLogger({ LOG_LEVEL: "silent", LOG_FORMAT: "json", NODE_ENV: "test" });

export interface TestVenue {
  client: VenueClient;
  server: FastifyInstance;
}

export async function startTestVenue(faults: Partial<Faults> = {}): Promise<TestVenue> {
  const venue = new Venue(() => {});
  new LiquidityProvider(venue, DEFAULT_LIQUIDITY).refresh();
  const server = await buildVenueServer(venue, log, {
    auth: { secret: WEBHOOK_SECRET, toleranceMs: 300_000 },
    faults: { ...NO_FAULTS, ...faults },
  });
  await server.listen({ host: "127.0.0.1", port: 0 });
  const address = server.server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return { client: testVenueClient(`http://127.0.0.1:${port}`), server };
}

/** A test app that trades with an in-process venue of its own; `close` stops both. */
export async function startVenueApp(
  o: { app?: Parameters<typeof buildTestApp>[0]; faults?: Partial<Faults> } = {},
): Promise<{ t: TestApp; v: TestVenue; close: () => Promise<void> }> {
  const v = await startTestVenue(o.faults);
  const t = await buildTestApp({ ...o.app, venue: v.client });
  return {
    t,
    v,
    close: async () => {
      await t.close();
      await v.server.close();
    },
  };
}

/** An order's status as stored. */
export const orderStatus = async (t: TestApp, id: string) =>
  (await t.database.db.selectFrom("orders").select("status").where("id", "=", id).executeTakeFirstOrThrow())
    .status;

const routing = (t: TestApp, venue: VenueClient, maxRetries = 0) =>
  new Router({
    db: t.database.db,
    venue,
    policy: { baseDelayMs: 10, maxDelayMs: 10, maxRetries },
    catalog: t.services.catalog,
  });

// graphile-worker's helpers: the tasks only log through them and read the job's attempt number.
const helpers = (attempts: number) =>
  ({ logger: { warn: () => {}, error: () => {} }, job: { attempts } }) as never;

/** Runs one route_order job for the order now, without retries. */
export async function routeNow(t: TestApp, venue: VenueClient, orderId: string): Promise<void> {
  await routeOrderTask(routing(t, venue))({ order_id: orderId }, helpers(1));
}

/** Runs one route_orders (batch) job now, as its `attempts`-th run; `maxRetries` per order. */
export async function routeBatchNow(
  t: TestApp,
  venue: VenueClient,
  orderIds: string[],
  o: { attempts?: number; maxRetries?: number } = {},
): Promise<void> {
  await routeOrdersTask(routing(t, venue, o.maxRetries))({ order_ids: orderIds }, helpers(o.attempts ?? 1));
}

/** Places an order through the API; returns its id. */
export async function placeOrder(t: TestApp, account: TestAccount, payload: object): Promise<string> {
  const r = await t.app.inject({ method: "POST", url: "/api/v1/orders", headers: account.headers, payload });
  if (r.statusCode !== 201) throw new Error(`placing an order: ${r.statusCode} ${r.body}`);
  return r.json().id;
}

/** A limit buy of 0.01 BTC at 1000 (far below the market), placed and routed: it rests at the venue. */
export async function restingBuy(
  t: TestApp,
  venue: VenueClient,
  account: TestAccount,
  over: object = {},
): Promise<string> {
  const payload = { symbol: "BTC-USD", side: "buy", order_type: "limit", quantity: "0.01", price: "1000" };
  const id = await placeOrder(t, account, { ...payload, ...over });
  await routeNow(t, venue, id);
  return id;
}

/** The real venue client with some of its calls replaced (the venue is outside the OMS). */
export function venueWith(
  client: VenueClient,
  calls: Partial<Pick<VenueClient, "submit" | "executions" | "replace" | "cancel">>,
): VenueClient {
  return new Proxy(client, {
    get(target, name) {
      const replaced = (calls as Record<string | symbol, unknown>)[name];
      if (replaced !== undefined) return replaced;
      const value = Reflect.get(target, name);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
