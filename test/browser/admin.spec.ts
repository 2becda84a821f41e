// The admin view, with the admin token: an account, a deposit, a key shown once that signs in, its
// revocation, and a settlement run.
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

  await page.getByLabel("Name").fill("Grace");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("table", { name: "Accounts made here" })).toContainText("Grace");
  await page.getByLabel("Asset").fill("USD");
  await page.getByLabel("Amount").fill("1234.5");
  await page.getByRole("button", { name: "Deposit", exact: true }).click();
  await expect(page.getByText("Deposited 1234.5 USD.")).toBeVisible();
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByRole("status").getByLabel("New API key").textContent()) ?? "";
  expect(key).toMatch(/^bk_/);

  await page.getByRole("button", { name: "Start run" }).click();
  await expect(page.getByText(/Run of \d{4}-\d{2}-\d{2}:/)).toBeVisible();

  // The new key works in a fresh tab, and shows the deposit.
  const other = await page.context().newPage();
  await other.goto(bourse.url);
  await other.getByLabel("API key").fill(key);
  await other.getByRole("button", { name: "Sign in" }).click();
  await expect(other.getByRole("table", { name: "Balances" })).toContainText("1234.5");
  await other.close();

  await page.getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByText("Key revoked.")).toBeVisible();
  const again = await page.context().newPage();
  await again.goto(bourse.url);
  await again.getByLabel("API key").fill(key);
  await again.getByRole("button", { name: "Sign in" }).click();
  await expect(again.getByLabel("API key")).toHaveAttribute("aria-invalid", "true");
  await again.close();
});
