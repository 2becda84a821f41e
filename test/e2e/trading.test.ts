// Trading on the all-in-one process (`bourse start`): orders reach the bundled venue, fill against
// its liquidity or each other, and settle into balances, fills and positions.
import { spawnSync } from "node:child_process";
import { chmod, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Decimal } from "../../src/modules/shared/decimal.ts";
import { type Started, startBourse } from "../support/process.ts";

let dataDir: string;
let bourse: Started;
let key: string;
let admin: string;

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies of many shapes, asserted field by field
type Json = any;

async function call(
  method: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  const r = await fetch(`${bourse.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  return { status: r.status, body: await r.json() };
}

async function until(what: string, probe: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const order = async (token: string, id: string) => (await call("GET", `/api/v1/orders/${id}`, token)).body;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "bourse-trade-"));
  await chmod(dataDir, 0o755);
  bourse = await startBourse(["start"], { DATA_DIR: dataDir, LIQUIDITY_REFRESH_MS: "60000" });
  const creds = JSON.parse(await readFile(join(dataDir, "credentials.json"), "utf8"));
  key = creds.api_key;
  admin = creds.admin_token;
}, 60_000);

afterAll(async () => {
  expect(await bourse.stop("SIGTERM")).toBe(0);
  // The books must balance after all of it.
  const check = spawnSync(process.execPath, ["src/main.ts", "check"], {
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: "warn", DATABASE_URL: "" },
    encoding: "utf8",
  });
  expect(check.stdout).not.toContain("BREACH");
  expect(check.status, check.stdout + check.stderr).toBe(0);
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

describe("trading end to end", () => {
  test("when a market buy is placed, then it fills against the venue, and the fill, balances and position follow", async () => {
    const before = (await call("GET", "/api/v1/account", key)).body.balances;
    const placed = await call("POST", "/api/v1/orders", key, {
      symbol: "BTC-USD",
      side: "buy",
      order_type: "market",
      quantity: "0.01",
    });
    expect(placed.status).toBe(201);
    await until("the order to fill", async () => (await order(key, placed.body.id)).status === "filled");
    const filled = await order(key, placed.body.id);
    expect(filled.filled_quantity).toBe("0.01");
    const fills = (await call("GET", `/api/v1/orders/${placed.body.id}/fills`, key)).body.data;
    expect(fills.length).toBeGreaterThan(0);
    expect(fills.every((f: Json) => f.liquidity === "taker" && f.fee_asset === "USD")).toBe(true);
    const after = (await call("GET", "/api/v1/account", key)).body.balances;
    const btc = (list: Json[]) => Number(list.find((b: Json) => b.asset === "BTC")?.total ?? 0);
    expect(btc(after) - btc(before)).toBeCloseTo(0.01, 10);
    const positions = (await call("GET", "/api/v1/positions", key)).body.data;
    expect(positions.find((p: Json) => p.symbol === "BTC-USD")).toMatchObject({ quantity: "0.01" });
    // The confirmation e-mail of each fill lands in DATA_DIR/mail (embedded mode has no SMTP).
    const fillIds: string[] = fills.map((f: Json) => f.id);
    await until("the confirmation e-mails", async () => {
      const files: string[] = await readdir(join(dataDir, "mail")).catch(() => []);
      return fillIds.every((id) => files.includes(`fill-${id}.eml`));
    });
    const ticker = await call("GET", "/api/v1/market/BTC-USD/ticker", key);
    expect(ticker.status).toBe(200);
    expect(ticker.body.last).not.toBeNull();
  });

  test("when a limit order rests away from the market, then it is open, and a cancel closes it at the venue and releases the hold", async () => {
    const placed = await call("POST", "/api/v1/orders", key, {
      symbol: "ETH-USD",
      side: "buy",
      order_type: "limit",
      quantity: "1",
      price: "1000",
    });
    await until("the order to open", async () => (await order(key, placed.body.id)).status === "open");
    const cancel = await call("POST", `/api/v1/orders/${placed.body.id}/cancel`, key);
    expect(cancel.status).toBe(200);
    await until(
      "the order to be cancelled",
      async () => (await order(key, placed.body.id)).status === "cancelled",
    );
    const usd = (await call("GET", "/api/v1/account", key)).body.balances.find(
      (b: Json) => b.asset === "USD",
    );
    expect(usd.held).toBe("0");
    const again = await call("DELETE", `/api/v1/orders/${placed.body.id}`, key);
    expect(again.status).toBe(409);
  });

  test("when an open limit order is replaced, then the venue and the hold follow the new terms; a filled one cannot be replaced", async () => {
    const placed = await call("POST", "/api/v1/orders", key, {
      symbol: "SOL-USD",
      side: "buy",
      order_type: "limit",
      quantity: "1",
      price: "10",
    });
    await until("the order to open", async () => (await order(key, placed.body.id)).status === "open");
    const usdHeld = async () =>
      (await call("GET", "/api/v1/account", key)).body.balances.find((b: Json) => b.asset === "USD").held;
    expect(await usdHeld()).toBe("10.02");
    const replaced = await call("PATCH", `/api/v1/orders/${placed.body.id}`, key, {
      quantity: "3",
      price: "20",
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ id: placed.body.id, quantity: "3", price: "20", status: "open" });
    expect(await usdHeld()).toBe("60.12");
    // Crossing the market now: it fills, and a replace after that is refused.
    const ask = Number((await call("GET", "/api/v1/market/SOL-USD/book?depth=1", key)).body.asks[0][0]);
    await call("PATCH", `/api/v1/orders/${placed.body.id}`, key, { price: (ask * 1.01).toFixed(3) });
    await until("the order to fill", async () => (await order(key, placed.body.id)).status === "filled");
    expect(await usdHeld()).toBe("0");
    const late = await call("PATCH", `/api/v1/orders/${placed.body.id}`, key, { quantity: "4" });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe("ORDER_NOT_REPLACEABLE");
  });

  test("when an IOC limit cannot fill, then it expires", async () => {
    const placed = await call("POST", "/api/v1/orders", key, {
      symbol: "SOL-USD",
      side: "buy",
      order_type: "limit",
      time_in_force: "ioc",
      quantity: "1",
      price: "1",
    });
    await until("the order to expire", async () => (await order(key, placed.body.id)).status === "expired");
  });

  test("when a FOK order cannot fill completely, then it expires with nothing filled", async () => {
    const placed = await call("POST", "/api/v1/orders", key, {
      symbol: "BTC-USD",
      side: "buy",
      order_type: "limit",
      time_in_force: "fok",
      quantity: "1.5",
      price: "1000",
    });
    await until("the order to expire", async () => (await order(key, placed.body.id)).status === "expired");
    expect((await order(key, placed.body.id)).filled_quantity).toBe("0");
  });

  test("when the last price crosses a stop's trigger, then the stop triggers and fills as a market order", async () => {
    const last = Number((await call("GET", "/api/v1/market/ETH-USD/ticker", key)).body.ask);
    const stop = await call("POST", "/api/v1/orders", key, {
      symbol: "ETH-USD",
      side: "buy",
      order_type: "stop",
      quantity: "0.01",
      trigger_price: (last * 0.99).toFixed(2),
    });
    expect(stop.status).toBe(201);
    await until("the stop to open", async () => (await order(key, stop.body.id)).status !== "pending");
    // A trade at the ask puts the last price above the trigger.
    await call("POST", "/api/v1/orders", key, {
      symbol: "ETH-USD",
      side: "buy",
      order_type: "market",
      quantity: "0.01",
    });
    await until("the stop to fill", async () => (await order(key, stop.body.id)).status === "filled");
  });

  test("when the price rises, then a sell trailing stop's mark follows it up; when it falls through the trigger, then it sells at market", async () => {
    const account = async (name: string, deposits: Record<string, string>) => {
      const created = await call("POST", "/api/v1/admin/accounts", admin, { name });
      for (const [asset, amount] of Object.entries(deposits)) {
        await call("POST", `/api/v1/admin/accounts/${created.body.id}/deposits`, admin, { asset, amount });
      }
      return (await call("POST", `/api/v1/admin/accounts/${created.body.id}/keys`, admin, {})).body
        .key as string;
    };
    const trader = await account("trailer", { SOL: "10" });
    const seller = await account("sol-seller", { SOL: "10" });
    const buyer = await account("sol-buyer", { USD: "10000" });
    /** A trade of 0.1 SOL at `price` between two other accounts, inside the venue's spread. */
    const tradeAt = async (price: string) => {
      const resting = await call("POST", "/api/v1/orders", seller, {
        symbol: "SOL-USD",
        side: "sell",
        order_type: "limit",
        quantity: "0.1",
        price,
      });
      await until("the sell to rest", async () => (await order(seller, resting.body.id)).status === "open");
      await call("POST", "/api/v1/orders", buyer, {
        symbol: "SOL-USD",
        side: "buy",
        order_type: "limit",
        quantity: "0.1",
        price,
        time_in_force: "ioc",
      });
      await until("the trade", async () => (await order(seller, resting.body.id)).status === "filled");
    };
    const { bid, ask } = (await call("GET", "/api/v1/market/SOL-USD/ticker", key)).body;
    const low = (Number(bid) + 0.01).toFixed(3);
    const up1 = (Number(bid) + 0.04).toFixed(3);
    const up2 = (Number(ask) - 0.005).toFixed(3);
    await tradeAt(low);

    const placed = await call("POST", "/api/v1/orders", trader, {
      symbol: "SOL-USD",
      side: "sell",
      order_type: "trailing_stop",
      quantity: "1",
      trail_price: "0.1",
    });
    expect(placed.status).toBe(201);
    const id = placed.body.id;
    const markIs = (price: string) => async () => Number((await order(trader, id)).hwm) === Number(price);
    // The mark starts at the last trade.
    await until("the trailing stop to open with its mark", markIs(low));
    const start = await order(trader, id);
    expect(start).toMatchObject({ status: "open", order_type: "trailing_stop", trail_price: "0.1" });
    expect(Number(start.trigger_price)).toBeCloseTo(Number(low) - 0.1, 3);

    await tradeAt(up1);
    await until("the mark to follow the first rise", markIs(up1));
    await tradeAt(up2);
    await until("the mark to follow the second rise", markIs(up2));
    const raised = await order(trader, id);
    expect(Number(raised.trigger_price)).toBeCloseTo(Number(up2) - 0.1, 3);
    expect(raised.status).toBe("open");

    // Down: a sale at the venue's bid, below the trigger.
    await call("POST", "/api/v1/orders", seller, {
      symbol: "SOL-USD",
      side: "sell",
      order_type: "market",
      quantity: "0.1",
    });
    await until("the trailing stop to fill", async () => (await order(trader, id)).status === "filled");
    const filled = await order(trader, id);
    expect(filled).toMatchObject({ filled_quantity: "1" });
    expect(Number(filled.hwm)).toBe(Number(up2));
    expect(Number(filled.average_fill_price)).toBeLessThanOrEqual(Number(raised.trigger_price));
  });

  test("when all open orders of a symbol are cancelled, then each closes at the venue", async () => {
    const ids: string[] = [];
    for (const price of ["1000", "1001", "1002"]) {
      ids.push(
        (
          await call("POST", "/api/v1/orders", key, {
            symbol: "ETH-USD",
            side: "buy",
            order_type: "limit",
            quantity: "0.01",
            price,
          })
        ).body.id,
      );
    }
    await until("all to open", async () =>
      (await Promise.all(ids.map((id) => order(key, id)))).every((o) => o.status === "open"),
    );
    const r = await call("DELETE", "/api/v1/orders?symbol=ETH-USD", key);
    expect(r.status).toBe(200);
    expect(r.body.data.map((o: Json) => o.id).sort()).toEqual([...ids].sort());
    await until("all to be cancelled", async () =>
      (await Promise.all(ids.map((id) => order(key, id)))).every((o) => o.status === "cancelled"),
    );
  });

  test("when two accounts cross inside the spread, then they trade with each other as maker and taker", async () => {
    const other = await call("POST", "/api/v1/admin/accounts", admin, { name: "counterparty" });
    await call("POST", `/api/v1/admin/accounts/${other.body.id}/deposits`, admin, {
      asset: "BTC",
      amount: "1",
    });
    const otherKey = (await call("POST", `/api/v1/admin/accounts/${other.body.id}/keys`, admin, {})).body.key;
    const book = (await call("GET", "/api/v1/market/BTC-USD/book?depth=1", key)).body;
    const [bid, ask] = [Number(book.bids[0][0]), Number(book.asks[0][0])];
    const inside = ((bid + ask) / 2).toFixed(2);
    expect(Number(inside)).toBeGreaterThan(bid);
    const sell = await call("POST", "/api/v1/orders", otherKey, {
      symbol: "BTC-USD",
      side: "sell",
      order_type: "limit",
      quantity: "0.002",
      price: inside,
    });
    await until("the sell to rest", async () => (await order(otherKey, sell.body.id)).status === "open");
    const buy = await call("POST", "/api/v1/orders", key, {
      symbol: "BTC-USD",
      side: "buy",
      order_type: "limit",
      quantity: "0.002",
      price: inside,
    });
    await until(
      "both to fill",
      async () =>
        (await order(key, buy.body.id)).status === "filled" &&
        (await order(otherKey, sell.body.id)).status === "filled",
    );
    const makerFill = (await call("GET", `/api/v1/orders/${sell.body.id}/fills`, otherKey)).body.data[0];
    const takerFill = (await call("GET", `/api/v1/orders/${buy.body.id}/fills`, key)).body.data[0];
    expect(makerFill).toMatchObject({ liquidity: "maker", price: inside, quantity: "0.002" });
    expect(takerFill).toMatchObject({ liquidity: "taker", price: inside, quantity: "0.002" });
  });

  test("when a position is closed by half and then with DELETE /positions, then both closes fill, the position is flat, every amount is in cents, and the activities and the equity curve show it", async () => {
    const trader = await call("POST", "/api/v1/admin/accounts", admin, { name: "closer" });
    await call("POST", `/api/v1/admin/accounts/${trader.body.id}/deposits`, admin, {
      asset: "USD",
      amount: "20000",
    });
    const traderKey = (await call("POST", `/api/v1/admin/accounts/${trader.body.id}/keys`, admin, {})).body
      .key;
    const bought = await call("POST", "/api/v1/orders", traderKey, {
      symbol: "BTC-USD",
      side: "buy",
      order_type: "market",
      quantity: "0.0123",
    });
    await until("the buy to fill", async () => (await order(traderKey, bought.body.id)).status === "filled");

    const half = await call("DELETE", "/api/v1/positions/BTC-USD?percentage=50", traderKey);
    expect(half.status).toBe(200);
    // 50% of 0.0123 = 0.00615, a whole number of lots (0.00001)
    expect(half.body).toMatchObject({ side: "sell", order_type: "market", quantity: "0.00615" });
    await until("the half to fill", async () => (await order(traderKey, half.body.id)).status === "filled");

    const rest = await call("DELETE", "/api/v1/positions?cancel_orders=true", traderKey);
    expect(rest.status).toBe(200);
    expect(rest.body).toEqual([
      expect.objectContaining({
        symbol: "BTC-USD",
        status: 200,
        order: expect.objectContaining({ quantity: "0.00615" }),
      }),
    ]);
    await until(
      "the rest to fill",
      async () => (await order(traderKey, rest.body[0].order.id)).status === "filled",
    );
    const positions = (await call("GET", "/api/v1/positions", traderKey)).body.data;
    expect(positions.find((p: Json) => p.symbol === "BTC-USD").quantity).toBe("0");
    const fills = (await call("GET", "/api/v1/fills", traderKey)).body.data;
    expect(fills).toHaveLength(3);
    for (const f of fills) expect(f.fee).toMatch(/^\d+(\.\d{1,2})?$/);
    const balances = (await call("GET", "/api/v1/account", traderKey)).body.balances;
    for (const b of balances.filter((x: Json) => x.asset === "USD"))
      for (const v of [b.total, b.available, b.held]) expect(v).toMatch(/^\d+(\.\d{1,2})?$/);

    // The account as its holder sees it: the deposit, each fill's two assets and its fee.
    const activities = (await call("GET", "/api/v1/account/activities?limit=50", traderKey)).body
      .data as Json[];
    const count = (type: string) => activities.filter((a) => a.type === type).length;
    expect(count("deposit")).toBe(1);
    expect(count("fill")).toBe(6);
    expect(count("fee")).toBe(3);
    expect(activities.find((a) => a.type === "deposit")).toMatchObject({ asset: "USD", amount: "20000" });
    for (const f of fills)
      expect(
        activities
          .filter((a) => a.fill_id === f.id)
          .map((a) => a.type)
          .sort(),
      ).toEqual(["fee", "fill", "fill"]);
    // Each asset's activities add up to its balance.
    const usd = activities
      .filter((a) => a.asset === "USD")
      .reduce((sum, a) => sum.plus(a.amount), new Decimal(0));
    expect(usd.toFixed()).toBe(new Decimal(balances.find((b: Json) => b.asset === "USD").total).toFixed());

    // Its equity curve: a point for the bucket it traded in, in USD, at the cent.
    const history = (await call("GET", "/api/v1/account/portfolio/history?period=1D&timeframe=1H", traderKey))
      .body;
    expect(history.timeframe).toBe("1H");
    expect(history.timestamp.length).toBeGreaterThan(0);
    expect(history.equity).toHaveLength(history.timestamp.length);
    expect(history.equity.at(-1)).toMatch(/^\d+(\.\d{1,2})?$/);
    // Flat again: the last point's equity is the USD balance (no BTC left to mark).
    expect(new Decimal(history.equity.at(-1)).toFixed()).toBe(usd.toFixed());
  });

  test("when a post-only buy would cross the venue's asks, then it is rejected post_only; a GTD order expires on time; a notional buy spends at most its notional", async () => {
    const crossing = await call("POST", "/api/v1/orders", key, {
      symbol: "ETH-USD",
      side: "buy",
      order_type: "limit",
      quantity: "0.01",
      price: "100000",
      post_only: true,
    });
    expect(crossing.status).toBe(201);
    await until(
      "the post-only buy to be rejected",
      async () => (await order(key, crossing.body.id)).status === "rejected",
    );
    expect(await order(key, crossing.body.id)).toMatchObject({
      reject_reason: "post_only",
      filled_quantity: "0",
    });

    const at = new Date(Date.now() + 2_000);
    const gtd = await call("POST", "/api/v1/orders", key, {
      symbol: "ETH-USD",
      side: "buy",
      order_type: "limit",
      quantity: "0.01",
      price: "100",
      time_in_force: "gtd",
      expire_at: at.toISOString(),
    });
    expect(gtd.status).toBe(201);
    await until("the GTD order to rest", async () => (await order(key, gtd.body.id)).status === "open");
    await until(
      "the GTD order to expire",
      async () => (await order(key, gtd.body.id)).status === "expired",
      4_000,
    );
    expect(Date.now()).toBeGreaterThanOrEqual(at.getTime());
    expect(Date.now()).toBeLessThan(at.getTime() + 1_500);
    expect(await order(key, gtd.body.id)).toMatchObject({ reject_reason: "gtd_expiry" });

    const preview = await call("POST", "/api/v1/orders/preview", key, {
      symbol: "ETH-USD",
      side: "buy",
      order_type: "market",
      notional: "500",
    });
    expect(preview.body).toMatchObject({
      accepted: true,
      error: null,
      hold: { asset: "USD", amount: "501" },
    });
    const notional = await call("POST", "/api/v1/orders", key, {
      symbol: "ETH-USD",
      side: "buy",
      order_type: "market",
      notional: "500",
    });
    await until(
      "the notional buy to fill",
      async () => (await order(key, notional.body.id)).status === "filled",
    );
    const fills = (await call("GET", `/api/v1/orders/${notional.body.id}/fills`, key)).body.data as Json[];
    const spent = fills.reduce((sum: number, f: Json) => sum + Number(f.quantity) * Number(f.price), 0);
    expect(spent).toBeLessThanOrEqual(500);
    expect(spent).toBeGreaterThan(490);
    expect((await order(key, notional.body.id)).quantity).toBe(
      (await order(key, notional.body.id)).filled_quantity,
    );
  });
});

describe("order classes end to end", () => {
  const account = async (name: string, deposits: Record<string, string>) => {
    const created = await call("POST", "/api/v1/admin/accounts", admin, { name });
    for (const [asset, amount] of Object.entries(deposits)) {
      await call("POST", `/api/v1/admin/accounts/${created.body.id}/deposits`, admin, { asset, amount });
    }
    return (await call("POST", `/api/v1/admin/accounts/${created.body.id}/keys`, admin, {})).body
      .key as string;
  };
  const mid = async (symbol: string) => {
    const book = (await call("GET", `/api/v1/market/${symbol}/book?depth=1`, key)).body;
    return (Number(book.bids[0][0]) + Number(book.asks[0][0])) / 2;
  };

  test("when a bracket buy fills, then its exits work; when its take-profit fills, then its stop-loss is cancelled", async () => {
    const trader = await account("bracket", { USD: "10000" });
    const m = await mid("BTC-USD");
    // The entry buys from another account inside the spread, so that the take-profit can rest
    // inside it too (above the entry, below the venue's ask).
    const entrySeller = await account("bracket-seller", { BTC: "0.01" });
    const resting = await call("POST", "/api/v1/orders", entrySeller, {
      symbol: "BTC-USD",
      side: "sell",
      order_type: "limit",
      quantity: "0.01",
      price: (m - 10).toFixed(2),
    });
    await until(
      "the seller to rest",
      async () => (await order(entrySeller, resting.body.id)).status === "open",
    );
    const placed = await call("POST", "/api/v1/orders", trader, {
      symbol: "BTC-USD",
      side: "buy",
      order_type: "limit",
      quantity: "0.01",
      price: (m - 10).toFixed(2),
      order_class: "bracket",
      take_profit: { limit_price: (m + 12).toFixed(2) },
      stop_loss: { stop_price: (m - 100).toFixed(2) },
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const [tp, sl] = placed.body.legs.map((l: Json) => l.id);
    await until("the entry to fill and the exits to open", async () => {
      const o = await order(trader, placed.body.id);
      return o.status === "filled" && o.legs.every((l: Json) => l.status === "open");
    });
    // Another account buys at the take-profit's price, inside the spread.
    const buyer = await account("bracket-buyer", { USD: "10000" });
    await call("POST", "/api/v1/orders", buyer, {
      symbol: "BTC-USD",
      side: "buy",
      order_type: "limit",
      quantity: "0.01",
      price: (m + 12).toFixed(2),
      time_in_force: "ioc",
    });
    await until("the take-profit to fill and the stop-loss to be cancelled", async () => {
      const [a, b] = await Promise.all([order(trader, tp), order(trader, sl)]);
      return a.status === "filled" && b.status === "cancelled";
    });
    expect(await order(trader, sl)).toMatchObject({ reject_reason: "oco", filled_quantity: "0" });
    const btc = (await call("GET", "/api/v1/account", trader)).body.balances.find(
      (b: Json) => b.asset === "BTC",
    );
    expect(btc).toMatchObject({ available: "0", held: "0" });
  });

  test("when an oco's stop triggers, then it sells and the limit is cancelled", async () => {
    const trader = await account("oco", { BTC: "0.02" });
    const m = await mid("BTC-USD");
    const placed = await call("POST", "/api/v1/orders", trader, {
      symbol: "BTC-USD",
      side: "sell",
      order_type: "limit",
      quantity: "0.01",
      price: (m + 1000).toFixed(2),
      order_class: "oco",
      stop_loss: { stop_price: (m - 10).toFixed(2) },
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const stop = placed.body.legs[0].id;
    await until("both legs to open", async () => {
      const o = await order(trader, placed.body.id);
      return o.status === "open" && o.legs[0].status === "open";
    });
    const held = (await call("GET", "/api/v1/account", trader)).body.balances.find(
      (b: Json) => b.asset === "BTC",
    );
    expect(held).toMatchObject({ available: "0.01", held: "0.01" });
    // A sale at the bid puts the last price below the stop.
    const seller = await account("oco-seller", { BTC: "0.01" });
    await call("POST", "/api/v1/orders", seller, {
      symbol: "BTC-USD",
      side: "sell",
      order_type: "market",
      quantity: "0.001",
    });
    await until("the stop to fill and the limit to be cancelled", async () => {
      const [limit, s] = await Promise.all([order(trader, placed.body.id), order(trader, stop)]);
      return s.status === "filled" && limit.status === "cancelled";
    });
    expect(await order(trader, placed.body.id)).toMatchObject({ reject_reason: "oco" });
    const btc = (await call("GET", "/api/v1/account", trader)).body.balances.find(
      (b: Json) => b.asset === "BTC",
    );
    expect(btc).toMatchObject({ available: "0.01", held: "0" });
  });
});
