// A cancel that arrives while the order's submit is in flight must not leave a live order at the
// venue: the routing task holds the order row until the venue answered.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, test } from "vitest";
import { settlePending } from "../../src/modules/executions/executions.service.ts";
import { reconcile } from "../../src/modules/routing/reconcile.ts";
import { routeOrderTask } from "../../src/modules/routing/routing.tasks.ts";
import type { VenueClient } from "../../src/modules/routing/venue.client.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { DEFAULT_LIQUIDITY, LiquidityProvider } from "../../src/venue/liquidity.ts";
import { buildVenueServer, NO_FAULTS } from "../../src/venue/server.ts";
import { Venue } from "../../src/venue/venue.ts";
import { buildTestApp, createAccount, type TestApp, testVenueClient } from "../support/app.ts";

const log = createLogger({ LOG_LEVEL: "silent", LOG_FORMAT: "json", NODE_ENV: "test" });
let t: TestApp;
let server: FastifyInstance;
let client: VenueClient;

beforeAll(async () => {
  const venue = new Venue(() => {});
  new LiquidityProvider(venue, DEFAULT_LIQUIDITY).refresh();
  // Every venue call takes 300 ms: time for a cancel to arrive in the middle of a submit.
  server = await buildVenueServer(venue, log, { ...NO_FAULTS, latencyMs: 300 });
  await server.listen({ host: "127.0.0.1", port: 0 });
  const address = server.server.address();
  client = testVenueClient(
    `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`,
  );
  t = await buildTestApp({ venue: client });
});
afterAll(async () => {
  await t.close();
  await server.close();
});

test("when a pending order is cancelled while its submit is in flight, then it ends cancelled here and at the venue", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const placed = (
    await t.app.inject({
      method: "POST",
      url: "/api/v1/orders",
      headers: a.headers,
      payload: { symbol: "BTC-USD", side: "buy", order_type: "limit", quantity: "0.01", price: "1000" },
    })
  ).json();
  const routing = routeOrderTask({
    db: t.database.db,
    venue: client,
    policy: { baseDelayMs: 10, maxDelayMs: 10, maxRetries: 0 },
    instrument: (symbol) => t.services.catalog.get(symbol),
  })({ order_id: placed.id }, { logger: { warn: () => {} } } as never);
  await new Promise((r) => setTimeout(r, 100));
  const cancelled = t.services.orders.cancel(a.id, placed.id);
  await Promise.all([routing, cancelled]);

  expect((await client.get(placed.id))?.status).toBe("cancelled");
  await reconcile(t.database.db, client, { quietMs: 0, limit: 100 });
  await settlePending(t.database.db, t.services.catalog, placed.id);
  expect((await t.services.orders.get(a.id, placed.id)).status).toBe("cancelled");
  const usd = (await t.services.accounts.balances(a.id)).find((b) => b.asset === "USD");
  expect(usd?.held).toBe("0");
});

test("when a marketable order is cancelled while its submit is in flight, then the OMS ends where the venue does", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const placed = (
    await t.app.inject({
      method: "POST",
      url: "/api/v1/orders",
      headers: a.headers,
      payload: { symbol: "BTC-USD", side: "buy", order_type: "market", quantity: "0.01" },
    })
  ).json();
  const routing = routeOrderTask({
    db: t.database.db,
    venue: client,
    policy: { baseDelayMs: 10, maxDelayMs: 10, maxRetries: 0 },
    instrument: (symbol) => t.services.catalog.get(symbol),
  })({ order_id: placed.id }, { logger: { warn: () => {} } } as never);
  await new Promise((r) => setTimeout(r, 100));
  const cancelled = t.services.orders.cancel(a.id, placed.id);
  await Promise.all([routing, cancelled]);

  const atVenue = await client.get(placed.id);
  expect(atVenue?.status).toBe("filled");
  await reconcile(t.database.db, client, { quietMs: 0, limit: 100 });
  await settlePending(t.database.db, t.services.catalog, placed.id);
  const here = await t.services.orders.get(a.id, placed.id);
  expect(here.status).toBe("filled");
  expect(here.filled_quantity).toBe(atVenue?.filled_quantity);
});
