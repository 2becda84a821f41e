// The fast path: the placing process routes its batch right after COMMIT and writes no job for
// it; the workers' rescue queues one for pending orders a dead process left; the process that
// stores a webhook's reports settles them in the same transaction.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, test } from "vitest";
import { transact } from "../../src/modules/events/committed.ts";
import { jobKeys } from "../../src/modules/jobs/catalogue.ts";
import { addJob, removeJob } from "../../src/modules/jobs/queue.ts";
import { receiveReports } from "../../src/modules/trading/inbox.ts";
import { placeOrders } from "../../src/modules/trading/place.ts";
import { rescueUnrouted } from "../../src/modules/trading/rescue.ts";
import { FastPath } from "../../src/platform/fast-path.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { SIGNATURE_HEADER, sign } from "../../src/platform/webhook-signature.ts";
import { createAccount, limitBuy, marketBuy, type TestApp, WEBHOOK_SECRET } from "../support/app.ts";
import { countJobs } from "../support/jobs.ts";
import { newOrder } from "../support/orders.ts";
import {
  orderStatus,
  placeOrder,
  routeBatchNow,
  routeNow,
  startVenueApp,
  type TestVenue,
} from "../support/venue.ts";

let t: TestApp;
let v: TestVenue;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ t, v, close } = await startVenueApp({ app: { fastPath: true } }));
});
afterAll(() => close());

const status = (id: string) => orderStatus(t, id);

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Jobs of a task that name the order, with their key and delay. */
const jobsOf = async (task: string, orderId: string) =>
  (
    await sql<{ key: string | null; delay_s: number; payload: Record<string, unknown> }>`
      select j.key, extract(epoch from j.run_at - now())::float8 as delay_s, j.payload
      from graphile_worker._private_jobs j join graphile_worker._private_tasks k on k.id = j.task_id
      where k.identifier = ${task} and j.payload::jsonb -> 'order_ids' ? ${orderId}`.execute(t.database.db)
  ).rows;

test("when an order is placed, then this process routes it after COMMIT, and no routing job is ever written", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const id = await placeOrder(t, a, limitBuy({ price: "1000", quantity: "0.01" }));
  // Answered 201 after COMMIT: the batch's job would exist by now.
  expect(await countJobs(t.database.db, "route_orders", id)).toBe(0);
  await until("the order to rest at the venue", async () => (await status(id)) === "open");
  expect((await v.client.get(id))?.status).toBe("open");
  expect(await countJobs(t.database.db, "route_orders", id)).toBe(0);
  expect(await countJobs(t.database.db, "route_order", id)).toBe(0);
});

test("when a market order is placed, then it is routed, and its reports settle in the transaction that stores them", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const id = await placeOrder(t, a, marketBuy());
  // The venue's webhook is not wired in this test app: the fill arrives as the venue would post it.
  await until("the venue to fill it", async () => (await v.client.get(id))?.status === "filled");
  const reports = (await v.client.executions(id)) ?? [];
  const payload = JSON.stringify({ reports });
  const r = await t.app.inject({
    method: "POST",
    url: "/internal/venue/executions",
    headers: { "content-type": "application/json", [SIGNATURE_HEADER]: sign(WEBHOOK_SECRET, payload) },
    payload,
  });
  expect(r.statusCode).toBe(200);
  await until("settlement", async () => (await status(id)) === "filled");
  await until(
    "the settle job to be withdrawn",
    async () => (await countJobs(t.database.db, "settle_fill", id)) === 0,
  );
  const fills = await t.app.inject({ method: "GET", url: `/api/v1/orders/${id}/fills`, headers: a.headers });
  expect(fills.json().data.length).toBeGreaterThan(0);
});

test("when the placing process dies before routing, then the rescue queues its orders once they are older than the delay, once", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const order = newOrder(a.id, "10");
  const id = order.view.id;
  // The placement's transaction as the fast path writes it, whose routing never runs (the
  // process "died"): no job.
  await transact(t.database.db, (trx) => placeOrders(trx, [order], { routedHere: true }));
  expect(await jobsOf("route_orders", id)).toEqual([]);
  // Younger than the delay: left to the process that placed it.
  expect(await rescueUnrouted(t.database.db, 60_000)).toBe(0);
  await sql`update orders set created_at = now() - interval '2 minutes' where id = ${id}`.execute(
    t.database.db,
  );
  expect(await rescueUnrouted(t.database.db, 60_000)).toBeGreaterThanOrEqual(1);
  const [job] = await jobsOf("route_orders", id);
  expect(job?.payload).toEqual({ order_ids: expect.arrayContaining([id]), fallback: true });
  expect(job?.delay_s).toBeLessThan(1);
  // Its job is queued: the next sweep leaves it alone.
  await rescueUnrouted(t.database.db, 60_000);
  expect(await jobsOf("route_orders", id)).toHaveLength(1);
  expect(await status(id)).toBe("pending");
  // A worker runs it.
  await routeBatchNow(t, v.client, [id], { attempts: 1 });
  expect(await status(id)).toBe("open");
  expect(await rescueUnrouted(t.database.db, 60_000)).toBe(0);
});

test("when a pending order has a routing job of its own (a retry), then the rescue leaves it alone", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const order = newOrder(a.id, "10");
  const id = order.view.id;
  await transact(t.database.db, (trx) => placeOrders(trx, [order], { routedHere: true }));
  await sql`update orders set created_at = now() - interval '2 minutes' where id = ${id}`.execute(
    t.database.db,
  );
  await transact(t.database.db, (trx) =>
    addJob(trx, "route_order", { order_id: id, attempt: 1 }, { jobKey: jobKeys.routeRetry(id) }),
  );
  await rescueUnrouted(t.database.db, 60_000);
  expect(await jobsOf("route_orders", id)).toEqual([]);
  await routeNow(t, v.client, id);
  expect(await status(id)).toBe("open");
});

test("when a report cannot settle, then it is stored with its job, and the fast path gives its order a job of its own", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const id = await placeOrder(t, a, limitBuy({ price: "1000", quantity: "0.01" }));
  await until("routing", async () => (await status(id)) === "open");
  const withdrawn: string[] = [];
  const path = new FastPath(
    {
      name: "settlement",
      fallbackMs: 60_000,
      maxPending: 4,
      concurrency: 1,
      withdraw: async (key) => {
        withdrawn.push(key);
        await removeJob(t.database.db, key);
      },
    },
    createLogger({ LOG_LEVEL: "silent", LOG_FORMAT: "json", NODE_ENV: "test" }),
  );
  // More than the order's quantity: settlement refuses it.
  const report = {
    execution_id: `${id}-too-much`,
    order_id: id,
    type: "trade" as const,
    quantity: "5",
    price: "1000",
    liquidity: "maker" as const,
    executed_at: new Date().toISOString(),
  };
  const log = createLogger({ LOG_LEVEL: "silent", LOG_FORMAT: "json", NODE_ENV: "test" });
  expect(await receiveReports(t.database.db, [report], { path, catalog: t.services.catalog, log })).toBe(1);
  await path.drain();
  expect(await status(id)).toBe("open");
  // The batch's delayed job was withdrawn once the order had a job of its own, to run now.
  expect(withdrawn).toHaveLength(1);
  const jobs = await sql<{ key: string | null; due: boolean }>`
    select j.key, j.run_at <= now() as due
    from graphile_worker._private_jobs j join graphile_worker._private_tasks k on k.id = j.task_id
    where k.identifier = 'settle_fill' and j.payload::jsonb -> 'order_ids' ? ${id}`.execute(t.database.db);
  expect(jobs.rows).toEqual([{ key: `settle_fill:${id}`, due: true }]);
});
