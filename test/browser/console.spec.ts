/// <reference lib="dom" />
// The console as a user drives it, in chromium, against a real server: sign in, trade from the
// ticket, see the tables follow the stream, and a reconnection after a restart that loses nothing.
import { createBourseClient, unwrap } from "@bourse/client";
import { expect, expectNoReload, signIn, test } from "./fixtures.ts";

const ticket = (page: import("@playwright/test").Page) => page.getByRole("region", { name: "Order ticket" });
const table = (page: import("@playwright/test").Page, name: string) =>
  page.getByRole("table", { name, exact: true });

test("when a user signs in with a wrong key, then the field says so; with the demo shortcut, then the console opens", async ({
  page,
  bourse,
}) => {
  await page.goto(bourse.url);
  await page.getByLabel("API key").fill("bk_not_a_real_key_000000000000000000000000");
  await page.getByLabel("API key").press("Enter");
  await expect(page.getByLabel("API key")).toHaveAccessibleDescription(/key/i);
  await page.getByRole("button", { name: "Use the demo account" }).click();
  await expect(ticket(page)).toBeVisible();
  await expect(table(page, "Balances").getByRole("row", { name: /USD/ })).toBeVisible();
  // The key lives in this tab's sessionStorage, nowhere else.
  expect(await page.evaluate(() => sessionStorage.getItem("bourse.api_key"))).toBe(
    bourse.credentials.api_key,
  );
  expect(page.url()).not.toContain("bk_");
  expect(await page.evaluate(() => localStorage.length + document.cookie.length)).toBe(0);
});

test("when a market buy is placed from the ticket, then Orders shows it filled and Positions shows the position, without a reload", async ({
  page,
  bourse,
}) => {
  const account = await bourse.account();
  await signIn(page, bourse, account.key);
  const t = ticket(page);
  await t.getByLabel("Symbol").selectOption("BTC-USD");
  await t.getByRole("radio", { name: "Buy" }).check();
  await t.getByLabel("Type").selectOption({ label: "Market" });
  await t.getByLabel("Quantity").fill("0.01");
  await t.getByRole("button", { name: "Place order" }).click();
  const row = table(page, "Orders").getByRole("row").filter({ hasText: "BTC-USD" }).first();
  await expect(row).toContainText("filled");
  await expect(row).toContainText("Market");
  await expect(table(page, "Positions").getByRole("row").filter({ hasText: "BTC-USD" })).toContainText(
    "0.01",
  );
  await expect(table(page, "Fills").getByRole("row").filter({ hasText: "BTC-USD" })).toHaveCount(1);
});

test("when a resting limit order is placed, then it is in Open orders, and Cancel takes it out", async ({
  page,
  bourse,
}) => {
  const account = await bourse.account();
  await signIn(page, bourse, account.key);
  const t = ticket(page);
  await t.getByLabel("Type").selectOption({ label: "Limit" });
  await t.getByLabel("Quantity").fill("0.02");
  await t.getByLabel("Limit price").fill("20000");
  await t.getByRole("button", { name: "Place order" }).click();
  const open = table(page, "Open orders").getByRole("row").filter({ hasText: "20000" });
  await expect(open).toHaveCount(1);
  await expect(open.getByRole("button", { name: "Replace" })).toBeVisible();
  await open.getByRole("button", { name: "Cancel" }).click();
  await expect(open).toHaveCount(0);
  await expect(table(page, "Orders").getByRole("row").filter({ hasText: "20000" })).toContainText(
    "cancelled",
  );
});

test("when a resting limit order is replaced from Open orders, then the row shows the new quantity and price", async ({
  page,
  bourse,
}) => {
  const account = await bourse.account();
  await signIn(page, bourse, account.key);
  const t = ticket(page);
  await t.getByLabel("Type").selectOption({ label: "Limit" });
  await t.getByLabel("Quantity").fill("0.03");
  await t.getByLabel("Limit price").fill("22000");
  await t.getByRole("button", { name: "Place order" }).click();
  const row = table(page, "Open orders").getByRole("row").filter({ hasText: "22000" });
  await expect(row).toContainText("open");
  await row.getByRole("button", { name: "Replace" }).click();
  const dialog = page.getByRole("dialog", { name: /Replace/ });
  await dialog.getByLabel("New quantity").fill("0.04");
  await dialog.getByLabel("New limit price").fill("22500");
  // Keyboard: Enter in a field submits the dialog's form.
  await dialog.getByLabel("New limit price").press("Enter");
  await expect(dialog).toHaveCount(0);
  const replaced = table(page, "Open orders").getByRole("row").filter({ hasText: "22500" });
  await expect(replaced).toContainText("0.04");
  await expect(table(page, "Open orders").getByRole("row").filter({ hasText: "22000" })).toHaveCount(0);
});

test("when the API refuses a field, then its message shows next to that field", async ({ page, bourse }) => {
  const account = await bourse.account();
  await signIn(page, bourse, account.key);
  const t = ticket(page);
  await t.getByLabel("Type").selectOption({ label: "Limit" });
  await t.getByLabel("Quantity").fill("0.0000001");
  await t.getByRole("button", { name: "Place order" }).click();
  // The API's 422 names the missing price: its message is under Limit price, tied to the field.
  await expect(t.getByLabel("Limit price")).toHaveAttribute("aria-invalid", "true");
  await expect(t.getByLabel("Limit price")).toHaveAccessibleDescription(/price is required/);
  await t.getByLabel("Limit price").fill("100");
  await t.getByRole("button", { name: "Place order" }).click();
  // Then the quantity, below the lot size: under Quantity, and the price's error is gone.
  await expect(t.getByLabel("Quantity")).toHaveAccessibleDescription(/lot size/);
  await expect(t.getByLabel("Limit price")).not.toHaveAttribute("aria-invalid", "true");
  await expect(table(page, "Open orders").getByRole("row")).toHaveCount(1); // the header only
});

test("when the server restarts, then the console reconnects, resumes and shows every event it missed", async ({
  page,
  bourse,
}) => {
  const account = await bourse.account();
  await signIn(page, bourse, account.key);
  const status = page.getByRole("status", { name: "Stream" });
  await expect(status).toHaveText("Live");
  await bourse.restart(async () => {
    await expect(status).not.toHaveText("Live");
    // Keep the browser away until orders are placed on the restarted server, so that they can
    // reach it only by the resume.
    await page.context().setOffline(true);
  });
  const api = createBourseClient({ baseUrl: bourse.url, token: account.key });
  const placed = [];
  for (const price of ["21000", "21500"]) {
    placed.push(
      await unwrap(
        api.POST("/api/v1/orders", {
          body: { symbol: "BTC-USD", side: "buy", order_type: "limit", quantity: "0.01", price },
        }),
      ),
    );
  }
  await page.context().setOffline(false);
  await expect(status).toHaveText("Live", { timeout: 30_000 });
  for (const o of placed) {
    await expect(table(page, "Open orders").locator(`tr[data-order-id="${o.id}"]`)).toBeVisible();
  }
  // The balances the events carried match what the API says now.
  const usd = (await unwrap(api.GET("/api/v1/account"))).balances.find((b) => b.asset === "USD");
  await expect(table(page, "Balances").getByRole("row").filter({ hasText: "USD" })).toContainText(
    usd?.held ?? "?",
  );
  await expectNoReload(page);
});
