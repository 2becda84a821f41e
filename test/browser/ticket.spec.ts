// The ticket's newer types and options: a trailing stop, a notional market buy, good-till-date,
// post only, and order classes, with the API's errors next to the field they name.
import type { Page } from "@playwright/test";
import { expect, signIn, test } from "./fixtures.ts";

const ticket = (page: Page) => page.getByRole("region", { name: "Order ticket" });
const table = (page: Page, name: string) => page.getByRole("table", { name, exact: true });

async function lastPrice(url: string): Promise<number> {
  const r = await fetch(`${url}/api/v1/market/BTC-USD/ticker`);
  const t = (await r.json()) as { last: string | null; bid: string | null; ask: string | null };
  return Math.round(Number(t.last ?? t.bid ?? t.ask));
}

test("when a trailing stop is placed by percent, then Open orders shows it with its type", async ({
  page,
  bourse,
}) => {
  const account = await bourse.account();
  await signIn(page, bourse, account.key);
  const t = ticket(page);
  await t.getByRole("radio", { name: "Sell" }).check();
  await t.getByLabel("Type").selectOption({ label: "Trailing stop" });
  // A trailing stop waits gtc or day: nothing else is offered.
  await expect(t.getByLabel("Time in force").locator("option")).toHaveText(["Good till cancelled", "Day"]);
  await t.getByLabel("Trail by").selectOption({ label: "Percent" });
  await t.getByLabel("Trail percent").fill("60");
  await t.getByLabel("Quantity").fill("0.01");
  await t.getByRole("button", { name: "Place order" }).click();
  // Over 50 %: the API names trail_percent, shown under the field.
  await expect(t.getByLabel("Trail percent")).toHaveAttribute("aria-invalid", "true");
  await t.getByLabel("Trail percent").fill("5");
  await t.getByRole("button", { name: "Place order" }).click();
  await expect(t.getByLabel("Trail percent")).not.toHaveAttribute("aria-invalid", "true");
  await expect(table(page, "Open orders").getByRole("row").filter({ hasText: "Trailing stop" })).toHaveCount(
    1,
  );
});

test("when a market buy is sized by an amount of USD, then it is filled and its fill listed", async ({
  page,
  bourse,
}) => {
  const account = await bourse.account();
  await signIn(page, bourse, account.key);
  const t = ticket(page);
  await t.getByLabel("Type").selectOption({ label: "Market" });
  await t.getByLabel("Size in").selectOption({ label: "USD (amount)" });
  await expect(t.getByLabel("Quantity")).toHaveCount(0);
  await t.getByLabel("Amount (USD)").fill("500");
  await t.getByRole("button", { name: "Place order" }).click();
  const row = table(page, "Orders").getByRole("row").filter({ hasText: "BTC-USD" }).first();
  await expect(row).toContainText("filled");
  const fill = table(page, "Fills").getByRole("row").filter({ hasText: "BTC-USD" }).first();
  await expect(fill).toBeVisible();
});

test("when good till date has no expiry, or post only meets ioc, then the error is under that field", async ({
  page,
  bourse,
}) => {
  const account = await bourse.account();
  await signIn(page, bourse, account.key);
  const t = ticket(page);
  await t.getByLabel("Type").selectOption({ label: "Limit" });
  await t.getByLabel("Quantity").fill("0.01");
  await t.getByLabel("Limit price", { exact: true }).fill("20000");
  await t.getByLabel("Time in force").selectOption({ label: "Good till date" });
  await t.getByRole("button", { name: "Place order" }).click();
  await expect(t.getByLabel("Expires at")).toHaveAttribute("aria-invalid", "true");

  await t.getByLabel("Time in force").selectOption({ label: "Immediate or cancel" });
  await t.getByLabel("Post only").check();
  await t.getByRole("button", { name: "Place order" }).click();
  await expect(t.getByLabel("Post only")).toHaveAttribute("aria-invalid", "true");

  // Good till date with an expiry an hour ahead rests in Open orders.
  await t.getByLabel("Post only").uncheck();
  await t.getByLabel("Time in force").selectOption({ label: "Good till date" });
  const inAnHour = new Date(Date.now() + 3_600_000 - new Date().getTimezoneOffset() * 60_000)
    .toISOString()
    .slice(0, 16);
  await t.getByLabel("Expires at").fill(inAnHour);
  await t.getByRole("button", { name: "Place order" }).click();
  await expect(table(page, "Open orders").getByRole("row").filter({ hasText: "20000" })).toHaveCount(1);
});

test("when a bracket's take-profit is on the wrong side, then its field says so; corrected, the bracket is placed", async ({
  page,
  bourse,
}) => {
  const account = await bourse.account();
  await signIn(page, bourse, account.key);
  const price = await lastPrice(bourse.url);
  const t = ticket(page);
  await t.getByLabel("Type").selectOption({ label: "Limit" });
  await t.getByLabel("Class").selectOption({ label: "Bracket" });
  await t.getByLabel("Quantity").fill("0.01");
  // A buy resting well under the market, its exits around it.
  const entry = Math.round(price * 0.8);
  await t.getByLabel("Limit price", { exact: true }).fill(String(entry));
  await t.getByLabel("Take-profit limit price").fill(String(entry - 100));
  await t.getByLabel("Stop-loss stop price").fill(String(entry - 200));
  await t.getByRole("button", { name: "Place order" }).click();
  await expect(t.getByLabel("Take-profit limit price")).toHaveAttribute("aria-invalid", "true");
  await expect(t.getByLabel("Limit price", { exact: true })).not.toHaveAttribute("aria-invalid", "true");

  await t.getByLabel("Take-profit limit price").fill(String(entry + 500));
  await t.getByRole("button", { name: "Place order" }).click();
  await expect(t.getByLabel("Take-profit limit price")).not.toHaveAttribute("aria-invalid", "true");
  await expect(t.getByRole("status")).toContainText("Placed");
  await expect(
    table(page, "Open orders")
      .getByRole("row")
      .filter({ hasText: String(entry) })
      .first(),
  ).toBeVisible();
});

test("when a bracket is placed from the ticket, then Open orders shows its legs under it, and cancelling it takes them all out", async ({
  page,
  bourse,
}) => {
  const account = await bourse.account();
  await signIn(page, bourse, account.key);
  const price = await lastPrice(bourse.url);
  const t = ticket(page);
  await t.getByLabel("Type").selectOption({ label: "Limit" });
  await t.getByLabel("Class").selectOption({ label: "Bracket" });
  await t.getByLabel("Quantity").fill("0.01");
  const entry = Math.round(price * 0.7);
  await t.getByLabel("Limit price", { exact: true }).fill(String(entry));
  await t.getByLabel("Take-profit limit price").fill(String(entry + 1000));
  await t.getByLabel("Stop-loss stop price").fill(String(entry - 1000));
  await t.getByRole("button", { name: "Place order" }).click();

  const open = table(page, "Open orders");
  const parent = open.getByRole("row").filter({ hasText: "Bracket" });
  await expect(parent).toContainText(String(entry));
  const parentId = await parent.getAttribute("data-order-id");
  const legs = open.locator(`tr[data-parent-id="${parentId}"]`);
  await expect(legs).toHaveCount(2);
  // Right under the parent: the take-profit, then the stop-loss.
  const order = await open
    .locator("tbody tr")
    .evaluateAll((trs) =>
      trs.map((tr) => tr.getAttribute("data-parent-id") ?? tr.getAttribute("data-order-id")),
    );
  const at = order.indexOf(parentId);
  expect(order.slice(at, at + 3)).toEqual([parentId, parentId, parentId]);
  await expect(legs.nth(0)).toContainText("Take-profit leg");
  await expect(legs.nth(0)).toContainText(String(entry + 1000));
  await expect(legs.nth(1)).toContainText("Stop-loss leg");
  await expect(legs.nth(1)).toContainText(String(entry - 1000));
  // Legs cannot be replaced.
  await expect(legs.getByRole("button", { name: "Replace" })).toHaveCount(0);

  await parent.getByRole("button", { name: "Cancel" }).click();
  await expect(parent).toHaveCount(0);
  await expect(legs).toHaveCount(0);
  // The history keeps all three, the legs named as such.
  const history = table(page, "Orders").locator(`tr[data-order-id]`);
  await expect(history.filter({ hasText: "Take-profit leg" })).toContainText("cancelled");
  await expect(history.filter({ hasText: "Stop-loss leg" })).toContainText("cancelled");
  await expect(history.filter({ hasText: "Bracket" })).toContainText("cancelled");
});
