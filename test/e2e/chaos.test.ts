// Chaos, bounded and on loopback: the venue fails 20% of calls, times out some, drops and
// duplicates webhooks. 500 orders must all end terminal or resting exactly as the venue has them,
// no fill may be applied twice, and `bourse check` must pass at the end.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { requestJson, venueJson } from "../support/http.ts";
import { type Started, startBourse } from "../support/process.ts";

let dataDir: string;
let bourse: Started;
// Set, rather than made at random by `start`, so that the test can ask the venue itself.
const venueSecret = randomBytes(32).toString("base64url");

const call = (base: string, method: string, path: string, token?: string, body?: unknown) =>
  requestJson(`${base}${path}`, method, token, body);

async function pool<T>(items: T[], width: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const item = items[next++];
        if (item !== undefined) await run(item);
      }
    }),
  );
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "bourse-chaos-"));
  await chmod(dataDir, 0o755);
  bourse = await startBourse(["start"], {
    DATA_DIR: dataDir,
    LOG_LEVEL: "info",
    VENUE_WEBHOOK_SECRET: venueSecret,
    VENUE_FAULT_ERROR_RATE: "0.2",
    VENUE_FAULT_TIMEOUT_RATE: "0.03",
    VENUE_TIMEOUT_MS: "400",
    VENUE_RETRIES: "1",
    VENUE_FAULT_DROP_WEBHOOK_RATE: "0.1",
    VENUE_FAULT_DUPLICATE_WEBHOOK_RATE: "0.1",
    ROUTE_RETRY_BASE_MS: "50",
    ROUTE_RETRY_MAX_MS: "400",
    ROUTE_MAX_RETRIES: "8",
    LIQUIDITY_REFRESH_MS: "300",
    // The check polls 500 orders a second with 5 keys: far over the default read limit.
    RATE_LIMIT_READ_MAX: "0",
  });
}, 60_000);

afterAll(async () => {
  await bourse?.stop("SIGTERM");
  await rm(dataDir, { recursive: true, force: true });
});

test("when the venue misbehaves under 500 orders and 30 brackets, ocos and trailing stops, then every order ends terminal or resting as the venue has it, no leg fills past its class, and the books balance", async () => {
  const base = bourse.baseUrl;
  const venueUrl = /"url":"(http:\/\/127\.0\.0\.1:\d+)","boot"/.exec(bourse.output())?.[1];
  expect(venueUrl).toBeDefined();
  const admin = JSON.parse(await readFile(join(dataDir, "credentials.json"), "utf8")).admin_token;
  const keys: string[] = [];
  for (let i = 0; i < 5; i++) {
    const a = (await call(base, "POST", "/api/v1/admin/accounts", admin, { name: `chaos-${i}` })).body;
    for (const [asset, amount] of [
      ["USD", "10000000"],
      ["BTC", "100"],
      ["ETH", "1000"],
      ["SOL", "100000"],
    ]) {
      await call(base, "POST", `/api/v1/admin/accounts/${a.id}/deposits`, admin, { asset, amount });
    }
    keys.push((await call(base, "POST", `/api/v1/admin/accounts/${a.id}/keys`, admin, {})).body.key);
  }
  const refs: Record<string, number> = { "BTC-USD": 50000, "ETH-USD": 3000, "SOL-USD": 150 };
  const specs = Array.from({ length: 500 }, (_, i) => {
    const symbol = Object.keys(refs)[i % 3] ?? "BTC-USD";
    const side = i % 2 === 0 ? "buy" : "sell";
    const ref = refs[symbol] ?? 1;
    const quantity = { "BTC-USD": "0.001", "ETH-USD": "0.01", "SOL-USD": "0.1" }[symbol];
    const kind = i % 10;
    const away = side === "buy" ? 0.9 : 1.1;
    const near = side === "buy" ? 1.002 : 0.998;
    const body =
      kind < 4
        ? { symbol, side, order_type: "market", quantity }
        : kind < 7
          ? { symbol, side, order_type: "limit", quantity, price: (ref * near).toFixed(2) }
          : kind < 9
            ? { symbol, side, order_type: "limit", quantity, price: (ref * away).toFixed(2) }
            : {
                symbol,
                side,
                order_type: "limit",
                time_in_force: "ioc",
                quantity,
                price: (ref * near).toFixed(2),
              };
    return { key: keys[i % keys.length] ?? "", body };
  });
  // Brackets, ocos and trailing stops besides: exits far from the market rest (or fire when it
  // moves), a bracket's market entry fills at once.
  const classSpecs = Array.from({ length: 30 }, (_, i) => {
    const symbol = Object.keys(refs)[i % 3] ?? "BTC-USD";
    const ref = refs[symbol] ?? 1;
    const quantity = { "BTC-USD": "0.001", "ETH-USD": "0.01", "SOL-USD": "0.1" }[symbol];
    const px = (f: number) => (ref * f).toFixed(2);
    const body =
      i % 3 === 0
        ? {
            symbol,
            side: "buy",
            order_type: "market",
            quantity,
            order_class: "bracket",
            take_profit: { limit_price: px(1.05) },
            stop_loss: { stop_price: px(0.95) },
          }
        : i % 3 === 1
          ? {
              symbol,
              side: "sell",
              order_type: "limit",
              quantity,
              price: px(1.05),
              order_class: "oco",
              stop_loss: { stop_price: px(0.95) },
            }
          : { symbol, side: "sell", order_type: "trailing_stop", quantity, trail_percent: "1" };
    return { key: keys[i % keys.length] ?? "", body };
  });
  const placed: { key: string; id: string }[] = [];
  const classes: { key: string; parent: string; legs: string[]; oco: boolean }[] = [];
  await pool([...specs, ...classSpecs], 16, async (s) => {
    const r = await call(base, "POST", "/api/v1/orders", s.key, s.body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    placed.push({ key: s.key, id: r.body.id });
    const legs: string[] = (r.body.legs ?? []).map((l: { id: string }) => l.id);
    for (const id of legs) placed.push({ key: s.key, id });
    if (legs.length > 0)
      classes.push({ key: s.key, parent: r.body.id, legs, oco: r.body.order_class === "oco" });
  });
  expect(placed).toHaveLength(500 + 30 + 10 * 2 + 10);

  // Converged: nothing pending, and what the OMS has filled is what the venue filled.
  const deadline = Date.now() + 150_000;
  let behind: string[] = [];
  do {
    behind = [];
    await pool(placed, 16, async (p) => {
      const o = (await call(base, "GET", `/api/v1/orders/${p.id}`, p.key)).body;
      if (o.status === "pending") {
        behind.push(`${p.id} pending`);
        return;
      }
      if (o.status === "failed" || o.status === "rejected") return;
      // The venue's injected faults hit this check too: ask until it answers.
      const ask = () => venueJson(venueUrl ?? "", venueSecret, "GET", `/v1/orders/${p.id}`);
      let v = await ask();
      for (let i = 0; i < 20 && v.status === 503; i++) v = await ask();
      if (v.status !== 200) {
        behind.push(`${p.id} ${o.status}, venue ${v.status}`);
        return;
      }
      const terminalAtVenue = ["filled", "cancelled", "rejected"].includes(v.body.order.status);
      const terminalHere = ["filled", "cancelled", "expired", "rejected", "failed"].includes(o.status);
      if (o.filled_quantity !== v.body.order.filled_quantity || terminalAtVenue !== terminalHere) {
        behind.push(
          `${p.id} ${o.status} ${o.filled_quantity} vs venue ${v.body.order.status} ${v.body.order.filled_quantity}`,
        );
      }
    });
    if (behind.length > 0) await new Promise((r) => setTimeout(r, 1_000));
  } while (behind.length > 0 && Date.now() < deadline);
  expect(behind.slice(0, 10)).toEqual([]);

  // No leg filled past its quantity: a class's exits together close at most what its entry
  // filled (an oco's quantity).
  for (const c of classes) {
    const parent = (await call(base, "GET", `/api/v1/orders/${c.parent}`, c.key)).body;
    const exits = c.oco ? [parent, ...parent.legs] : parent.legs;
    const closed = exits.reduce(
      (sum: number, e: { filled_quantity: string }) => sum + Number(e.filled_quantity),
      0,
    );
    const armed = Number(c.oco ? parent.quantity : parent.filled_quantity);
    expect(closed, JSON.stringify(parent)).toBeLessThanOrEqual(armed + 1e-12);
  }

  expect(await bourse.stop("SIGTERM")).toBe(0);
  const check = spawnSync(process.execPath, ["src/main.ts", "check"], {
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: "warn", DATABASE_URL: "" },
    encoding: "utf8",
  });
  expect(check.stdout).not.toContain("BREACH");
  expect(check.status, check.stdout + check.stderr).toBe(0);
}, 240_000);
