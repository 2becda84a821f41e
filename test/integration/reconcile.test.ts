// The reconciler repairs what lost webhooks and a restarted venue leave behind.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, test } from "vitest";
import { settlePending } from "../../src/modules/executions/executions.service.ts";
import { reconcile } from "../../src/modules/routing/reconcile.ts";
import { routeOrderTask } from "../../src/modules/routing/routing.tasks.ts";
import type { VenueClient } from "../../src/modules/routing/venue.client.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { DEFAULT_LIQUIDITY, LiquidityProvider } from "../../src/venue/liquidity.ts";
import { buildVenueServer } from "../../src/venue/server.ts";
import { Venue } from "../../src/venue/venue.ts";
import { buildTestApp, createAccount, type TestApp, testVenueClient } from "../support/app.ts";

const log = createLogger({ LOG_LEVEL: "silent", LOG_FORMAT: "json", NODE_ENV: "test" });
let t: TestApp;
let server: FastifyInstance;
let venue: Venue;
let client: VenueClient;

async function startVenue() {
  // Every webhook is "lost": reports reach the OMS only through the reconciler.
  venue = new Venue(() => {});
  new LiquidityProvider(venue, DEFAULT_LIQUIDITY).refresh();
  server = await buildVenueServer(venue, log);
  await server.listen({ host: "127.0.0.1", port: 0 });
  const address = server.server.address();
  return `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
}

beforeAll(async () => {
  client = testVenueClient(await startVenue());
  t = await buildTestApp({ venue: client });
});
afterAll(async () => {
  await t.close();
  await server.close();
});

const route = (orderId: string) =>
  routeOrderTask({
    db: t.database.db,
    venue: client,
    policy: { baseDelayMs: 10, maxDelayMs: 10, maxRetries: 0 },
    instrument: (symbol) => t.services.catalog.get(symbol),
  })({ order_id: orderId }, { logger: { warn: () => {} }, addJob: async () => ({}) } as never);

test("when the venue's fill webhooks are lost, then the reconciler brings the fills in and they settle in order", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const placed = (
    await t.app.inject({
      method: "POST",
      url: "/api/v1/orders",
      headers: a.headers,
      payload: { symbol: "BTC-USD", side: "buy", order_type: "market", quantity: "0.01" },
    })
  ).json();
  await route(placed.id);
  const venueOrder = await client.get(placed.id);
  expect(venueOrder?.status).toBe("filled");
  expect((await t.services.orders.get(a.id, placed.id)).status).toBe("open");

  const result = await reconcile(t.database.db, client, { quietMs: 0, limit: 100 });
  expect(result.reports).toBeGreaterThan(0);
  await settlePending(t.database.db, t.services.catalog, placed.id);
  expect(await t.services.orders.get(a.id, placed.id)).toMatchObject({
    status: "filled",
    filled_quantity: "0.01",
  });

  // Running it again finds nothing new.
  expect((await reconcile(t.database.db, client, { quietMs: 0, limit: 100 })).reports).toBe(0);
});

test("when the venue restarted and lost an open order, then the reconciler closes it and releases its hold", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const placed = (
    await t.app.inject({
      method: "POST",
      url: "/api/v1/orders",
      headers: a.headers,
      payload: { symbol: "BTC-USD", side: "buy", order_type: "limit", quantity: "0.01", price: "1000" },
    })
  ).json();
  await route(placed.id);
  expect((await t.services.orders.get(a.id, placed.id)).status).toBe("open");
  await server.close();
  const url = await startVenue(); // a new venue, with an empty book
  client = testVenueClient(url);

  const result = await reconcile(t.database.db, client, { quietMs: 0, limit: 100 });
  expect(result.lost).toBeGreaterThanOrEqual(1);
  await settlePending(t.database.db, t.services.catalog, placed.id);
  const closed = await t.services.orders.get(a.id, placed.id);
  expect(closed.status).toBe("cancelled");
  expect(closed.reject_reason).toMatch(/unknown at the venue/);
  const usd = (await t.services.accounts.balances(a.id)).find((b) => b.asset === "USD");
  expect(usd?.held).toBe("0");
});

test("when the trading day ends, then resting DAY orders expire and release their holds", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const placed = (
    await t.app.inject({
      method: "POST",
      url: "/api/v1/orders",
      headers: a.headers,
      payload: {
        symbol: "BTC-USD",
        side: "buy",
        order_type: "limit",
        time_in_force: "day",
        quantity: "0.01",
        price: "1000",
      },
    })
  ).json();
  await route(placed.id);
  expect(await client.endSession()).toBeGreaterThanOrEqual(1);
  await reconcile(t.database.db, client, { quietMs: 0, limit: 100 });
  await settlePending(t.database.db, t.services.catalog, placed.id);
  expect((await t.services.orders.get(a.id, placed.id)).status).toBe("expired");
});
