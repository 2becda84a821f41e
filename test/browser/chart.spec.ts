// The chart draws the instrument's bars (GET …/candles, then the `candles` channel). Skipped while
// the server has no candles route.
import { expect, signIn, test } from "./fixtures.ts";

test("when the console opens, then the chart has bars", async ({ page, bourse }) => {
  const probe = await fetch(`${bourse.url}/api/v1/market/BTC-USD/candles?interval=1m`);
  test.skip(probe.status === 404, "this server has no candles route yet");
  await signIn(page, bourse, bourse.credentials.api_key);
  const chart = page.getByRole("figure", { name: "Price chart" });
  await expect(chart).toBeVisible();
  await expect.poll(async () => Number(await chart.getAttribute("data-bars"))).toBeGreaterThan(0);
  await expect(chart.locator("canvas").first()).toBeVisible();
});
