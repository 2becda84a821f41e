// Readable at 1280×800 and on a phone, and usable with the keyboard alone.
import { expect, signIn, test } from "./fixtures.ts";

for (const size of [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
]) {
  test(`when the console is ${size.width}×${size.height}, then nothing spills sideways out of the page`, async ({
    page,
    bourse,
  }) => {
    await page.setViewportSize(size);
    await signIn(page, bourse, bourse.credentials.api_key);
    await expect(page.getByRole("table", { name: "Balances" }).getByRole("row").nth(1)).toBeVisible();
    // What sticks out past the right edge, outside the tables' own scrolling boxes (named, so that
    // a failure says which).
    const spilling = await page.evaluate(() =>
      [...document.querySelectorAll("body *")]
        .filter(
          (e) => e.closest(".scroll") === null && e.getBoundingClientRect().right > window.innerWidth + 0.5,
        )
        .map(
          (e) => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`,
        ),
    );
    expect(spilling).toEqual([]);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0);
    await expect(page.getByRole("button", { name: "Place order" })).toBeInViewport({ ratio: 0 });
  });
}

test("when a user has only the keyboard, then a limit order can be typed and placed from the ticket", async ({
  page,
  bourse,
}) => {
  const account = await bourse.account();
  await signIn(page, bourse, account.key);
  const ticket = page.getByRole("region", { name: "Order ticket" });
  await ticket.getByLabel("Symbol").focus();
  await page.keyboard.press("Tab"); // Side: Buy
  await page.keyboard.press("ArrowRight"); // Sell
  await expect(ticket.getByRole("radio", { name: "Sell" })).toBeChecked();
  await page.keyboard.press("Tab"); // Type
  await expect(ticket.getByLabel("Type")).toBeFocused();
  await ticket.getByLabel("Type").selectOption({ label: "Limit" }); // a select takes its value from the keyboard too
  await page.keyboard.press("Tab");
  await expect(ticket.getByLabel("Quantity")).toBeFocused();
  await page.keyboard.type("0.01");
  await page.keyboard.press("Tab");
  await expect(ticket.getByLabel("Limit price")).toBeFocused();
  await page.keyboard.type("90000");
  await page.keyboard.press("Enter");
  await expect(
    page
      .getByRole("table", { name: "Open orders", exact: true })
      .getByRole("row")
      .filter({ hasText: "90000" }),
  ).toContainText("Sell");
});
