// Report delivery: every report arrives, signed, in the order the engine made them, one webhook
// call at a time.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, test } from "vitest";
import { createLogger } from "../../src/platform/logger.ts";
import { SIGNATURE_HEADER, verify } from "../../src/platform/webhook-signature.ts";
import { ReportDelivery } from "../../src/venue/delivery.ts";
import type { ExecutionReport } from "../../src/venue/reports.ts";

const SECRET = "lane-test-secret";
const log = createLogger({ LOG_LEVEL: "silent", LOG_FORMAT: "json", NODE_ENV: "test" });
let server: Server | undefined;
afterEach(
  () => new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve()))),
);

/** An OMS stand-in that records each call's reports; calls about `slowOrder` take 200 ms. */
async function oms(slowOrder: string) {
  const calls: { reports: ExecutionReport[]; signed: boolean; start: number; end: number }[] = [];
  const http = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const { reports } = JSON.parse(body.toString()) as { reports: ExecutionReport[] };
      const start = Date.now();
      const signed = verify(SECRET, body, req.headers[SIGNATURE_HEADER] as string, 60_000) === "ok";
      const delay = reports.some((r) => r.order_id === slowOrder) ? 200 : 0;
      setTimeout(() => {
        calls.push({ reports, signed, start, end: Date.now() });
        res.end("{}");
      }, delay);
    });
  });
  server = http;
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  return { calls, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/` };
}

/** Delivery to `url` with no faults. */
const deliveryTo = (url: string, o: { maxBatch: number; answeredDelayMs: number }) =>
  new ReportDelivery({ url, secret: SECRET, ...o, dropRate: 0, duplicateRate: 0, random: Math.random }, log);

/** Waits until delivery has nothing queued or held (at most 5 s). */
async function drained(delivery: ReportDelivery): Promise<void> {
  const end = Date.now() + 5_000;
  while (delivery.pending > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
}

const report = (orderId: string, n: number): ExecutionReport => ({
  execution_id: `${orderId}:${n}`,
  order_id: orderId,
  type: "trade",
  quantity: "1",
  price: "100",
  liquidity: "taker",
  executed_at: new Date().toISOString(),
});

test("when reports are delivered, then they arrive signed, in the order they were made, one call at a time, and a slow call holds up the next", async () => {
  const { calls, url } = await oms("a");
  const delivery = deliveryTo(url, { maxBatch: 1, answeredDelayMs: 0 });
  delivery.enqueue([report("a", 1), report("b", 1), report("a", 2)]);
  await drained(delivery);
  expect(calls.map((c) => c.reports[0]?.execution_id)).toEqual(["a:1", "b:1", "a:2"]);
  expect(calls.every((c) => c.signed)).toBe(true);
  // One at a time: each call started after the one before it was answered.
  for (let i = 1; i < calls.length; i++)
    expect(calls[i]?.start).toBeGreaterThanOrEqual(calls[i - 1]?.end ?? 0);
  delivery.stop();
});

test("when copies of answered reports are held, then the others go first and the copies follow together after the delay", async () => {
  const { calls, url } = await oms("none");
  const delivery = deliveryTo(url, { maxBatch: 500, answeredDelayMs: 600 });
  const start = Date.now();
  delivery.enqueue([report("maker-1", 1)], [report("taker-1", 1)]);
  delivery.enqueue([report("maker-2", 1)], [report("taker-2", 1), report("taker-2", 2)]);
  expect(delivery.pending).toBe(5);
  await drained(delivery);
  expect(delivery.pending).toBe(0);
  const ids = calls.map((c) => c.reports.map((r) => r.execution_id));
  // The reports nobody was answered with go out at once (one call, or two if the first was on
  // its way); the held copies go out in one call, in the order they were held, after at least
  // three quarters of the delay.
  expect(ids.flat()).toEqual(["maker-1:1", "maker-2:1", "taker-1:1", "taker-2:1", "taker-2:2"]);
  expect(ids.at(-1)).toEqual(["taker-1:1", "taker-2:1", "taker-2:2"]);
  expect(calls.at(-1)?.start ?? 0).toBeGreaterThanOrEqual(start + 450);
  expect(calls[0]?.start ?? Infinity).toBeLessThan(start + 450);
  delivery.stop();
});

test("when the delay is 0, then answered copies are queued with the other reports", async () => {
  const { calls, url } = await oms("none");
  const delivery = deliveryTo(url, { maxBatch: 500, answeredDelayMs: 0 });
  delivery.enqueue([report("maker", 1)], [report("taker", 1)]);
  await drained(delivery);
  expect(calls.map((c) => c.reports.map((r) => r.execution_id))).toEqual([["maker:1", "taker:1"]]);
  delivery.stop();
});
