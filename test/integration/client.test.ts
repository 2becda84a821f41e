// @bourse/client against a real app on a real socket: typed calls, typed errors, and the stream
// helper resuming after the server drops its connection. And the document its types are generated
// from is the one the running app serves.
import type { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openApiDocument } from "../../client/scripts/openapi-document.ts";
import {
  type AccountEvent,
  BourseError,
  BourseStream,
  createBourseClient,
  unwrap,
} from "../../client/src/index.ts";
import { createAccount, limitBuy, type TestApp } from "../support/app.ts";
import { startVenueApp } from "../support/venue.ts";

let t: TestApp;
let close: () => Promise<void>;
let base: string;
/** The stream connections the server accepted, to drop them from its side. */
const upgraded: Socket[] = [];
const dropAll = () => {
  for (const socket of upgraded.splice(0)) socket.destroy();
};
beforeAll(async () => {
  ({ t, close } = await startVenueApp());
  t.app.server.on("upgrade", (_request, socket: Socket) => upgraded.push(socket));
  base = await t.app.listen({ host: "127.0.0.1", port: 0 });
});
afterAll(async () => {
  await close();
});

const until = async (check: () => boolean, what: string, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe("typed calls", () => {
  test("when an order is placed, then it is listed and read back through the client", async () => {
    const a = await createAccount(t, { USD: "100000" });
    const api = createBourseClient({ baseUrl: base, token: a.key });
    const placed = await unwrap(
      api.POST("/api/v1/orders", {
        body: { ...limitBuy({ client_order_id: "client-1" }), side: "buy", order_type: "limit" },
      }),
    );
    expect(placed).toMatchObject({
      symbol: "BTC-USD",
      side: "buy",
      order_type: "limit",
      quantity: "0.1",
      price: "50000",
    });
    const list = await unwrap(api.GET("/api/v1/orders", { params: { query: { limit: 10 } } }));
    expect(list.data.map((o) => o.id)).toEqual([placed.id]);
    const read = await unwrap(api.GET("/api/v1/orders/{id}", { params: { path: { id: placed.id } } }));
    expect(read.client_order_id).toBe("client-1");
  });

  test("when the API refuses a call, then the error comes typed: status, code and the field it names", async () => {
    const a = await createAccount(t, { USD: "100000" });
    const api = createBourseClient({ baseUrl: base, token: a.key });
    const { error, response } = await api.POST("/api/v1/orders", {
      // @ts-expect-error: a limit order without its price, refused by the types and, under test here, by the API
      body: { symbol: "BTC-USD", side: "buy", order_type: "limit", quantity: "0.1" },
    });
    expect(response.status).toBe(422);
    expect(error?.error.code).toBe("VALIDATION_ERROR");
    expect(error?.error.details?.map((d) => d.path)).toContain("price");
    const missing = await unwrap(
      api.GET("/api/v1/orders/{id}", { params: { path: { id: "0193a6f0-0000-7000-8000-000000000000" } } }),
    ).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(BourseError);
    expect(missing).toMatchObject({ status: 404, code: "NOT_FOUND" });
    const anonymous = createBourseClient({ baseUrl: base });
    await expect(unwrap(anonymous.GET("/api/v1/account"))).rejects.toMatchObject({
      status: 401,
      code: "UNAUTHENTICATED",
    });
  });
});

describe("the stream helper", () => {
  test("when the server drops the connection, then it reconnects, resumes after its last seq and loses no event", async () => {
    const a = await createAccount(t, { USD: "100000" });
    const api = createBourseClient({ baseUrl: base, token: a.key });
    const events: AccountEvent[] = [];
    const states: string[] = [];
    const stream = new BourseStream({
      url: base,
      key: a.key,
      // Long enough for the orders below to be placed before it is back.
      backoff: { initialMs: 1_000, maxMs: 2_000 },
      onEvent: (e) => events.push(e),
      onState: (s) => states.push(s),
    });
    try {
      await until(() => stream.lastSeq !== undefined, "the greeting");
      const start = stream.lastSeq ?? 0;
      const first = await unwrap(
        api.POST("/api/v1/orders", { body: { ...limitBuy(), side: "buy", order_type: "limit" } }),
      );
      await until(() => events.length >= 2, "the first order's events");
      dropAll();
      await until(() => states.includes("closed"), "the drop");
      // Placed while the helper is away: it must get these from the replay.
      const away = [
        await unwrap(
          api.POST("/api/v1/orders", {
            body: { ...limitBuy({ price: "49000" }), side: "buy", order_type: "limit" },
          }),
        ),
        await unwrap(
          api.POST("/api/v1/orders", {
            body: { ...limitBuy({ price: "48000" }), side: "buy", order_type: "limit" },
          }),
        ),
      ];
      const head = await t.database.db
        .selectFrom("events")
        .select((eb) => eb.fn.max("seq").as("seq"))
        .where("account_id", "=", a.id)
        .executeTakeFirstOrThrow();
      const last = Number(head.seq);
      await until(() => (stream.lastSeq ?? 0) >= last, `seq ${last}`);
      expect(states.filter((s) => s === "open").length).toBeGreaterThanOrEqual(2);
      // Every seq from the first after the greeting on, once each, in order.
      const seqs = events.map((e) => e.seq);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => start + 1 + i));
      const orderIds = new Set(events.flatMap((e) => (e.type === "order.updated" ? [e.data.id] : [])));
      expect(orderIds).toEqual(new Set([first.id, ...away.map((o) => o.id)]));
    } finally {
      stream.close();
    }
  });

  test("when it follows a public channel without a key, then the channel comes back after a drop", async () => {
    const tickers: string[] = [];
    const stream = new BourseStream({
      url: base,
      backoff: { initialMs: 50, maxMs: 200 },
      onMarket: (m) => {
        if (m.type === "ticker") tickers.push(m.symbol);
      },
    });
    try {
      await until(() => stream.state === "open", "the connection");
      stream.subscribe({ channel: "ticker", symbol: "BTC-USD" });
      await until(() => tickers.length === 1, "the ticker snapshot");
      dropAll();
      await until(() => tickers.length === 2, "the snapshot after the reconnect");
      expect(tickers).toEqual(["BTC-USD", "BTC-USD"]);
    } finally {
      stream.close();
    }
  });
});

test("when the types are generated, then their document is the one the running app serves", async () => {
  const served = await fetch(`${base}/openapi.json`).then((r) => r.json());
  expect(await openApiDocument()).toEqual(served);
});
