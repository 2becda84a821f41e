// The venue's HTTP API takes only requests signed with the shared secret, and the OMS takes only
// answers the venue signed for the request it sent: a forged answer settles nothing.
import { createHmac, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Decimal } from "../../src/modules/shared/decimal.ts";
import {
  buildTestApp,
  createAccount,
  marketBuy,
  storedBalance,
  type TestApp,
  testVenueClient,
  WEBHOOK_SECRET,
} from "../support/app.ts";
import { orderStatus, placeOrder, routeNow, startTestVenue, type TestVenue } from "../support/venue.ts";

let v: TestVenue;
let url: string;
beforeAll(async () => {
  v = await startTestVenue();
  url = `http://127.0.0.1:${(v.server.server.address() as { port: number }).port}`;
});
afterAll(() => v.server.close());

/** The request signature the OMS sends: HMAC over "<t>.<METHOD> <path>\n<body>". */
function signature(secret: string, method: string, path: string, body: string, t = Date.now()): string {
  const mac = createHmac("sha256", secret).update(`${t}.${method} ${path}\n${body}`).digest("hex");
  return `t=${t},v1=${mac}`;
}

async function call(
  method: string,
  path: string,
  o: { body?: unknown; signed?: { secret: string; t?: number } } = {},
): Promise<{ status: number; body: unknown }> {
  const body = o.body === undefined ? "" : JSON.stringify(o.body);
  const headers: Record<string, string> = {};
  if (o.body !== undefined) headers["content-type"] = "application/json";
  if (o.signed !== undefined)
    headers["x-bourse-signature"] = signature(o.signed.secret, method, path, body, o.signed.t);
  const r = await fetch(`${url}${path}`, { method, headers, body: o.body === undefined ? null : body });
  const text = await r.text();
  return { status: r.status, body: text === "" ? undefined : JSON.parse(text) };
}

const order = (id: string) => ({
  client_order_id: id,
  owner: "venue-auth-test",
  symbol: "BTC-USD",
  side: "buy",
  type: "limit",
  time_in_force: "gtc",
  quantity: "0.01",
  price: "1000",
});

/** Every route of the venue but /healthz, each with a valid request. */
const routes = (id: string): [string, string, unknown?][] => [
  ["POST", "/v1/orders", order(id)],
  ["GET", `/v1/orders/${id}`],
  ["GET", `/v1/orders/${id}/executions`],
  ["PATCH", `/v1/orders/${id}`, { price: "1001" }],
  ["DELETE", `/v1/orders/${id}`],
  ["POST", "/v1/session/end"],
  ["GET", "/v1/markets/BTC-USD/ticker"],
  ["GET", "/v1/markets/BTC-USD/book?depth=5"],
  ["GET", "/v1/markets/BTC-USD/trades?limit=5"],
];

describe("the venue's HTTP API", () => {
  test("when a route is called without a signature, with another secret's, or with a stale one, then it answers 401 and does nothing", async () => {
    const id = randomUUID();
    const got: Record<string, number[]> = {};
    for (const [method, path, body] of routes(id)) {
      got[`${method} ${path}`] = [
        (await call(method, path, { body })).status,
        (await call(method, path, { body, signed: { secret: "another-secret" } })).status,
        (await call(method, path, { body, signed: { secret: WEBHOOK_SECRET, t: Date.now() - 600_000 } }))
          .status,
      ];
    }
    expect(got).toEqual(Object.fromEntries(Object.keys(got).map((k) => [k, [401, 401, 401]])));
    expect(await v.client.get(id)).toBeUndefined();
  });

  test("when a signature covers another body or path than the one sent, then it answers 401", async () => {
    const id = randomUUID();
    const body = JSON.stringify(order(id));
    const headers = {
      "content-type": "application/json",
      "x-bourse-signature": signature(
        WEBHOOK_SECRET,
        "POST",
        "/v1/orders",
        JSON.stringify(order(randomUUID())),
      ),
    };
    expect((await fetch(`${url}/v1/orders`, { method: "POST", headers, body })).status).toBe(401);
    const get = signature(WEBHOOK_SECRET, "GET", `/v1/orders/${randomUUID()}`, "");
    expect((await fetch(`${url}/v1/orders/${id}`, { headers: { "x-bourse-signature": get } })).status).toBe(
      401,
    );
  });

  test("when every route is called with the shared secret's signature, then it works, and /healthz needs none", async () => {
    const id = randomUUID();
    const got = [];
    for (const [method, path, body] of routes(id))
      got.push((await call(method, path, { body, signed: { secret: WEBHOOK_SECRET } })).status);
    expect(got).toEqual([201, 200, 200, 200, 200, 200, 200, 200, 200]);
    expect((await call("GET", "/healthz")).status).toBe(200);
  });
});

/** A stand-in for the venue on loopback that answers every submit with a fill of the order. */
async function fakeVenue(
  answer: (request: { id: string; signature: string | undefined }) => {
    headers?: Record<string, string>;
    body: unknown;
  },
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => {
      raw += chunk;
    });
    req.on("end", () => {
      const id = raw === "" ? ((req.url ?? "").split("/")[3] ?? "") : JSON.parse(raw).client_order_id;
      const signature = req.headers["x-bourse-signature"] as string | undefined;
      const a = answer({ id, signature });
      const text = JSON.stringify(a.body);
      res.writeHead(201, { "content-type": "application/json", ...a.headers }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

const filled = (id: string, reportFor = id) => ({
  order: {
    client_order_id: id,
    symbol: "BTC-USD",
    status: "filled",
    quantity: "0.01",
    filled_quantity: "0.01",
    remaining_quantity: "0",
    price: "1",
    cancel_reason: null,
  },
  reports: [
    {
      execution_id: `forged:${id}`,
      order_id: reportFor,
      type: "trade",
      quantity: "0.01",
      price: "1",
      liquidity: "taker",
      executed_at: new Date().toISOString(),
    },
  ],
});

/** An answer's signature as the venue makes it, bound to the request's (see webhook-signature.ts). */
function answerSignature(secret: string, requestSignature: string, status: number, body: string): string {
  const t = Date.now();
  const requestMac = /v1=([0-9a-f]+)/.exec(requestSignature)?.[1] ?? "";
  const mac = createHmac("sha256", secret)
    .update(`${t}.answer ${requestMac} ${status}\n${body}`)
    .digest("hex");
  return `t=${t},v1=${mac}`;
}

describe("the OMS's venue client", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ fastPath: false });
  });
  afterAll(() => t.close());

  // "Forged": an answer without a valid signature by the shared secret over this very request
  // (its status and bytes included), or a signed answer carrying a report of another order.
  const forgeries: [
    string,
    (r: { id: string; signature: string | undefined }) => { headers?: Record<string, string>; body: unknown },
  ][] = [
    ["no signature", ({ id }) => ({ body: filled(id) })],
    [
      "another secret's signature",
      ({ id, signature: s }) => {
        const body = filled(id);
        return {
          body,
          headers: {
            "x-bourse-signature": answerSignature("another-secret", s ?? "", 201, JSON.stringify(body)),
          },
        };
      },
    ],
    [
      "the secret's signature of another request",
      ({ id }) => {
        const body = filled(id);
        const other = signature(WEBHOOK_SECRET, "POST", "/v1/orders", "{}");
        return {
          body,
          headers: {
            "x-bourse-signature": answerSignature(WEBHOOK_SECRET, other, 201, JSON.stringify(body)),
          },
        };
      },
    ],
    [
      "a signed answer with a report of another order",
      ({ id, signature: s }) => {
        const body = filled(id, randomUUID());
        return {
          body,
          headers: {
            "x-bourse-signature": answerSignature(WEBHOOK_SECRET, s ?? "", 201, JSON.stringify(body)),
          },
        };
      },
    ],
  ];

  test.each(forgeries)("when a submit's answer has %s, then its fill is not settled", async (_, answer) => {
    const fake = await fakeVenue(answer);
    const venue = testVenueClient(fake.url);
    try {
      const a = await createAccount(t, { USD: "100000" });
      const id = await placeOrder(t, a, marketBuy());
      await routeNow(t, venue, id).catch(() => undefined);
      expect(await orderStatus(t, id)).not.toBe("filled");
      const stored = await t.database.db
        .selectFrom("execution_reports")
        .select("execution_id")
        .where((eb) => eb.or([eb("order_id", "=", id), eb("execution_id", "=", `forged:${id}`)]))
        .execute();
      expect(stored).toEqual([]);
      const fills = await t.database.db
        .selectFrom("fills")
        .select("order_id")
        .where("order_id", "=", id)
        .execute();
      expect(fills).toEqual([]);
      // No money moved: whatever is held, the account still owns all it deposited.
      const usd = await storedBalance(t, a.id, "USD");
      expect(new Decimal(usd.available).plus(usd.held).toFixed()).toBe("100000");
    } finally {
      await new Promise((r) => fake.server.close(r));
    }
  });

  test("when the same stand-in signs its answer for the order itself, then the fill is settled (the control the forgeries differ from)", async () => {
    const fake = await fakeVenue(({ id, signature: s }) => {
      const body = filled(id);
      return {
        body,
        headers: {
          "x-bourse-signature": answerSignature(WEBHOOK_SECRET, s ?? "", 201, JSON.stringify(body)),
        },
      };
    });
    try {
      const a = await createAccount(t, { USD: "100000" });
      const id = await placeOrder(t, a, marketBuy());
      await routeNow(t, testVenueClient(fake.url), id);
      expect(await orderStatus(t, id)).toBe("filled");
      const fills = await t.database.db
        .selectFrom("fills")
        .select("order_id")
        .where("order_id", "=", id)
        .execute();
      expect(fills).toHaveLength(1);
    } finally {
      await new Promise((r) => fake.server.close(r));
    }
  });

  test("when the reconciler's executions answer is not signed, then the client refuses it", async () => {
    const fake = await fakeVenue(({ id }) => ({ body: { data: filled(id).reports } }));
    try {
      await expect(testVenueClient(fake.url).executions(randomUUID())).rejects.toThrow(/signature/);
    } finally {
      await new Promise((r) => fake.server.close(r));
    }
  });
});
