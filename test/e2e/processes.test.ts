// Production layout on loopback: `bourse migrate latest`, then `venue`, `api` and `worker` as
// separate processes on one PostgreSQL (DATABASE_URL). The worker is killed with SIGKILL in the
// middle of a run and restarted: nothing is lost, nothing is applied twice, the books balance.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, test } from "vitest";
import { freePort } from "../../src/platform/embedded-postgres.ts";
import { createEmptyDatabase } from "../support/database.ts";
import { requestJson } from "../support/http.ts";
import { type Started, startBourse } from "../support/process.ts";

let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
const running: Started[] = [];
let env: Record<string, string>;

const call = (base: string, method: string, path: string, token?: string, body?: unknown) =>
  requestJson(`${base}${path}`, method, token, body);

beforeAll(async () => {
  database = await createEmptyDatabase();
  const [apiPort, venuePort] = [await freePort(), await freePort()];
  env = {
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
  };
  const migrate = spawnSync(process.execPath, ["src/main.ts", "migrate", "latest"], {
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  expect(migrate.status, migrate.stderr).toBe(0);
}, 60_000);

afterAll(async () => {
  for (const p of running) await p.stop("SIGTERM");
  await database.drop();
});

const health = async (url: string) => (await fetch(url).catch(() => undefined))?.status === 200;

test("when the worker is killed with SIGKILL mid-run and restarted, then every order converges and the books balance", async () => {
  const venue = await startBourse(["venue"], env, 30_000, `${env.VENUE_URL}/healthz`);
  running.push(venue);
  const api = await startBourse(["api"], env);
  running.push(api);
  let worker = await startBourse(["worker"], env, 30_000, "none");
  const admin = env.ADMIN_TOKEN ?? "";
  const account = (await call(api.baseUrl, "POST", "/api/v1/admin/accounts", admin, { name: "prod" })).body;
  for (const [asset, amount] of [
    ["USD", "1000000"],
    ["BTC", "10"],
  ]) {
    await call(api.baseUrl, "POST", `/api/v1/admin/accounts/${account.id}/deposits`, admin, {
      asset,
      amount,
    });
  }
  const key = (await call(api.baseUrl, "POST", `/api/v1/admin/accounts/${account.id}/keys`, admin, {})).body
    .key;
  const ids: string[] = [];
  for (let i = 0; i < 200; i++) {
    if (i === 100) {
      worker.child.kill("SIGKILL");
      await new Promise((r) => worker.child.once("exit", r));
      worker = await startBourse(["worker"], env, 30_000, "none");
    }
    const side = i % 2 === 0 ? "buy" : "sell";
    const body =
      i % 3 === 0
        ? { symbol: "BTC-USD", side, order_type: "market", quantity: "0.001" }
        : {
            symbol: "BTC-USD",
            side,
            order_type: "limit",
            quantity: "0.001",
            price: side === "buy" ? "49000" : "51000",
          };
    const r = await call(api.baseUrl, "POST", "/api/v1/orders", key, body);
    expect(r.status).toBe(201);
    ids.push(r.body.id);
  }
  running.push(worker);
  const deadline = Date.now() + 120_000;
  let behind: string[];
  do {
    behind = [];
    for (const id of ids) {
      const o = (await call(api.baseUrl, "GET", `/api/v1/orders/${id}`, key)).body;
      const v = await call(env.VENUE_URL ?? "", "GET", `/v1/orders/${id}`);
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
  expect(await health(`${api.baseUrl}/readyz`)).toBe(true);
}, 240_000);
