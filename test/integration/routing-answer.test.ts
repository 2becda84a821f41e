// The venue answers a submit with the order's executions so far: routing stores and settles them in
// its own transaction, and the webhook's copies (which the test venue loses; here they are sent by
// hand) find them stored.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { ExecutionReport } from "../../src/modules/executions/executions.table.ts";
import { receiveReports } from "../../src/modules/trading/inbox.ts";
import { Router } from "../../src/modules/trading/router.ts";
import { type VenueClient, VenueRefusal, type VenueSubmit } from "../../src/modules/trading/venue.client.ts";
import { ROUTE_RETRY, venueRequest } from "../../src/modules/trading/venue-request.ts";
import { createAccount, limitBuy, marketBuy, storedBalance, type TestApp } from "../support/app.ts";
import { placeOrder, startVenueApp, type TestVenue, venueWith } from "../support/venue.ts";

let t: TestApp;
let v: TestVenue;
let close: () => Promise<void>;
beforeAll(async () => {
  // Placement must leave routing to these tests, which route each batch by hand at a chosen moment.
  ({ t, v, close } = await startVenueApp({ app: { fastPath: false } }));
});
afterAll(() => close());

/** Routes a batch as the placing process does; returns what routing logged as warnings and errors. */
async function route(venue: VenueClient, ids: string[]): Promise<string[]> {
  const logged: string[] = [];
  const log = { warn: (m: string) => logged.push(m), error: (m: string) => logged.push(m) };
  const router = new Router({ db: t.database.db, venue, policy: ROUTE_RETRY, catalog: t.services.catalog });
  await router.batch(ids, { log, mayHaveReached: false });
  return logged;
}

const fillCount = async (orderId: string) =>
  (
    await t.database.db
      .selectFrom("fills")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("order_id", "=", orderId)
      .executeTakeFirstOrThrow()
  ).n;

/** The statuses the order's events carried, in sequence order. */
const eventStatuses = async (orderId: string) =>
  (
    await sql<{ status: string }>`
      select payload ->> 'status' as status from events
      where payload ->> 'id' = ${orderId} and type in ('order.created', 'order.updated', 'order.filled')
      order by seq`.execute(t.database.db)
  ).rows.map((e) => e.status);

test("when an order matches on arrival, then routing fills it in its transaction, and the webhook's copy changes nothing", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const id = await placeOrder(t, a, marketBuy());

  expect(await route(v.client, [id])).toEqual([]);
  const filled = await t.services.orders.get(a.id, id);
  expect(filled).toMatchObject({ status: "filled", filled_quantity: "0.01" });
  expect(await eventStatuses(id)).toEqual(["pending", "filled"]);
  expect(await fillCount(id)).toBe("1");
  const usd = await storedBalance(t, a.id, "USD");

  const copies = (await v.client.executions(id)) ?? [];
  expect(copies.length).toBeGreaterThan(0);
  expect(await receiveReports(t.database.db, copies)).toBe(0);
  expect(await fillCount(id)).toBe("1");
  expect(await storedBalance(t, a.id, "USD")).toEqual(usd);
  expect(await t.services.orders.get(a.id, id)).toEqual(filled);
});

test("when the webhook's copy arrives while routing still holds the order, then it waits, finds the fill stored, and neither fails", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const id = await placeOrder(t, a, marketBuy());
  // The real venue, whose webhook goes out the moment it answers, and whose answer is slow to
  // arrive: the webhook's transaction starts while routing holds the order's row.
  let webhook: Promise<number> | undefined;
  const racing = venueWith(v.client, {
    submit: async (o: VenueSubmit) => {
      const answer = await v.client.submit(o);
      webhook = receiveReports(t.database.db, answer.reports as ExecutionReport[]);
      await new Promise((r) => setTimeout(r, 200));
      return answer;
    },
  });

  expect(await route(racing, [id])).toEqual([]);
  expect(await webhook).toBe(0);
  expect(await t.services.orders.get(a.id, id)).toMatchObject({ status: "filled", filled_quantity: "0.01" });
  expect(await fillCount(id)).toBe("1");
});

/**
 * Two accounts and two batches: each batch holds one account's market order (it fills on arrival)
 * and the other account's limit order far from the market.
 */
async function crossedBatches() {
  const a = await createAccount(t, { USD: "100000" });
  const b = await createAccount(t, { USD: "100000" });
  const far = limitBuy({ price: "1000", quantity: "0.01" });
  const first = [await placeOrder(t, a, marketBuy()), await placeOrder(t, b, far)];
  const second = [await placeOrder(t, b, marketBuy()), await placeOrder(t, a, far)];
  return { a, b, first, second };
}

test("when two batches that fill one account's order and open the other's route at once, then both commit", async () => {
  for (let round = 0; round < 5; round++) {
    const { a, b, first, second } = await crossedBatches();

    const logged = await Promise.all([route(v.client, first), route(v.client, second)]);
    expect(logged.flat()).toEqual([]);
    for (const [account, id] of [
      [a, first[0]],
      [b, second[0]],
    ] as const) {
      expect((await t.services.orders.get(account.id, id as string)).status).toBe("filled");
    }
  }
});

test("when two batches that fill one account's order and have the other's refused route at once, then both commit", async () => {
  for (let round = 0; round < 5; round++) {
    const { a, b, first, second } = await crossedBatches();
    const refused = new Set([first[1], second[1]]);
    // The real venue, except that it refuses the limit orders (the venue is outside the OMS).
    const refusing = venueWith(v.client, {
      submit: async (r: VenueSubmit) => {
        if (refused.has(r.client_order_id)) throw new VenueRefusal(422, "price outside the band");
        return await v.client.submit(r);
      },
    });

    // A batch that failed would be routed again one order at a time, with a warning.
    const logged = await Promise.all([route(refusing, first), route(refusing, second)]);
    expect(logged.flat()).toEqual([]);
    for (const [account, [filled]] of [
      [a, first],
      [b, second],
    ] as const) {
      expect((await t.services.orders.get(account.id, filled as string)).status).toBe("filled");
    }
    for (const [account, id] of [
      [b, first[1]],
      [a, second[1]],
    ] as const) {
      const order = await t.services.orders.get(account.id, id as string);
      expect(order).toMatchObject({ status: "rejected", reject_reason: "venue: price outside the band" });
      expect(await eventStatuses(id as string)).toEqual(["pending", "rejected"]);
    }
    // Both holds of the rejected orders are back; only the fills' cost and fees are gone.
    for (const account of [a, b]) {
      expect((await storedBalance(t, account.id, "USD")).held).toBe("0");
    }
  }
});

test("when a report of a pending order is stored but not settled yet, then routing settles it once with the answer's copy", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const id = await placeOrder(t, a, marketBuy());
  const order = await t.services.orders.get(a.id, id);
  // An earlier submit reached the venue, and its webhook stored the fill with a settle job that
  // has not run yet (the test runs no worker).
  const row = await t.database.db
    .selectFrom("orders")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  const answer = await v.client.submit(venueRequest(row, await t.services.catalog.get(order.symbol)));
  expect(await receiveReports(t.database.db, answer.reports as ExecutionReport[])).toBeGreaterThan(0);
  const unsettled = await sql<{ n: string }>`
    select count(*)::text as n from execution_reports where order_id = ${id} and settled_at is null`.execute(
    t.database.db,
  );
  expect(unsettled.rows[0]?.n).not.toBe("0");
  expect((await t.services.orders.get(a.id, id)).status).toBe("pending");

  // Routing submits again: the venue's answer repeats the fill, which is already stored.
  expect(await route(v.client, [id])).toEqual([]);
  expect(await t.services.orders.get(a.id, id)).toMatchObject({ status: "filled", filled_quantity: "0.01" });
  expect(await fillCount(id)).toBe("1");
  expect(await eventStatuses(id)).toEqual(["pending", "filled"]);
});
