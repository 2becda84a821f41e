// Production layout on loopback: `bourse migrate latest`, then `venue`, `api` and `worker` as
// separate processes on one PostgreSQL (DATABASE_URL). One process is killed with SIGKILL in the
// middle of a run and restarted: nothing is lost, nothing is applied twice, the books balance.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, expect, test } from "vitest";
import { freePort } from "../../src/platform/embedded-postgres.ts";
import { createEmptyDatabase } from "../support/database.ts";
import { requestJson, venueJson } from "../support/http.ts";
import { type Started, startBourse } from "../support/process.ts";

const databases: Awaited<ReturnType<typeof createEmptyDatabase>>[] = [];
const running: Started[] = [];

const call = (base: string, method: string, path: string, token?: string, body?: unknown) =>
  requestJson(`${base}${path}`, method, token, body);

/** A migrated database of its own and the settings of its processes. */
async function layout(extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const database = await createEmptyDatabase();
  databases.push(database);
  const [apiPort, venuePort] = [await freePort(), await freePort()];
  const env = {
    DATABASE_URL: database.url,
    ADMIN_TOKEN: randomBytes(24).toString("base64url"),
    VENUE_WEBHOOK_SECRET: randomBytes(24).toString("base64url"),
    VENUE_URL: `http://127.0.0.1:${venuePort}`,
    VENUE_PORT: String(venuePort),
    OMS_WEBHOOK_URL: `http://127.0.0.1:${apiPort}/internal/venue/executions`,
    PORT: String(apiPort),
    LIQUIDITY_REFRESH_MS: "500",
    LOG_LEVEL: "warn",
    // The test polls 200 orders a second with one key: far over the default read limit.
    RATE_LIMIT_READ_MAX: "0",
    ...extra,
  };
  const migrate = spawnSync(process.execPath, ["src/main.ts", "migrate", "latest"], {
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  expect(migrate.status, migrate.stderr).toBe(0);
  return env;
}

afterAll(async () => {
  for (const p of running) await p.stop("SIGTERM");
  for (const d of databases) await d.drop();
});

const health = async (url: string) => (await fetch(url).catch(() => undefined))?.status === 200;

/** A funded account and its key. */
async function trader(base: string, admin: string): Promise<string> {
  const account = (await call(base, "POST", "/api/v1/admin/accounts", admin, { name: "prod" })).body;
  for (const [asset, amount] of [
    ["USD", "1000000"],
    ["BTC", "10"],
  ]) {
    await call(base, "POST", `/api/v1/admin/accounts/${account.id}/deposits`, admin, { asset, amount });
  }
  return (await call(base, "POST", `/api/v1/admin/accounts/${account.id}/keys`, admin, {})).body.key;
}

/** The i-th order of a run: every third a market order, the others limit orders that rest. */
function orderBody(i: number) {
  const side = i % 2 === 0 ? "buy" : "sell";
  return i % 3 === 0
    ? { symbol: "BTC-USD", side, order_type: "market", quantity: "0.001" }
    : {
        symbol: "BTC-USD",
        side,
        order_type: "limit",
        quantity: "0.001",
        price: side === "buy" ? "49000" : "51000",
      };
}

/** Waits until every order agrees with the venue, then runs `bourse check`. */
async function converges(env: Record<string, string>, base: string, key: string, ids: string[]) {
  const deadline = Date.now() + 120_000;
  let behind: string[];
  do {
    behind = [];
    for (const id of ids) {
      const o = (await call(base, "GET", `/api/v1/orders/${id}`, key)).body;
      const v = await venueJson(
        env.VENUE_URL ?? "",
        env.VENUE_WEBHOOK_SECRET ?? "",
        "GET",
        `/v1/orders/${id}`,
      );
      if (o.status === "pending" || v.status !== 200 || v.body.order.filled_quantity !== o.filled_quantity) {
        behind.push(
          `${id} ${o.status} ${o.filled_quantity} venue ${v.status === 200 ? v.body.order.filled_quantity : v.status}`,
        );
      }
    }
    if (behind.length > 0) await new Promise((r) => setTimeout(r, 1_000));
  } while (behind.length > 0 && Date.now() < deadline);
  expect(behind.slice(0, 10)).toEqual([]);
  const check = spawnSync(process.execPath, ["src/main.ts", "check"], {
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  expect(check.status, check.stdout + check.stderr).toBe(0);
}

test("when the worker is killed with SIGKILL mid-run and restarted, then every order converges and the books balance", async () => {
  // Without the fast path the worker routes and settles everything: the kill hits that work.
  const env = await layout({ FAST_PATH: "false" });
  const venue = await startBourse(["venue"], env, 30_000, `${env.VENUE_URL}/healthz`);
  running.push(venue);
  const api = await startBourse(["api"], env);
  running.push(api);
  let worker = await startBourse(["worker"], env, 30_000, "none");
  const key = await trader(api.baseUrl, env.ADMIN_TOKEN ?? "");
  const ids: string[] = [];
  for (let i = 0; i < 200; i++) {
    if (i === 100) {
      worker.child.kill("SIGKILL");
      await new Promise((r) => worker.child.once("exit", r));
      worker = await startBourse(["worker"], env, 30_000, "none");
    }
    const r = await call(api.baseUrl, "POST", "/api/v1/orders", key, orderBody(i));
    expect(r.status).toBe(201);
    ids.push(r.body.id);
  }
  running.push(worker);
  await converges(env, api.baseUrl, key, ids);
  expect(await health(`${api.baseUrl}/readyz`)).toBe(true);
}, 240_000);

test("when the API is killed with SIGKILL while it routes its orders, then the worker's rescue routes them and the books balance", async () => {
  // Every venue call takes 300 ms, so the API is still routing when it is killed.
  const env = await layout({ FAST_PATH_FALLBACK_MS: "1000", VENUE_FAULT_LATENCY_MS: "300" });
  const venue = await startBourse(["venue"], env, 30_000, `${env.VENUE_URL}/healthz`);
  running.push(venue);
  let api = await startBourse(["api"], env);
  const worker = await startBourse(["worker"], env, 30_000, "none");
  running.push(worker);
  const key = await trader(api.baseUrl, env.ADMIN_TOKEN ?? "");
  const placed = await Promise.all(
    Array.from({ length: 60 }, (_, i) => call(api.baseUrl, "POST", "/api/v1/orders", key, orderBody(i))),
  );
  for (const r of placed) expect(r.status).toBe(201);
  const ids = placed.map((r) => r.body.id as string);
  api.child.kill("SIGKILL");
  await new Promise((r) => api.child.once("exit", r));
  // The killed process's work is left as pending orders with no routing job (the fast path
  // writes none); the worker's rescue takes them over after FAST_PATH_FALLBACK_MS.
  const db = new pg.Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  const left = await db.query(
    "select count(*)::int as n from orders where id = any($1) and status = 'pending'",
    [ids],
  );
  await db.end();
  expect(left.rows[0].n).toBeGreaterThan(0);
  api = await startBourse(["api"], env);
  running.push(api);
  await converges(env, api.baseUrl, key, ids);
}, 240_000);

test("when the API and the worker restart before a GTD order's instant, then it still expires on time, its hold released, and the books balance", async () => {
  const env = await layout({ WORKER_POLL_INTERVAL_MS: "200" });
  const venue = await startBourse(["venue"], env, 30_000, `${env.VENUE_URL}/healthz`);
  running.push(venue);
  let api = await startBourse(["api"], env);
  let worker = await startBourse(["worker"], env, 30_000, "none");
  const key = await trader(api.baseUrl, env.ADMIN_TOKEN ?? "");
  const at = new Date(Date.now() + 20_000);
  const placed = await call(api.baseUrl, "POST", "/api/v1/orders", key, {
    symbol: "BTC-USD",
    side: "buy",
    order_type: "limit",
    quantity: "0.001",
    price: "40000",
    time_in_force: "gtd",
    expire_at: at.toISOString(),
  });
  expect(placed.status).toBe(201);
  const id: string = placed.body.id;
  const status = async () => (await call(api.baseUrl, "GET", `/api/v1/orders/${id}`, key)).body;
  while ((await status()).status === "pending") await new Promise((r) => setTimeout(r, 100));
  for (const p of [api, worker]) {
    p.child.kill("SIGKILL");
    await new Promise((r) => p.child.once("exit", r));
  }
  api = await startBourse(["api"], env);
  running.push(api);
  worker = await startBourse(["worker"], env, 30_000, "none");
  running.push(worker);
  expect(Date.now()).toBeLessThan(at.getTime() - 1_000);
  expect((await status()).status).toBe("open");
  // The OMS's own expiry outlived both processes: its job is still queued for the instant (the
  // venue expires the order on its clock too, so the status alone would not show it).
  const db = new pg.Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  try {
    const jobs = await db.query<{ run_at: Date }>(
      `select j.run_at from graphile_worker._private_jobs j
        join graphile_worker._private_tasks t on t.id = j.task_id
        where t.identifier = 'expire_order' and j.key = $1`,
      [`expire_order:${id}`],
    );
    expect(jobs.rows.map((j) => j.run_at.toISOString())).toEqual([at.toISOString()]);
  } finally {
    await db.end();
  }
  while (Date.now() < at.getTime() + 3_000 && (await status()).status !== "expired") {
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(await status()).toMatchObject({
    status: "expired",
    reject_reason: "gtd_expiry",
    expire_at: at.toISOString(),
  });
  const account = (await call(api.baseUrl, "GET", "/api/v1/account", key)).body;
  expect(account.balances.find((b: { asset: string }) => b.asset === "USD")).toMatchObject({ held: "0" });
  const check = spawnSync(process.execPath, ["src/main.ts", "check"], {
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  expect(check.status, check.stdout + check.stderr).toBe(0);
}, 120_000);
