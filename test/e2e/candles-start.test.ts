// Candles on `npm start` as a user sees them: a new data dir has a chart at once (synthetic,
// marked), a trade adds to it, and after a restart the bars are still there and nothing
// synthetic is written again.
import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Json, requestJson } from "../support/http.ts";
import { type Started, startBourse } from "../support/process.ts";

let dataDir: string;
let running: Started | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "bourse-e2e-candles-"));
  await chmod(dataDir, 0o755);
});
afterAll(async () => {
  await running?.stop("SIGKILL");
  await rm(dataDir, { recursive: true, force: true });
});

const BACKFILLED = "synthetic candle history written";

test("when started on a new data dir, then every instrument has marked synthetic bars, a trade adds a real one, and a restart keeps them without writing more", async () => {
  running = await startBourse(["start"], { DATA_DIR: dataDir, CANDLES_BACKFILL_HOURS: "1" });
  const base = running.baseUrl;
  expect(running.output()).toContain(BACKFILLED);
  const instruments = (await requestJson(`${base}/api/v1/instruments`, "GET")).body.data as Json[];
  const until: string = instruments.find((i) => i.symbol === "BTC-USD").candles_synthetic_until;
  expect(instruments.every((i) => i.candles_synthetic_until === until)).toBe(true);
  const synthetic = (
    await requestJson(`${base}/api/v1/market/BTC-USD/candles?interval=1m&end=${until}&limit=100`, "GET")
  ).body.data as Json[];
  expect(synthetic).toHaveLength(60);
  expect(synthetic.at(-1).t).toBe(new Date(Date.parse(until) - 60_000).toISOString());

  const { api_key: key } = JSON.parse(await readFile(join(dataDir, "credentials.json"), "utf8"));
  const buy = { symbol: "BTC-USD", side: "buy", order_type: "market", quantity: "0.01" };
  expect((await requestJson(`${base}/api/v1/orders`, "POST", key, buy)).status).toBe(201);
  const hours = async () =>
    (await requestJson(`${base}/api/v1/market/BTC-USD/candles?interval=1h&start=${until}`, "GET")).body
      .data as Json[];
  // Minutes from the end of the synthetic history on are trades only.
  const real = async () =>
    (await requestJson(`${base}/api/v1/market/BTC-USD/candles?interval=1m&start=${until}`, "GET")).body
      .data as Json[];
  await expect
    .poll(async () => (await real()).map((b) => [b.v, b.n]), { timeout: 10_000 })
    .toEqual([["0.01", 1]]);
  const before = { minutes: await real(), hours: await hours() };

  expect(await running.stop("SIGTERM")).toBe(0);
  running = await startBourse(["start"], { DATA_DIR: dataDir, CANDLES_BACKFILL_HOURS: "1" });
  expect(running.output()).not.toContain(BACKFILLED);
  const after = (await requestJson(`${running.baseUrl}/api/v1/instruments`, "GET")).body.data as Json[];
  expect(after.map((i) => i.candles_synthetic_until)).toEqual(
    instruments.map((i) => i.candles_synthetic_until),
  );
  const again = async (interval: string) =>
    (
      await requestJson(
        `${running?.baseUrl}/api/v1/market/BTC-USD/candles?interval=${interval}&start=${until}`,
        "GET",
      )
    ).body.data as Json[];
  expect(await again("1m")).toEqual(before.minutes);
  expect(await again("1h")).toEqual(before.hours);
  expect(await running.stop("SIGTERM")).toBe(0);
  running = undefined;
}, 120_000);
