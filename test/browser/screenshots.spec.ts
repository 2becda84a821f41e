// The screenshots of docs/img/, taken on demand: `SCREENSHOTS=1 npx playwright test screenshots`.
// (Skipped in a normal run, which must not rewrite tracked files.)
import { createBourseClient, unwrap } from "@bourse/client";
import { expect, signIn, test } from "./fixtures.ts";

test.skip(process.env.SCREENSHOTS !== "1", "screenshots are taken with SCREENSHOTS=1");

const shot = (name: string) => ({ path: `docs/img/${name}.png`, fullPage: false });

test("the console's main screens", async ({ page, bourse }) => {
  const api = createBourseClient({ baseUrl: bourse.url, token: bourse.credentials.api_key });
  // Some history to show: a filled market buy, a resting limit order.
  await unwrap(
    api.POST("/api/v1/orders", {
      body: { symbol: "BTC-USD", side: "buy", order_type: "market", quantity: "0.05" },
    }),
  );
  await unwrap(
    api.POST("/api/v1/orders", {
      body: { symbol: "BTC-USD", side: "buy", order_type: "limit", quantity: "0.1", price: "45000" },
    }),
  );
  await unwrap(
    api.POST("/api/v1/orders", {
      body: {
        symbol: "BTC-USD",
        side: "buy",
        order_type: "limit",
        quantity: "0.02",
        price: "44000",
        order_class: "bracket",
        take_profit: { limit_price: "47000" },
        stop_loss: { stop_price: "42000" },
      },
    }),
  );
  await page.goto(bourse.url);
  await expect(page.getByRole("button", { name: "Use the demo account" })).toBeVisible();
  await page.screenshot(shot("console-sign-in"));
  await signIn(page, bourse, bourse.credentials.api_key);
  await expect(page.getByRole("table", { name: "Positions" }).getByRole("row")).toHaveCount(2);
  await expect(page.getByRole("table", { name: "Order book" }).getByRole("row").nth(5)).toBeVisible();
  const chart = page.getByRole("figure", { name: "Price chart" });
  await expect.poll(async () => Number(await chart.getAttribute("data-bars"))).toBeGreaterThan(0);
  // A limit order typed in the ticket, with its preview.
  const ticket = page.getByRole("region", { name: "Order ticket" });
  await ticket.getByLabel("Type").selectOption({ label: "Limit" });
  await ticket.getByLabel("Quantity").fill("0.1");
  await ticket.getByLabel("Limit price", { exact: true }).fill("45500");
  await expect(ticket.getByLabel("Order preview")).toHaveAttribute("data-accepted", "true");
  await page.waitForTimeout(1_500);
  await page.screenshot(shot("console-trade"));
  await page.screenshot({ path: "docs/img/console-trade-full.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(500);
  await page.screenshot(shot("console-phone"));
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole("button", { name: "Admin" }).click();
  await page.getByLabel("Admin token").fill(bourse.credentials.admin_token);
  await page.getByRole("button", { name: "Use admin token" }).click();
  await page.getByLabel("Name").fill("Ada");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByLabel("Amount").fill("25000");
  await page.getByRole("button", { name: "Deposit" }).click();
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByRole("status").filter({ hasText: "shown only now" })).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot(shot("console-admin"));
});
