// `npm start` as a user runs it: a new data dir, curl-like calls over a socket, SIGTERM, restart.
import { existsSync } from "node:fs";
import { chmod, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { runBourse, type Started, startBourse } from "../support/process.ts";

let dataDir: string;
let running: Started | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "bourse-e2e-"));
  await chmod(dataDir, 0o755);
});
afterAll(async () => {
  await running?.stop("SIGKILL");
  await rm(dataDir, { recursive: true, force: true });
});

async function credentials() {
  return JSON.parse(await readFile(join(dataDir, "credentials.json"), "utf8")) as {
    api_key: string;
    admin_token: string;
    account_id: string;
    base_url: string;
  };
}

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies of many shapes, asserted field by field
type Json = any;

async function call(
  method: string,
  url: string,
  key: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  const r = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  return { status: r.status, body: await r.json() };
}

test("when started on a new data dir, then it serves orders, stops cleanly on SIGTERM and restarts with its data", async () => {
  running = await startBourse(["start"], { DATA_DIR: dataDir });
  const { baseUrl } = running;
  const creds = await credentials();
  expect((await stat(join(dataDir, "credentials.json"))).mode & 0o777).toBe(0o600);
  expect(creds.base_url).toBe(baseUrl);
  expect(running.output()).toContain("credentials.json");

  const account = await call("GET", `${baseUrl}/api/v1/account`, creds.api_key);
  expect(account.status).toBe(200);
  expect(account.body.id).toBe(creds.account_id);
  expect(account.body.balances.find((b: { asset: string }) => b.asset === "USD").available).not.toBe("0");

  const placed = await call("POST", `${baseUrl}/api/v1/orders`, creds.api_key, {
    symbol: "BTC-USD",
    side: "buy",
    order_type: "limit",
    quantity: "0.01",
    price: "40000",
    client_order_id: "e2e-1",
  });
  expect(placed.status).toBe(201);
  expect(placed.body.status).toBe("pending");
  // Routed to the bundled venue, where it rests (40000 is far below the market).
  let routed = placed.body;
  for (let i = 0; i < 100 && routed.status !== "open"; i++) {
    await new Promise((r) => setTimeout(r, 50));
    routed = (await call("GET", `${baseUrl}/api/v1/orders/${placed.body.id}`, creds.api_key)).body;
  }
  expect(routed.status).toBe("open");

  const created = await call("POST", `${baseUrl}/api/v1/admin/accounts`, creds.admin_token, { name: "e2e" });
  expect(created.status).toBe(201);

  const code = await running.stop("SIGTERM");
  expect(code, running.output()).toBe(0);
  expect(running.output()).toContain("embedded PostgreSQL stopped");
  // Every pool's connections were closed before PostgreSQL stopped: none was broken by it.
  expect(running.output()).not.toMatch(/connection failed/);

  running = await startBourse(["start"], { DATA_DIR: dataDir });
  const again = await credentials();
  expect(again.api_key).toBe(creds.api_key);
  expect(again.base_url).toBe(running.baseUrl);
  const read = await call("GET", `${running.baseUrl}/api/v1/orders/${placed.body.id}`, again.api_key);
  expect(read.status).toBe(200);
  expect(read.body.client_order_id).toBe("e2e-1");
  // The restarted venue lost its book: a cancel closes the order with a report that says so.
  const cancel = await call(
    "POST",
    `${running.baseUrl}/api/v1/orders/${placed.body.id}/cancel`,
    again.api_key,
  );
  expect(cancel.status).toBe(200);
  let after = cancel.body;
  for (let i = 0; i < 100 && after.status !== "cancelled"; i++) {
    await new Promise((r) => setTimeout(r, 50));
    after = (await call("GET", `${running.baseUrl}/api/v1/orders/${placed.body.id}`, again.api_key)).body;
  }
  expect(after.status).toBe("cancelled");
  expect(after.reject_reason, JSON.stringify(after)).toMatch(/unknown at the venue/);
  expect(await running.stop("SIGTERM")).toBe(0);
  running = undefined;
}, 120_000);

test("when PORT is in use, then start exits 1 with one line naming PORT=, before making a database", async () => {
  const fresh = await mkdtemp(join(tmpdir(), "bourse-e2e-port-"));
  await chmod(fresh, 0o755);
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
  const address = taken.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  try {
    const r = await runBourse(["start"], { DATA_DIR: fresh, HOST: "127.0.0.1", PORT: String(port) });
    expect(r.code, r.output).toBe(1);
    expect(r.output).toContain(
      `port ${port} on 127.0.0.1 is in use: stop what uses it or set PORT= to another port`,
    );
    expect(existsSync(join(fresh, "pg"))).toBe(false);
  } finally {
    await new Promise<void>((resolve) => taken.close(() => resolve()));
    await rm(fresh, { recursive: true, force: true });
  }
});
