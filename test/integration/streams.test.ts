// The WebSocket stream over a real socket: authentication, live events with a gapless seq,
// resume, market data, heartbeats and the slow-consumer bound.
import type { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { channels } from "../../src/platform/pubsub.ts";
import { buildTestApp, createAccount, limitBuy, type TestApp } from "../support/app.ts";
import type { Json } from "../support/http.ts";
import { authenticated, connectStream, type StreamClient } from "../support/stream-client.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await buildTestApp({ redis: true, edge: { authTimeoutMs: 300, heartbeatMs: 1_000 } });
  base = await t.app.listen({ host: "127.0.0.1", port: 0 });
});
afterAll(async () => {
  await t.close();
});

const place = (key: string, payload: object) =>
  t.app.inject({
    method: "POST",
    url: "/api/v1/orders",
    headers: { authorization: `Bearer ${key}` },
    payload,
  });

describe("authentication", () => {
  test("when the key comes in the header, then the server greets with the account and its last seq as head_seq", async () => {
    const a = await createAccount(t, { USD: "1000" });
    const c = await connectStream(base, { key: a.key });
    await c.waitFor(authenticated);
    // The deposit wrote balance.updated and activity.created. The greeting has no `seq`: it is not an event.
    expect(c.messages[0]).toEqual({ type: "authenticated", account_id: a.id, head_seq: 2 });
    await c.close();
  });

  test("when the key comes as the first message (browsers), then it works the same", async () => {
    const a = await createAccount(t, { USD: "1000" });
    const c = await connectStream(base);
    c.send({ op: "auth", key: a.key });
    await c.waitFor(authenticated);
    expect(c.messages[0].account_id).toBe(a.id);
    await c.close();
  });

  test("when the key is wrong, missing, or lacks the read scope, then the socket closes with 4401, 4408, 4403", async () => {
    const bad = await connectStream(base, { key: "bk_not_a_real_key_000000000000000000000000" });
    expect((await bad.closed).code).toBe(4401);
    const silent = await connectStream(base);
    expect((await silent.closed).code).toBe(4408);
    const tradeOnly = await createAccount(t, { USD: "1000" }, ["trade"]);
    const forbidden = await connectStream(base, { key: tradeOnly.key });
    expect(await forbidden.closed).toEqual({ code: 4403, reason: "this API key lacks the 'read' scope" });
  });
  test("when the admin token is sent instead of a key, then the socket closes with 4401 and says so", async () => {
    const c = await connectStream(base, { key: t.adminToken });
    expect(await c.closed).toEqual({
      code: 4401,
      reason:
        "this looks like the admin token, for /api/v1/admin routes only; user routes and the stream take an API key (bk_…)",
    });
  });
});

describe("a revoked key", () => {
  test("when the key of an open stream is revoked, then the stream closes with 4401 within a heartbeat or two", async () => {
    const a = await createAccount(t, { USD: "1000" });
    const c = await connectStream(base, { key: a.key });
    await c.waitFor(authenticated);
    const row = await t.database.db
      .selectFrom("api_keys")
      .select("id")
      .where("account_id", "=", a.id)
      .executeTakeFirstOrThrow();
    const revoked = await t.app.inject({
      method: "DELETE",
      url: `/api/v1/admin/keys/${row.id}`,
      headers: { authorization: `Bearer ${t.adminToken}` },
    });
    expect(revoked.statusCode).toBe(200);
    const t0 = Date.now();
    expect(await c.closed).toEqual({ code: 4401, reason: "this API key was revoked" });
    // Heartbeats every 1 s here; the key cache lives 2 s.
    expect(Date.now() - t0).toBeLessThan(4_000);
  });
});

describe("account events", () => {
  test("when orders change, then the client receives every event once, seq up by one each time", async () => {
    const a = await createAccount(t, { USD: "100000" });
    const c = await connectStream(base, { key: a.key });
    await c.waitFor(authenticated);
    for (let i = 0; i < 5; i++)
      expect((await place(a.key, limitBuy({ price: "100", quantity: "1" }))).statusCode).toBe(201);
    const order = (await place(a.key, limitBuy({ price: "100", quantity: "1" }))).json();
    await t.app.inject({ method: "DELETE", url: `/api/v1/orders/${order.id}`, headers: a.headers });
    // 6 placements × (order.updated + balance.updated) + the cancel's order.updated + balance.updated.
    await c.waitFor(() => c.events().length === 14);
    const events = c.events();
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 14 }, (_, i) => i + 3));
    expect(events[0]).toMatchObject({
      type: "order.updated",
      data: { status: "pending", symbol: "BTC-USD" },
    });
    expect(events[1]).toMatchObject({ type: "balance.updated", data: { asset: "USD", total: "100000" } });
    expect(events.at(-2)).toMatchObject({
      type: "order.updated",
      data: { id: order.id, status: "cancelled" },
    });
    await c.close();
  });

  test("when one commit writes several events, then they leave the server in one socket write", async () => {
    // The server side of the next stream: its writes to the kernel, counted where Node makes them.
    let writes = 0;
    const upgraded = new Promise<void>((resolve) =>
      t.app.server.once("upgrade", (_request, socket: Socket) => {
        type Write = (...args: unknown[]) => void;
        const s = socket as Socket & { _write: Write; _writev: Write };
        const [write, writev] = [s._write.bind(s), s._writev.bind(s)];
        s._write = (...args) => {
          writes++;
          write(...args);
        };
        s._writev = (...args) => {
          writes++;
          writev(...args);
        };
        resolve();
      }),
    );
    const a = await createAccount(t, { USD: "100000" });
    const c = await connectStream(base, { key: a.key });
    await upgraded;
    await c.waitFor(authenticated);
    for (let i = 1; i <= 3; i++) {
      const before = writes;
      expect((await place(a.key, limitBuy({ price: "100", quantity: "1" }))).statusCode).toBe(201);
      // A placement commits order.updated and balance.updated together.
      await c.waitFor(() => c.events().length === 2 * i);
      expect(writes - before).toBe(1);
    }
    await c.close();
  });

  test("when a client resumes at connection while events keep coming, then it gets each seq once, in order", async () => {
    const a = await createAccount(t, { USD: "100000" });
    for (let i = 0; i < 3; i++) await place(a.key, limitBuy({ price: "100", quantity: "1" }));
    const placing = Promise.all(
      Array.from({ length: 5 }, () => place(a.key, limitBuy({ price: "100", quantity: "1" }))),
    );
    const byUrl = await connectStream(base, { key: a.key, query: "after_seq=3" });
    const byMessage = await connectStream(base);
    byMessage.send({ op: "auth", key: a.key, after_seq: 3 });
    await placing;
    for (const c of [byUrl, byMessage]) {
      await c.waitFor(() => c.events().at(-1)?.seq === 18);
      expect(c.messages[0].type).toBe("authenticated");
      expect(c.events().map((e) => e.seq)).toEqual(Array.from({ length: 15 }, (_, i) => i + 4));
      await c.close();
    }
  });

  test("when a browser sends auth and resume back to back, then the resume waits for the auth", async () => {
    const a = await createAccount(t, { USD: "100000" });
    await place(a.key, limitBuy({ price: "100", quantity: "1" }));
    const c = await connectStream(base);
    c.send({ op: "auth", key: a.key });
    c.send({ op: "resume", after_seq: 0 });
    await c.waitFor(() => c.events().length === 4);
    expect(c.events().map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(c.messages.some((m) => m.type === "error")).toBe(false);
    await c.close();
  });

  test("when a client resumes after seq N, then it gets every later event once and then live ones", async () => {
    const a = await createAccount(t, { USD: "100000" });
    for (let i = 0; i < 3; i++) await place(a.key, limitBuy({ price: "100", quantity: "1" }));
    const c = await connectStream(base, { key: a.key });
    await c.waitFor(authenticated);
    expect(c.messages[0].head_seq).toBe(8);
    c.send({ op: "resume", after_seq: 3 });
    await c.waitFor(() => c.events().length === 5);
    await place(a.key, limitBuy({ price: "100", quantity: "1" }));
    await c.waitFor(() => c.events().length === 7);
    expect(c.events().map((e) => e.seq)).toEqual([4, 5, 6, 7, 8, 9, 10]);
    c.send({ op: "resume", after_seq: 99 });
    await c.waitFor((m) => m.some((x) => x.type === "error"));
    expect(c.messages.at(-1)).toMatchObject({ type: "error", code: "VALIDATION_ERROR" });
    await c.close();
  });

  test("when an admin withdraws from the account, then the client receives balance.updated and activity.created, fields in the list's order", async () => {
    const a = await createAccount(t, { USD: "1000" });
    const c = await connectStream(base, { key: a.key });
    await c.waitFor(authenticated);
    const w = await t.app.inject({
      method: "POST",
      url: `/api/v1/admin/accounts/${a.id}/withdrawals`,
      headers: { authorization: `Bearer ${t.adminToken}` },
      payload: { asset: "USD", amount: "10" },
    });
    expect(w.statusCode).toBe(201);
    await c.waitFor(() => c.events().length === 2);
    const [balance, activity] = c.events();
    expect(balance).toMatchObject({ type: "balance.updated", seq: 3, data: { asset: "USD", total: "990" } });
    expect(activity).toMatchObject({ type: "activity.created", seq: 4 });
    const listed = await t.app.inject({
      method: "GET",
      url: "/api/v1/account/activities?types=withdrawal",
      headers: a.headers,
    });
    expect(JSON.stringify(activity?.data)).toBe(JSON.stringify(listed.json().data[0]));
    await c.close();
  });

  test("when pub/sub loses an event, then the catch-up tick delivers it from PostgreSQL", async () => {
    const a = await createAccount(t, { USD: "100000" });
    const c = await connectStream(base, { key: a.key });
    await c.waitFor(authenticated);
    // Written straight to the log, as a writer killed between COMMIT and publish would leave it.
    await t.database.pool.query(
      `with s as (update accounts set event_seq = event_seq + 1 where id = $1 returning event_seq)
       insert into events (account_id, seq, type, payload) select $1, event_seq, 'balance.updated', '{"asset":"USD"}' from s`,
      [a.id],
    );
    await c.waitFor(() => c.events().length === 1, 3_000);
    expect(c.events()[0]).toEqual({ type: "balance.updated", seq: 3, data: { asset: "USD" } });
    await c.close();
  });
});

describe("resuming at connection", () => {
  const seqs = (c: StreamClient) => c.events().map((e) => e.seq);
  const ways: [string, (key: string, after: number) => Promise<StreamClient>][] = [
    [
      "the key in the header and ?after_seq on the URL",
      (key, after) => connectStream(base, { key, query: `after_seq=${after}` }),
    ],
    [
      "?after_seq on the URL and the key in an auth message",
      async (key, after) => {
        const c = await connectStream(base, { query: `after_seq=${after}` });
        c.send({ op: "auth", key });
        return c;
      },
    ],
    [
      "after_seq in the auth message",
      async (key, after) => {
        const c = await connectStream(base);
        c.send({ op: "auth", key, after_seq: after });
        return c;
      },
    ],
  ];

  test.each(ways)(
    "when a client resumes with %s, then it gets each event after N once, then live ones",
    async (_, open) => {
      const a = await createAccount(t, { USD: "100000" });
      for (let i = 0; i < 3; i++) await place(a.key, limitBuy({ price: "100", quantity: "1" }));
      const c = await open(a.key, 3);
      await c.waitFor(() => c.events().length === 5);
      expect(c.messages[0]).toEqual({ type: "authenticated", account_id: a.id, head_seq: 8 });
      await place(a.key, limitBuy({ price: "100", quantity: "1" }));
      await c.waitFor(() => c.events().length === 7);
      // Past a catch-up tick: nothing comes twice.
      await sleep(300);
      expect(seqs(c)).toEqual([4, 5, 6, 7, 8, 9, 10]);
      expect(c.messages.filter((m) => m.type === "error")).toEqual([]);
      await c.close();
    },
  );

  test("when the URL and the auth message give different after_seq, then the auth is refused and says why", async () => {
    const a = await createAccount(t, { USD: "100000" });
    await place(a.key, limitBuy({ price: "100", quantity: "1" }));
    const c = await connectStream(base, { query: "after_seq=2" });
    c.send({ op: "auth", key: a.key, after_seq: 3 });
    await c.waitFor((m) => m.some((x) => x.type === "error"));
    expect(c.messages).toEqual([
      {
        type: "error",
        code: "VALIDATION_ERROR",
        message: "after_seq is 2 on the URL and 3 in the auth message; give one",
      },
    ]);
    // The same value in both places is no conflict.
    c.send({ op: "auth", key: a.key, after_seq: 2 });
    await c.waitFor(() => c.events().length === 2);
    expect(seqs(c)).toEqual([3, 4]);
    await c.close();
  });

  test("when after_seq on the URL is not a whole number, then the connection is refused with an error saying so", async () => {
    const a = await createAccount(t, { USD: "1000" });
    const c = await connectStream(base, { key: a.key, query: "after_seq=abc" });
    expect(await c.closed).toEqual({ code: 1008, reason: "after_seq must be a whole number of 0 or more" });
    expect(c.messages).toEqual([
      {
        type: "error",
        code: "VALIDATION_ERROR",
        message: "after_seq must be a whole number of 0 or more (got 'abc')",
      },
    ]);
  });

  test("when an event is replayed, then its JSON has the same keys in the same order as when it came live", async () => {
    const a = await createAccount(t, { USD: "100000" });
    const live = await connectStream(base, { key: a.key });
    await live.waitFor(authenticated);
    const order = (await place(a.key, limitBuy({ price: "100", quantity: "1" }))).json();
    await t.app.inject({ method: "DELETE", url: `/api/v1/orders/${order.id}`, headers: a.headers });
    await live.waitFor(() => live.events().length === 4);
    const replayed = await connectStream(base, { key: a.key, query: "after_seq=2" });
    await replayed.waitFor(() => replayed.events().length === 4);
    // Parsed JSON keeps the order of the keys as sent.
    const texts = (c: StreamClient) => c.events().map((e) => JSON.stringify(e));
    expect(texts(replayed)).toEqual(texts(live));
    // And the order's fields come in the order GET /api/v1/orders/{id} gives them.
    const got = await t.app.inject({ method: "GET", url: `/api/v1/orders/${order.id}`, headers: a.headers });
    expect(Object.keys(live.events()[2].data)).toEqual(Object.keys(got.json()));
    for (const c of [live, replayed]) await c.close();
  });
});

describe("market data without authentication", () => {
  const tick = (bid: string) =>
    t.tier.pubsub.publish(
      channels.market("ticker", "BTC-USD"),
      JSON.stringify({ bid, ask: "50001", last: null, volume_24h: "0", ts: "2026-01-01T00:00:00.000Z" }),
    );
  const ticked = (bid: string) => (m: Json[]) => m.some((x) => x.type === "ticker" && x.data.bid === bid);
  const subscribed = (m: Json[]) => m.some((x) => x.type === "subscribed");

  test("when a client subscribes to ticker without authenticating, then it receives ticker messages past the auth timeout", async () => {
    const c = await connectStream(base);
    c.send({ op: "subscribe", channel: "ticker", symbol: "BTC-USD" });
    await c.waitFor(subscribed);
    // Longer than the auth timeout of this app.
    await sleep(700);
    await tick("49001");
    await c.waitFor(ticked("49001"));
    expect(c.messages.find((x) => x.type === "ticker" && x.data.bid === "49001")).toEqual({
      type: "ticker",
      symbol: "BTC-USD",
      data: { bid: "49001", ask: "50001", last: null, volume_24h: "0", ts: "2026-01-01T00:00:00.000Z" },
    });
    expect(c.messages.filter((x) => x.type === "error")).toEqual([]);
    await c.close();
  });

  test("when an anonymous subscriber authenticates, then it gets the greeting and its events and keeps its subscription", async () => {
    const a = await createAccount(t, { USD: "100000" });
    const c = await connectStream(base);
    c.send({ op: "subscribe", channel: "ticker", symbol: "BTC-USD" });
    await c.waitFor(subscribed);
    c.send({ op: "auth", key: a.key });
    await c.waitFor(authenticated);
    expect(c.messages.find((x) => x.type === "authenticated")).toEqual({
      type: "authenticated",
      account_id: a.id,
      head_seq: 2,
    });
    await place(a.key, limitBuy({ price: "100", quantity: "1" }));
    await c.waitFor(() => c.events().length === 2);
    expect(c.events()[0]).toMatchObject({ type: "order.updated", seq: 3, data: { status: "pending" } });
    await tick("49002");
    await c.waitFor(ticked("49002"));
    await c.close();
  });

  test("when an anonymous client unsubscribes from its last channel, then the auth timeout applies again: 4408", async () => {
    const c = await connectStream(base);
    c.send({ op: "subscribe", channel: "trades", symbol: "BTC-USD" });
    await c.waitFor(subscribed);
    await sleep(500);
    c.send({ op: "unsubscribe", channel: "trades", symbol: "BTC-USD" });
    expect(await c.closed).toEqual({ code: 4408, reason: "authentication timeout" });
    expect(c.messages.map((x) => x.type)).toEqual(["subscribed", "unsubscribed"]);
  });

  test("when an anonymous client's only subscription is refused, then it still closes with 4408", async () => {
    const c = await connectStream(base);
    c.send({ op: "subscribe", channel: "ticker", symbol: "NOPE-USD" });
    expect(await c.closed).toEqual({ code: 4408, reason: "authentication timeout" });
    expect(c.messages).toEqual([expect.objectContaining({ type: "error", code: "UNKNOWN_SYMBOL" })]);
  });
});

describe("market data", () => {
  test("when a client resumes before authenticating, then it is told to authenticate first", async () => {
    const c = await connectStream(base);
    c.send({ op: "resume", after_seq: 0 });
    await c.waitFor((m) => m.some((x) => x.type === "error"));
    expect(c.messages[0]).toMatchObject({ type: "error", code: "UNAUTHENTICATED" });
    await c.close();
  });

  test("when a client subscribes, then it is acknowledged and receives what the venue feed publishes", async () => {
    const a = await createAccount(t, { USD: "1000" });
    const c = await connectStream(base, { key: a.key });
    c.send({ op: "subscribe", channel: "trades", symbol: "BTC-USD" });
    await c.waitFor((m) => m.some((x) => x.type === "subscribed"));
    await t.tier.pubsub.publish(
      channels.market("trades", "BTC-USD"),
      JSON.stringify([{ id: 1, price: "1" }]),
    );
    await c.waitFor((m) => m.some((x) => x.type === "trades"));
    expect(c.messages.find((x) => x.type === "trades")).toEqual({
      type: "trades",
      symbol: "BTC-USD",
      data: [{ id: 1, price: "1" }],
    });
    c.send({ op: "subscribe", channel: "book", symbol: "NOPE-USD" });
    await c.waitFor((m) => m.some((x) => x.type === "error"));
    expect(c.messages.at(-1)).toMatchObject({ code: "UNKNOWN_SYMBOL" });
    c.send({ op: "nonsense" });
    await c.waitFor((m) => m.filter((x) => x.type === "error").length === 2);
    await c.close();
  });
});

describe("connection health", () => {
  test("when a client stops answering pings, then it is dropped", async () => {
    const a = await createAccount(t, { USD: "1000" });
    const c = await connectStream(base, { key: a.key, autoPong: false });
    const { code } = await c.closed;
    expect(code).toBe(1006);
  });

  test("when a client that reads resumes a log larger than the bound, then it gets all of it", async () => {
    const small = await buildTestApp({ edge: { maxBufferBytes: 16 * 1024 } });
    const url = await small.app.listen({ host: "127.0.0.1", port: 0 });
    try {
      const a = await createAccount(small, { USD: "1000" });
      // 400 events of ~300 bytes (~120 KB): one page of the replay, written in one tick.
      await small.database.pool.query(
        `with s as (update accounts set event_seq = event_seq + 400 where id = $1 returning event_seq)
         insert into events (account_id, seq, type, payload)
         select $1, s.event_seq - 400 + i, 'balance.updated', jsonb_build_object('asset', 'USD', 'pad', repeat('x', 250))
         from s, generate_series(1, 400) as i`,
        [a.id],
      );
      const c = await connectStream(url, { key: a.key, query: "after_seq=0" });
      await c.waitFor(() => c.events().length === 402, 10_000);
      expect(c.events().map((e) => e.seq)).toEqual(Array.from({ length: 402 }, (_, i) => i + 1));
      await c.close();
    } finally {
      await small.close();
    }
  });

  test("when a client stops reading, then it is disconnected once its buffer passes the bound", async () => {
    const slow = await buildTestApp({ edge: { maxBufferBytes: 64 * 1024 } });
    const url = await slow.app.listen({ host: "127.0.0.1", port: 0 });
    try {
      const a = await createAccount(slow, { USD: "1000000" });
      const c = await connectStream(url);
      c.send({ op: "auth", key: a.key });
      await c.waitFor(authenticated);
      // Stop reading: the server's send buffer fills behind the paused socket.
      (c.ws as unknown as { _socket: { pause(): void } })._socket.pause();
      const big = JSON.stringify({ pad: "x".repeat(16_384) });
      c.send({ op: "subscribe", channel: "ticker", symbol: "BTC-USD" });
      await new Promise((r) => setTimeout(r, 200));
      for (let i = 0; i < 2_000; i++)
        await slow.tier.pubsub.publish(channels.market("ticker", "BTC-USD"), big);
      (c.ws as unknown as { _socket: { resume(): void } })._socket.resume();
      expect((await c.closed).code).toBe(4429);
    } finally {
      await slow.close();
    }
  });
});

describe("when Redis is down and rate limiting fails closed", () => {
  test("then a connecting client whose key fails is told to come back later (1013), and the process lives on", async () => {
    const { startRedisServer } = await import("../support/redis.ts");
    const server = await startRedisServer();
    const app = await buildTestApp({ redis: server.url, edge: { failOpen: false } });
    const url = await app.app.listen({ host: "127.0.0.1", port: 0 });
    try {
      const a = await createAccount(app, { USD: "1000" });
      await server.kill();
      // A failure must be counted, and cannot be: the limiter is down and fails closed.
      const c = await connectStream(url, { key: `${a.key.slice(0, -1)}${a.key.endsWith("A") ? "B" : "A"}` });
      expect((await c.closed).code).toBe(1013);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    } finally {
      await app.close();
      await server.stop();
    }
  });
});
