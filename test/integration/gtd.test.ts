// Good-till-date orders: validated at placement, expired at their instant by their expire_order job
// (queued with the order, so a worker that restarts before the instant still expires it) and by
// the venue's own clock, with the hold released.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, test } from "vitest";
import { expireOrderTask } from "../../src/modules/trading/tasks.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { createPool } from "../../src/platform/postgres.ts";
import { type QueueWorker, startQueueWorker } from "../../src/platform/worker.ts";
import { createAccount, limitBuy, storedBalance, type TestApp } from "../support/app.ts";
import { placeOrder, routeNow, startVenueApp, type TestVenue } from "../support/venue.ts";

let t: TestApp;
let v: TestVenue;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ t, v, close } = await startVenueApp({ app: { fastPath: false } }));
});
afterAll(() => close());

const log = createLogger({ LOG_LEVEL: "silent", LOG_FORMAT: "json", NODE_ENV: "test" });
const inSeconds = (s: number) => new Date(Date.now() + s * 1_000);
const gtdBuy = (expireAt: Date | string) =>
  limitBuy({ quantity: "0.01", price: "1000", time_in_force: "gtd", expire_at: expireAt });

/** A worker of its own pool running only expire_order, as a worker process would. */
async function worker(): Promise<QueueWorker> {
  const pool = createPool(
    {
      connectionString: t.database.url,
      max: 4,
      statementTimeoutMs: 30_000,
      connectionTimeoutMs: 10_000,
      idleTimeoutMs: 10_000,
      maxLifetimeSeconds: 0,
      applicationName: "bourse-test-gtd",
    },
    log,
  );
  const w = await startQueueWorker({
    pool,
    log,
    concurrency: 2,
    pollIntervalMs: 100,
    tasks: {
      expire_order: expireOrderTask({
        db: t.database.db,
        venue: v.client,
        catalog: t.services.catalog,
      }) as never,
    },
    fetchBatch: 1,
  });
  return {
    stop: async () => {
      await w.stop();
      await pool.end();
    },
  };
}

const order = (accountId: string, id: string) => t.services.orders.get(accountId, id);

async function expiredWithin(accountId: string, id: string, deadline: number) {
  while (Date.now() < deadline) {
    if ((await order(accountId, id)).status === "expired") return Date.now();
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(
    `order ${id} did not expire by ${new Date(deadline).toISOString()}: ${JSON.stringify(await order(accountId, id))}`,
  );
}

test("when time_in_force gtd is sent without a valid expire_at, or expire_at without gtd, then 422 names expire_at", async () => {
  const a = await createAccount(t, { USD: "100000" });
  for (const body of [
    limitBuy({ time_in_force: "gtd" }),
    gtdBuy("tomorrow"),
    gtdBuy(inSeconds(-1)),
    gtdBuy(inSeconds(91 * 86_400)),
    limitBuy({ expire_at: inSeconds(60) }),
    { symbol: "BTC-USD", side: "buy", order_type: "market", quantity: "0.01", expire_at: inSeconds(60) },
  ]) {
    const r = await t.app.inject({
      method: "POST",
      url: "/api/v1/orders",
      headers: a.headers,
      payload: body,
    });
    expect(r.statusCode, JSON.stringify(body)).toBe(422);
    expect(r.json().error.details.map((d: { path: string }) => d.path)).toContain("expire_at");
  }
});

test("when a GTD order is placed, then it shows expire_at and its expire_order job is queued for that instant", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const at = inSeconds(3_600);
  const id = await placeOrder(t, a, gtdBuy(at));
  expect(await order(a.id, id)).toMatchObject({ time_in_force: "gtd", expire_at: at.toISOString() });
  const jobs = await sql<{ run_at: Date; key: string }>`
    select j.run_at, j.key from graphile_worker._private_jobs j
    join graphile_worker._private_tasks t on t.id = j.task_id
    where t.identifier = 'expire_order' and j.payload->>'order_id' = ${id}`.execute(t.database.db);
  expect(jobs.rows.map((j) => [j.run_at.toISOString(), j.key])).toEqual([
    [at.toISOString(), `expire_order:${id}`],
  ]);
});

test("when a GTD order rests at the venue, then it expires at its instant, to the second, and its hold is released", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const at = inSeconds(2);
  const id = await placeOrder(t, a, gtdBuy(at));
  await routeNow(t, v.client, id);
  expect((await order(a.id, id)).status).toBe("open");
  const w = await worker();
  try {
    const when = await expiredWithin(a.id, id, at.getTime() + 1_000);
    expect(when).toBeGreaterThanOrEqual(at.getTime());
  } finally {
    await w.stop();
  }
  expect(await order(a.id, id)).toMatchObject({ status: "expired", reject_reason: "gtd_expiry" });
  expect(await storedBalance(t, a.id, "USD")).toEqual({ available: "100000", held: "0" });
  expect(await v.client.get(id)).toMatchObject({ status: "cancelled", cancel_reason: "gtd_expiry" });
});

test("when the worker stops before a GTD order's instant and another starts, then the order still expires on time", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const at = inSeconds(3);
  const id = await placeOrder(t, a, gtdBuy(at));
  await routeNow(t, v.client, id);
  const first = await worker();
  await new Promise((r) => setTimeout(r, 500));
  await first.stop();
  const second = await worker();
  try {
    await expiredWithin(a.id, id, at.getTime() + 1_000);
  } finally {
    await second.stop();
  }
  expect(await storedBalance(t, a.id, "USD")).toEqual({ available: "100000", held: "0" });
});

test("when a GTD order is still pending at its instant, then its job closes it as expired; one the venue lost is expired too", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const pendingId = await placeOrder(t, a, gtdBuy(inSeconds(3_600)));
  const task = expireOrderTask({ db: t.database.db, venue: v.client, catalog: t.services.catalog });
  const helpers = { logger: { warn: () => {} }, job: { attempts: 1 } } as never;
  await task({ order_id: pendingId }, helpers);
  expect(await order(a.id, pendingId)).toMatchObject({ status: "expired", reject_reason: "gtd_expiry" });

  // Routed to a venue, then that venue is asked about an order it never saw (as after its restart).
  const lostId = await placeOrder(t, a, gtdBuy(inSeconds(3_600)));
  await t.database.db.updateTable("orders").set({ status: "open" }).where("id", "=", lostId).execute();
  await task({ order_id: lostId }, helpers);
  expect(await order(a.id, lostId)).toMatchObject({ status: "expired", reject_reason: "gtd_expiry" });
  expect(await storedBalance(t, a.id, "USD")).toEqual({ available: "100000", held: "0" });
});
