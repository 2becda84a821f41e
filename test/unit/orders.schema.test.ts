import { beforeAll, describe, expect, test } from "vitest";
import {
  createOrderSchema,
  replaceOrderSchema,
  symbolSchema,
} from "../../src/modules/orders/orders.schema.ts";
import { useIssueMessages } from "../../src/modules/shared/issues.ts";

// The messages as the HTTP server words them (it installs the same map).
beforeAll(() => useIssueMessages());

const messages = (r: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.error?.issues.map((i) => ({ path: i.path.join("."), message: i.message }));

const limit = { symbol: "BTC-USD", side: "buy", order_type: "limit", quantity: "0.1", price: "50000" };

describe("symbol", () => {
  test.each([
    ["BTC-USD", true],
    ["ETH-USD", true],
    ["SPY_2025", true],
    ["", false],
    ["invalid symbol!", false],
    ["A".repeat(21), false],
    ["A".repeat(20), true],
    ["btc-usd", false],
  ])("when the symbol is %j, then valid is %s", (symbol, valid) => {
    expect(symbolSchema.safeParse(symbol).success).toBe(valid);
  });
});

describe("create order", () => {
  test.each([
    ["a limit order with decimal strings", limit],
    ["a limit order with JSON numbers", { ...limit, quantity: 0.1, price: 50000 }],
    ["a market order", { symbol: "BTC-USD", side: "sell", order_type: "market", quantity: "1" }],
    [
      "a market order with slippage",
      { symbol: "BTC-USD", side: "buy", order_type: "market", quantity: "1", slippage_tolerance: 0.05 },
    ],
    [
      "a stop order",
      { symbol: "BTC-USD", side: "sell", order_type: "stop", quantity: "1", trigger_price: "49000" },
    ],
    [
      "a stop_limit order",
      {
        symbol: "BTC-USD",
        side: "sell",
        order_type: "stop_limit",
        quantity: "1",
        trigger_price: "49000",
        price: "48900",
      },
    ],
    ["a client_order_id", { ...limit, client_order_id: "my-order_1" }],
    ["explicit null for a forbidden field", { ...limit, trigger_price: null }],
  ])("when %s, then it is accepted", (_name, body) => {
    const r = createOrderSchema.safeParse(body);
    expect(r.error?.issues).toBeUndefined();
    expect(r.success).toBe(true);
  });

  test.each([
    ["price missing on a limit order", { ...limit, price: undefined }, "price"],
    [
      "price on a market order",
      { symbol: "BTC-USD", side: "buy", order_type: "market", quantity: "1", price: "1" },
      "price",
    ],
    [
      "price on a stop order",
      { symbol: "BTC-USD", side: "buy", order_type: "stop", quantity: "1", trigger_price: "1", price: "1" },
      "price",
    ],
    ["trigger_price on a limit order", { ...limit, trigger_price: "1" }, "trigger_price"],
    [
      "trigger_price missing on a stop order",
      { symbol: "BTC-USD", side: "buy", order_type: "stop", quantity: "1" },
      "trigger_price",
    ],
    ["zero quantity", { ...limit, quantity: "0" }, "quantity"],
    ["negative quantity", { ...limit, quantity: -1 }, "quantity"],
    ["quantity in exponent form", { ...limit, quantity: "1e3" }, "quantity"],
    ["quantity as text", { ...limit, quantity: "ten" }, "quantity"],
    ["negative price", { ...limit, price: "-5" }, "price"],
    ["unknown side", { ...limit, side: "hold" }, "side"],
    ["unknown order type", { ...limit, order_type: "iceberg" }, "order_type"],
    [
      "gtc on a market order",
      { symbol: "BTC-USD", side: "buy", order_type: "market", quantity: "1", time_in_force: "gtc" },
      "time_in_force",
    ],
    [
      "slippage above 0.1",
      { symbol: "BTC-USD", side: "buy", order_type: "market", quantity: "1", slippage_tolerance: "0.2" },
      "slippage_tolerance",
    ],
    ["slippage on a limit order", { ...limit, slippage_tolerance: "0.01" }, "slippage_tolerance"],
    ["a client_order_id with spaces", { ...limit, client_order_id: "my order" }, "client_order_id"],
    ["a client_order_id of 65 characters", { ...limit, client_order_id: "x".repeat(65) }, "client_order_id"],
    ["a lower-case symbol", { ...limit, symbol: "btc-usd" }, "symbol"],
  ])("when %s, then the error points at %s", (_name, body, path) => {
    const r = createOrderSchema.safeParse(body);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toContain(path);
  });

  test("when time_in_force is omitted, then limit orders default to gtc and market orders to ioc", () => {
    expect(createOrderSchema.parse(limit).time_in_force).toBe("gtc");
    expect(
      createOrderSchema.parse({ symbol: "BTC-USD", side: "buy", order_type: "market", quantity: "1" })
        .time_in_force,
    ).toBe("ioc");
  });

  test("when a number is given, then it is read from its shortest decimal text", () => {
    const order = createOrderSchema.parse({ ...limit, quantity: 0.1, price: 50000.5 });
    expect(order.quantity?.toFixed()).toBe("0.1");
    expect(order.order_type === "limit" && order.price.toFixed()).toBe("50000.5");
  });
});

describe("validation messages say what is required and why", () => {
  test.each([
    [
      "a limit order without price",
      { ...limit, price: undefined },
      "price",
      "price is required for limit and stop_limit orders",
    ],
    [
      "a stop order without trigger_price",
      { symbol: "BTC-USD", side: "buy", order_type: "stop", quantity: "1" },
      "trigger_price",
      "trigger_price is required for stop and stop_limit orders",
    ],
    ["an order without symbol", { ...limit, symbol: undefined }, "symbol", "symbol is required"],
    ["an order without quantity", { ...limit, quantity: undefined }, "quantity", "quantity is required"],
    ["an order without side", { ...limit, side: undefined }, "side", "side is required"],
    [
      "an order without order_type",
      { ...limit, order_type: undefined },
      "order_type",
      'order_type is required: one of "market", "limit", "stop", "stop_limit", "trailing_stop"',
    ],
    [
      "an unknown order_type",
      { ...limit, order_type: "iceberg" },
      "order_type",
      'order_type must be one of "market", "limit", "stop", "stop_limit", "trailing_stop"',
    ],
    ["an unknown side", { ...limit, side: "hold" }, "side", 'side must be one of "buy", "sell"'],
    ["a numeric symbol", { ...limit, symbol: 5 }, "symbol", "symbol must be a string"],
    [
      "a boolean quantity",
      { ...limit, quantity: true },
      "quantity",
      'quantity must be a positive decimal string or number, e.g. "0.1"',
    ],
  ])("when %s, then the message at %s is %j", (_name, body, path, message) => {
    expect(messages(createOrderSchema.safeParse(body))).toContainEqual({ path, message });
  });

  test("when a stop_limit order has neither price, then both are named with the order types that need them", () => {
    const body = { symbol: "BTC-USD", side: "buy", order_type: "stop_limit", quantity: "1" };
    expect(messages(createOrderSchema.safeParse(body))).toEqual([
      { path: "price", message: "price is required for limit and stop_limit orders" },
      { path: "trigger_price", message: "trigger_price is required for stop and stop_limit orders" },
    ]);
  });

  test("when there is no body, then a JSON object is required", () => {
    expect(messages(createOrderSchema.safeParse(null))).toEqual([
      { path: "", message: "a JSON object is required" },
    ]);
  });

  test("when a replace changes nothing or sends a bad price, then the message says what to send", () => {
    expect(messages(replaceOrderSchema.safeParse({}))).toEqual([
      { path: "", message: "send quantity, price or both" },
    ]);
    expect(messages(replaceOrderSchema.safeParse({ price: false }))).toEqual([
      { path: "price", message: 'price must be a positive decimal string or number, e.g. "50100"' },
    ]);
  });
});

describe("trailing stops", () => {
  const trailing = { symbol: "BTC-USD", side: "sell", order_type: "trailing_stop", quantity: "0.1" };

  test.each([
    [{}, "trail_price", "trail_price or trail_percent is required for trailing_stop orders"],
    [
      { trail_price: "100", trail_percent: "1" },
      "trail_percent",
      "send only one of trail_price and trail_percent",
    ],
    [{ trail_percent: "50.5" }, "trail_percent", undefined],
    [{ trail_percent: "0" }, "trail_percent", undefined],
    [{ trail_percent: "1.00001" }, "trail_percent", undefined],
    [{ trail_price: "-5" }, "trail_price", undefined],
    [{ trail_price: "100", trigger_price: "49000" }, "trigger_price", undefined],
    [{ trail_price: "100", time_in_force: "ioc" }, "time_in_force", undefined],
  ])("when the trail is %j, then the error names %s", (extra, path, message) => {
    const found = messages(createOrderSchema.safeParse({ ...trailing, ...extra })) ?? [];
    expect(found.map((m) => m.path)).toEqual([path]);
    if (message !== undefined) expect(found[0]?.message).toBe(message);
  });

  test.each([[{ trail_price: "250" }], [{ trail_percent: 50 }], [{ trail_percent: "0.0001" }]])(
    "when the trail is %j, then the order is valid and waits gtc",
    (extra) => {
      const parsed = createOrderSchema.parse({ ...trailing, ...extra });
      expect(parsed).toMatchObject({ order_type: "trailing_stop", time_in_force: "gtc" });
    },
  );
});
