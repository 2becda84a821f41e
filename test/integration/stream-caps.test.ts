// The stream's caps over real sockets: connections per client address and per key, messages per
// connection, the queue of messages waiting to be handled, and resumes counted against the key's
// read limit.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildTestApp, createAccount, type TestApp } from "../support/app.ts";
import type { Json } from "../support/http.ts";
import { authenticated, connectStream, type StreamClient } from "../support/stream-client.ts";

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await buildTestApp({
    edge: {
      authTimeoutMs: 3_000,
      read: { max: 5, windowMs: 60_000 },
      streamConnectionsPerAddress: 3,
      streamConnectionsPerKey: 2,
      streamMessages: { perSecond: 5, burst: 10 },
    },
  });
  base = await t.app.listen({ host: "127.0.0.1", port: 0 });
});
afterAll(async () => {
  await t.close();
});

const pongs = (m: Json[]) => m.filter((x) => x.type === "pong").length;
const isOpen = async (c: StreamClient) => {
  c.send({ op: "ping" });
  await c.waitFor((m) => pongs(m) > 0);
};

describe("connections", () => {
  test("when one address opens more than its cap, then the extra one closes with 4429 while another address connects", async () => {
    const from = { localAddress: "127.0.0.2" };
    const held = [
      await connectStream(base, from),
      await connectStream(base, from),
      await connectStream(base, from),
    ];
    const extra = await connectStream(base, from);
    expect(await extra.closed).toEqual({
      code: 4429,
      reason: "too many stream connections from this address",
    });
    const other = await connectStream(base, { localAddress: "127.0.0.3" });
    await isOpen(other);
    // A slot frees when a connection ends.
    await held[0]?.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const again = await connectStream(base, from);
    await isOpen(again);
    for (const c of [...held, other, again]) await c.close();
  });

  test("when one key opens more than its cap, then the extra one closes with 4429 while another key connects", async () => {
    const a = await createAccount(t, { USD: "1000" });
    const b = await createAccount(t, { USD: "1000" });
    const held = [
      await connectStream(base, { key: a.key, localAddress: "127.0.0.4" }),
      await connectStream(base, { key: a.key, localAddress: "127.0.0.5" }),
    ];
    for (const c of held) await c.waitFor(authenticated);
    const extra = await connectStream(base, { localAddress: "127.0.0.6" });
    extra.send({ op: "auth", key: a.key });
    expect(await extra.closed).toEqual({
      code: 4429,
      reason: "too many stream connections for this API key",
    });
    const other = await connectStream(base, { key: b.key, localAddress: "127.0.0.6" });
    await other.waitFor(authenticated);
    for (const c of [...held, other]) await c.close();
  });
});

describe("anonymous market-data clients", () => {
  test("when anonymous clients subscribe to market data, then the address cap and the message limit apply to them", async () => {
    const from = { localAddress: "127.0.0.10" };
    const held = [
      await connectStream(base, from),
      await connectStream(base, from),
      await connectStream(base, from),
    ];
    for (const c of held) {
      c.send({ op: "subscribe", channel: "trades", symbol: "BTC-USD" });
      await c.waitFor((m) => m.some((x) => x.type === "subscribed"));
    }
    const extra = await connectStream(base, from);
    expect(await extra.closed).toEqual({
      code: 4429,
      reason: "too many stream connections from this address",
    });
    const flooder = held[0] as StreamClient;
    for (let i = 0; i < 50; i++) flooder.send({ op: "ping" });
    expect(await flooder.closed).toEqual({ code: 4429, reason: "too many messages" });
    for (const c of held) await c.close();
  });
});

describe("messages", () => {
  test("when an unauthenticated client floods pings, then it gets an error and is closed with 4429", async () => {
    const c = await connectStream(base, { localAddress: "127.0.0.7" });
    for (let i = 0; i < 50; i++) c.send({ op: "ping" });
    expect(await c.closed).toEqual({ code: 4429, reason: "too many messages" });
    expect(pongs(c.messages)).toBeLessThanOrEqual(10);
    expect(c.messages.at(-1)).toMatchObject({ type: "error", code: "RATE_LIMITED" });
  });

  test("when a client resumes again and again, then each resume counts against the key's read limit", async () => {
    const a = await createAccount(t, { USD: "1000" });
    const c = await connectStream(base, { key: a.key, localAddress: "127.0.0.8" });
    await c.waitFor(authenticated);
    for (let i = 0; i < 7; i++) c.send({ op: "resume", after_seq: 0 });
    await c.waitFor((m) => m.filter((x) => x.type === "error").length === 2);
    // Five replays of the deposit's two events, then two refusals.
    expect(c.events()).toHaveLength(10);
    expect(c.messages.filter((x) => x.type === "error")).toEqual([
      expect.objectContaining({ code: "RATE_LIMITED" }),
      expect.objectContaining({ code: "RATE_LIMITED" }),
    ]);
    // The same window as the key's REST reads.
    const r = await t.app.inject({ method: "GET", url: "/api/v1/orders", headers: a.headers });
    expect(r.statusCode).toBe(429);
    // A resume at connection replays too, and is refused alike.
    const resumed = await connectStream(base, {
      key: a.key,
      query: "after_seq=0",
      localAddress: "127.0.0.9",
    });
    expect(await resumed.closed).toEqual({
      code: 4429,
      reason: "too many requests for this API key; resume later",
    });
    expect(resumed.messages).toEqual([expect.objectContaining({ type: "error", code: "RATE_LIMITED" })]);
    await c.close();
  });

  test("when messages arrive faster than they are handled, then the queue is bounded: the client is closed with 4429", async () => {
    const fast = await buildTestApp({ edge: { streamMessages: { perSecond: 10_000, burst: 10_000 } } });
    const url = await fast.app.listen({ host: "127.0.0.1", port: 0 });
    try {
      const a = await createAccount(fast, { USD: "1000" });
      const c = await connectStream(url, { key: a.key });
      await c.waitFor(authenticated);
      // Each resume reads PostgreSQL: they pile up behind one another.
      for (let i = 0; i < 500; i++) c.send({ op: "resume", after_seq: 0 });
      expect(await c.closed).toEqual({ code: 4429, reason: "too many messages waiting" });
      expect(c.events().length).toBeLessThan(500);
    } finally {
      await fast.close();
    }
  });
});
