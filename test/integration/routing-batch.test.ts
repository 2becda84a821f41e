// route_orders: one routing job per placement batch, its orders routed in one transaction;
// failures stay with their order; the reconciler knows a batch job is coming.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, test } from "vitest";
import { Decimal } from "../../src/modules/shared/decimal.ts";
import { reconcile } from "../../src/modules/trading/reconcile.ts";
import { type VenueClient, VenueRefusal, type VenueSubmit } from "../../src/modules/trading/venue.client.ts";
import {
  createAccount,
  limitBuy,
  storedBalance,
  type TestAccount,
  type TestApp,
  testVenueClient,
} from "../support/app.ts";
import { countJobs } from "../support/jobs.ts";
import {
  orderStatus,
  placeOrder,
  routeBatchNow,
  startVenueApp,
  type TestVenue,
  venueWith,
} from "../support/venue.ts";

let t: TestApp;
let v: TestVenue;
let close: () => Promise<void>;
beforeAll(async () => {
  // The job path: these tests count the batch jobs that placement queues and run them by hand.
  ({ t, v, close } = await startVenueApp({ app: { fastPath: false } }));
});
afterAll(() => close());

const status = (id: string) => orderStatus(t, id);

const restingBuy = limitBuy({ price: "1000", quantity: "0.01" });

/** Three resting buys of one account, placed (pending). */
async function threeResting(a: TestAccount): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push(await placeOrder(t, a, restingBuy));
  return ids;
}

test("when a batch job runs, then every pending order in it is routed, and no per-order job is made", async () => {
  const ids = await threeResting(await createAccount(t, { USD: "100000" }));
  for (const id of ids) expect(await countJobs(t.database.db, "route_orders", id)).toBe(1);
  await routeBatchNow(t, v.client, ids);
  for (const id of ids) {
    expect(await status(id)).toBe("open");
    expect((await v.client.get(id))?.status).toBe("open");
    expect(await countJobs(t.database.db, "route_order", id)).toBe(0);
  }
  // Run again (the job died after routing them): nothing changes, nothing is sent twice.
  await routeBatchNow(t, v.client, ids, { attempts: 2 });
  for (const id of ids) expect(await status(id)).toBe("open");
});

test("when the venue refuses one order of a batch, then that one is rejected and released, and the others open, each with its event", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const ids = await threeResting(a);
  const refused = ids[1];
  // The real venue, except that it refuses one order (the venue is outside the OMS).
  const refusing = venueWith(v.client, {
    submit: async (r: VenueSubmit) => {
      if (r.client_order_id === refused) throw new VenueRefusal(422, "price outside the band");
      return await v.client.submit(r);
    },
  });
  await routeBatchNow(t, refusing, ids);
  const rows = await t.database.db
    .selectFrom("orders")
    .select(["id", "status", "reject_reason", "hold_amount"])
    .where("id", "in", ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const id of ids) {
    if (id === refused) {
      expect(byId.get(id)).toMatchObject({
        status: "rejected",
        reject_reason: "venue: price outside the band",
      });
      expect(await v.client.get(id)).toBeUndefined();
    } else {
      expect(byId.get(id)?.status).toBe("open");
      expect((await v.client.get(id))?.status).toBe("open");
    }
  }
  // The account holds exactly what its two open orders need; the refused order's hold is back.
  const held = rows
    .filter((r) => r.status === "open")
    .reduce((sum, r) => sum.plus(r.hold_amount), new Decimal(0));
  const usd = await storedBalance(t, a.id, "USD");
  expect(usd.held).toBe(held.toFixed());
  expect(new Decimal(usd.available).plus(usd.held).toFixed()).toBe("100000");
  // Each order has one event for leaving `pending`, and the account's events are numbered 1, 2, 3…
  const events = await sql<{ id: string; status: string; seq: string }>`
    select payload->>'id' as id, payload->>'status' as status, seq::text from events
    where account_id = ${a.id} order by events.seq`.execute(t.database.db);
  const left = events.rows.filter((e) => ids.includes(e.id) && e.status !== "pending");
  expect(left.map((e) => [e.id, e.status]).sort()).toEqual(
    ids.map((id) => [id, id === refused ? "rejected" : "open"]).sort(),
  );
  expect(events.rows.map((e) => Number(e.seq))).toEqual(events.rows.map((_, i) => i + 1));
});

test("when the venue is unreachable, then each order gets its own retry; a cancelled one is left alone", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const kept = await placeOrder(t, a, restingBuy);
  const cancelled = await placeOrder(t, a, restingBuy);
  const r = await t.app.inject({
    method: "POST",
    url: `/api/v1/orders/${cancelled}/cancel`,
    headers: a.headers,
  });
  expect(r.statusCode).toBe(200);
  // A closed port: every venue call fails as transient.
  await routeBatchNow(t, testVenueClient(), [kept, cancelled], { maxRetries: 5 });
  expect(await status(kept)).toBe("pending");
  expect(await countJobs(t.database.db, "route_order", kept)).toBe(1);
  expect(await status(cancelled)).toBe("cancelled");
  expect(await countJobs(t.database.db, "route_order", cancelled)).toBe(0);
});

test("when routing one order fails unexpectedly, then that order gets a route_order job of its own and the batch completes", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const ids = [await placeOrder(t, a, restingBuy), await placeOrder(t, a, restingBuy)];
  // The venue answering something the client cannot make sense of (not a transient failure).
  // (The venue is outside the OMS; routing calls only submit here.)
  const broken = {
    submit: async () => {
      throw new Error("unexpected answer");
    },
  } as unknown as VenueClient;
  await routeBatchNow(t, broken, ids);
  for (const id of ids) {
    expect(await status(id)).toBe("pending");
    expect(await countJobs(t.database.db, "route_order", id)).toBe(1);
  }
});

test("when a pending order is old but its batch job is still queued, then the reconciler does not route it again", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const id = await placeOrder(t, a, restingBuy);
  await sql`update orders set updated_at = now() - interval '2 minutes' where id = ${id}`.execute(
    t.database.db,
  );
  const first = await reconcile(t.database.db, v.client, { quietMs: 0, limit: 1_000 });
  expect(first).toMatchObject({ rerouted: 0, failed: 0 });
  expect(await countJobs(t.database.db, "route_order", id)).toBe(0);
  // The batch job is lost: now it is routed again, by a job of its own.
  await sql`delete from graphile_worker._private_jobs j where j.payload::jsonb -> 'order_ids' ? ${id}`.execute(
    t.database.db,
  );
  const second = await reconcile(t.database.db, v.client, { quietMs: 0, limit: 1_000 });
  expect(second).toMatchObject({ failed: 0 });
  expect(second.rerouted).toBeGreaterThanOrEqual(1);
  expect(await countJobs(t.database.db, "route_order", id)).toBe(1);
});
