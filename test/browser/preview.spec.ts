// The ticket previews the order as the user types (POST /api/v1/orders/preview): the hold, the
// estimated price and fee, and the error placing would get, next to its field, before placing.
import { createBourseClient, unwrap } from "@bourse/client";
import type { Page } from "@playwright/test";
import { expect, signIn, test } from "./fixtures.ts";

const ticket = (page: Page) => page.getByRole("region", { name: "Order ticket" });
const term = (page: Page, name: string) =>
  ticket(page)
    .getByLabel("Order preview")
    .locator("div")
    .filter({ has: page.getByText(name, { exact: true }) })
    .locator("dd");

test("when a limit order is typed, then the ticket shows the API's preview of its hold, price and fee, and its errors before placing", async ({
  page,
  bourse,
}) => {
  const account = await bourse.account();
  await signIn(page, bourse, account.key);
  const t = ticket(page);
  await t.getByLabel("Type").selectOption({ label: "Limit" });
  await t.getByLabel("Quantity").fill("0.01");
  await t.getByLabel("Limit price", { exact: true }).fill("20000");

  // What the ticket shows is what the API previews for the same body.
  const api = createBourseClient({ baseUrl: bourse.url, token: account.key });
  const expected = await unwrap(
    api.POST("/api/v1/orders/preview", {
      body: {
        symbol: "BTC-USD",
        side: "buy",
        order_type: "limit",
        quantity: "0.01",
        price: "20000",
        time_in_force: "gtc",
      },
    }),
  );
  expect(expected.accepted).toBe(true);
  await expect(term(page, "Hold")).toHaveText(`${expected.hold?.amount} ${expected.hold?.asset}`);
  await expect(term(page, "Est. price")).toHaveText(expected.estimated_price ?? "?");
  await expect(term(page, "Est. fee")).toHaveText(
    `${expected.estimated_fee?.amount} ${expected.estimated_fee?.asset}`,
  );

  // Below the lot size: the preview's error is under Quantity, and nothing has been placed.
  await t.getByLabel("Quantity").fill("0.0000001");
  await expect(t.getByLabel("Quantity")).toHaveAttribute("aria-invalid", "true");
  await expect(t.getByLabel("Quantity")).toHaveAccessibleDescription(/lot size/);
  // More than the account has: the funds error, under the button, before placing.
  await t.getByLabel("Quantity").fill("1000");
  await expect(t.getByLabel("Quantity")).not.toHaveAttribute("aria-invalid", "true");
  await expect(t.locator(".form-error")).toContainText(/insufficient|available/i);
  await expect(t.getByLabel("Order preview")).toHaveAttribute("data-accepted", "false");
  expect((await unwrap(api.GET("/api/v1/orders"))).data).toEqual([]);
});
