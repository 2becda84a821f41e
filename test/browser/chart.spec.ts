// The chart draws the instrument's bars (GET …/candles, then the `candles` channel): a fresh
// `start` backfills synthetic bars, so the chart is never empty, and each interval has its own bars.
import { expect, signIn, test } from "./fixtures.ts";

test("when the console opens, then the chart has bars, and another interval loads its own", async ({
  page,
  bourse,
}) => {
  await signIn(page, bourse, bourse.credentials.api_key);
  const chart = page.getByRole("figure", { name: "Price chart" });
  await expect(chart).toBeVisible();
  await expect.poll(async () => Number(await chart.getAttribute("data-bars"))).toBeGreaterThan(0);
  await expect(chart.locator("canvas").first()).toBeVisible();
  const minutes = Number(await chart.getAttribute("data-bars"));

  const expected = async (interval: string) => {
    const r = await fetch(`${bourse.url}/api/v1/market/BTC-USD/candles?interval=${interval}&limit=500`);
    return ((await r.json()) as { data: unknown[] }).data.length;
  };
  await page.getByRole("button", { name: "1h", exact: true }).click();
  await expect(page.getByRole("button", { name: "1h", exact: true })).toHaveAttribute("aria-pressed", "true");
  const hours = await expected("1h");
  expect(hours).toBeGreaterThan(0);
  // An hour holds many minutes: fewer bars than at 1m, as the API has them (the live bar may add one).
  expect(hours).toBeLessThan(minutes);
  await expect.poll(async () => Number(await chart.getAttribute("data-bars"))).toBeGreaterThanOrEqual(hours);
  expect(Number(await chart.getAttribute("data-bars"))).toBeLessThanOrEqual(hours + 1);
});
