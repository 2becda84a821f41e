// The admin view, with the admin token: accounts listed and searched, a deposit and a withdrawal, a
// key shown once that signs in, its revocation from the account's list of keys, settlement runs.
import { expect, test } from "./fixtures.ts";

test("when the admin makes an account, funds it and gives it a key, then that key signs in, until it is revoked", async ({
  page,
  bourse,
}) => {
  await page.goto(bourse.url);
  await page.getByRole("button", { name: "Use the demo account" }).click();
  await page.getByRole("button", { name: "Admin" }).click();
  await page.getByLabel("Admin token").fill("adm_wrong_token_000000000000000000000000");
  await page.getByRole("button", { name: "Use admin token" }).click();
  await expect(page.getByLabel("Admin token")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Admin token").fill(bourse.credentials.admin_token);
  await page.getByRole("button", { name: "Use admin token" }).click();

  const accounts = page.getByRole("table", { name: "Accounts", exact: true });
  // The demo account is listed before any is made here.
  await expect(accounts.getByRole("row").filter({ hasText: "demo@bourse.local" })).toHaveCount(1);
  await page.getByLabel("Name").fill("Grace Hopper");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(accounts).toContainText("Grace Hopper");
  // The search finds part of the name, in any case, and only what matches.
  await page.getByLabel("Search accounts").fill("grace h");
  await expect(accounts.getByRole("row")).toHaveCount(2);
  await accounts
    .getByRole("row")
    .filter({ hasText: "Grace Hopper" })
    .getByRole("button", { name: "Select" })
    .click();

  await page.getByLabel("Asset").fill("USD");
  await page.getByLabel("Amount").fill("1234.5");
  await page.getByRole("button", { name: "Deposit", exact: true }).click();
  await expect(page.getByText("Deposited 1234.5 USD.")).toBeVisible();
  await page.getByLabel("Amount").fill("0.5");
  await page.getByRole("button", { name: "Withdraw", exact: true }).click();
  await expect(page.getByText("Withdrew 0.5 USD.")).toBeVisible();
  await page.getByLabel("Amount").fill("5000");
  await page.getByRole("button", { name: "Withdraw", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: /insufficient|available/i })).toBeVisible();

  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByRole("status").getByLabel("New API key").textContent()) ?? "";
  expect(key).toMatch(/^bk_/);
  const keys = page.getByRole("table", { name: "API keys" });
  const keyRow = keys.getByRole("row").filter({ hasText: key.slice(0, 8) });
  await expect(keyRow).toHaveCount(1);

  await page.getByRole("button", { name: "Start run" }).click();
  await expect(page.getByRole("table", { name: "Settlement runs" }).getByRole("row")).toHaveCount(2);

  // The new key works in a fresh tab, and shows the deposit less the withdrawal.
  const other = await page.context().newPage();
  await other.goto(bourse.url);
  await other.getByLabel("API key").fill(key);
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other.getByRole("table", { name: "Balances" })).toContainText("1234");
  await other.close();

  await keyRow.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByText("Key revoked.")).toBeVisible();
  await expect(keyRow.getByRole("button", { name: "Revoke" })).toHaveCount(0);
  const again = await page.context().newPage();
  await again.goto(bourse.url);
  await again.getByLabel("API key").fill(key);
  await again.getByRole("button", { name: "Sign in" }).click();
  await expect(again.getByLabel("API key")).toHaveAttribute("aria-invalid", "true");
  await again.close();
});
