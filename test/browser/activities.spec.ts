// Activities (GET /api/v1/account/activities): the deposits on sign-in, a deposit made while the
// page is open (the stream's activity.created), and a fill's activities, all without a reload.
import { createBourseClient, unwrap } from "@bourse/client";
import { expect, expectNoReload, signIn, test } from "./fixtures.ts";

test("when money comes in and an order fills, then Activities shows them without a reload", async ({
  page,
  bourse,
}) => {
  const account = await bourse.account();
  await signIn(page, bourse, account.key);
  const activities = page.getByRole("table", { name: "Activities", exact: true });
  const rows = activities.getByRole("row");
  // The two deposits the account was funded with (and the header).
  await expect(rows.filter({ hasText: "Deposit" })).toHaveCount(2);

  const admin = createBourseClient({ baseUrl: bourse.url, token: bourse.credentials.admin_token });
  await unwrap(
    admin.POST("/api/v1/admin/accounts/{id}/deposits", {
      params: { path: { id: account.id } },
      body: { asset: "USD", amount: "42.5" },
    }),
  );
  await expect(rows.filter({ hasText: "Deposit" }).filter({ hasText: "42.5" })).toHaveCount(1);

  const t = page.getByRole("region", { name: "Order ticket" });
  await t.getByLabel("Type").selectOption({ label: "Market" });
  await t.getByLabel("Quantity").fill("0.01");
  await t.getByRole("button", { name: "Place order" }).click();
  // A fill is two activities (the base asset in, the quote asset out) and its fee a third.
  await expect(rows.filter({ hasText: "Fill" })).toHaveCount(2);
  await expect(rows.filter({ hasText: "Fee" })).toHaveCount(1);
  const btc = rows
    .filter({ hasText: "Fill" })
    .filter({ has: page.getByRole("cell", { name: "BTC", exact: true }) });
  await expect(btc.getByRole("cell").nth(3)).toHaveText("0.01");
  await expectNoReload(page);
});
