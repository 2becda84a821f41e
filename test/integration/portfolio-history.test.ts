// The portfolio history on PostgreSQL: deposits and a fill at known prices, dated into past
// buckets, marked at the candles' closes, with exact decimal figures.
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildTestApp, createAccount, type TestAccount, type TestApp } from "../support/app.ts";
import { pushTrades } from "../support/candles.ts";
import { trade } from "../support/fills.ts";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** Moves the account's entries not yet dated (those of the current hour on) to `at`. */
async function dateEntries(account: TestAccount, from: number, at: number) {
  await sql`update ledger_entries set created_at = ${new Date(at)}
            where account_id = ${account.id} and created_at >= ${new Date(from)}`.execute(t.database.db);
}

const history = (account: TestAccount, query: string) =>
  t.app.inject({
    method: "GET",
    url: `/api/v1/account/portfolio/history?${query}`,
    headers: account.headers,
  });

describe("GET /api/v1/account/portfolio/history", () => {
  test("when an account deposits, buys and deposits again over past hours, then each hour's equity, P&L and base are exact", async () => {
    const H = Math.floor(Date.now() / HOUR) * HOUR;
    const account = await createAccount(t, { USD: "10000" });
    await dateEntries(account, H, H - 5 * HOUR + 600_000);
    // BTC closes: 50000 in hour −4, 51000 in hour −2, 52000 in the current hour.
    const run = randomBytes(4).toString("hex");
    await pushTrades(t, run, "BTC-USD", [
      { id: 1, price: "49000", quantity: "1", ts: iso(H - 4 * HOUR + 60_000) },
      { id: 2, price: "50000", quantity: "1", ts: iso(H - 4 * HOUR + 120_000) },
      { id: 3, price: "51000", quantity: "1", ts: iso(H - 2 * HOUR + 60_000) },
      { id: 4, price: "52000", quantity: "1", ts: iso(H) },
    ]);
    // Buys 0.1 BTC at 50000, taker fee 0.2 %: 5000 USD and 10 USD of fee.
    await trade(t, account, { quantity: "0.1", price: "50000" });
    await dateEntries(account, H, H - 4 * HOUR + 600_000);
    const deposit = await t.app.inject({
      method: "POST",
      url: `/api/v1/admin/accounts/${account.id}/deposits`,
      headers: { authorization: `Bearer ${t.adminToken}` },
      payload: { asset: "USD", amount: "1000" },
    });
    expect(deposit.statusCode).toBe(201);
    await dateEntries(account, H, H - 2 * HOUR + 1_800_000);

    const r = await history(account, "period=1D&timeframe=1H");
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    // Points from the hour of the first deposit on; an hour rolling over during the test adds one at the end.
    const points = 6;
    expect(body.timestamp.slice(0, points)).toEqual([5, 4, 3, 2, 1, 0].map((h) => (H - h * HOUR) / 1_000));
    expect(body.equity.slice(0, points)).toEqual(["10000", "9990", "9990", "11090", "11090", "11190"]);
    expect(body.profit_loss.slice(0, points)).toEqual(["0", "-10", "-10", "90", "90", "190"]);
    // 90 / 11000 and 190 / 11000: the deposit is capital, not profit.
    expect(body.profit_loss_pct.slice(0, points)).toEqual([
      "0",
      "-0.001",
      "-0.001",
      "0.008182",
      "0.008182",
      "0.017273",
    ]);
    expect(body.base_value).toBe("10000");
    expect(body.timeframe).toBe("1H");
  });

  test("when the period and timeframe are bad, too fine together, or the key lacks read, then 422 or 403; the defaults are 1M at 1D", async () => {
    const account = await createAccount(t, { USD: "10" });
    for (const [query, path] of [
      ["period=2D", "period"],
      ["timeframe=2H", "timeframe"],
      ["period=1W&timeframe=1Min", "timeframe"],
      ["period=1A&timeframe=1H", "timeframe"],
    ]) {
      const r = await history(account, query as string);
      expect(r.statusCode, query).toBe(422);
      expect(r.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    const plain = await history(account, "");
    expect(plain.statusCode).toBe(200);
    // A 1D bucket of today: the account was funded today.
    const today = Math.floor(Date.now() / 86_400_000) * 86_400;
    expect(plain.json()).toEqual({
      timestamp: [today],
      equity: ["10"],
      profit_loss: ["0"],
      profit_loss_pct: ["0"],
      base_value: "10",
      timeframe: "1D",
    });
    const tradeOnly = await createAccount(t, { USD: "10" }, ["trade"]);
    expect((await history(tradeOnly, "")).statusCode).toBe(403);
    const fresh = await t.app.inject({
      method: "GET",
      url: "/api/v1/account/portfolio/history?period=1W",
      headers: (await createAccount(t, {})).headers,
    });
    expect(fresh.json()).toEqual({
      timestamp: [],
      equity: [],
      profit_loss: [],
      profit_loss_pct: [],
      base_value: "0",
      timeframe: "15Min",
    });
  });
});
