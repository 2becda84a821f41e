// Positions: each open position has a Close button (DELETE /api/v1/positions/{symbol}); the close's
// error shows in its row, and a close that fills takes the position flat without a reload.
import { createBourseClient, unwrap } from "@bourse/client";
import { expect, expectNoReload, signIn, test } from "./fixtures.ts";

test("when Close is pressed on a position, then a refusal shows in its row, and a close that fills takes it flat", async ({
  page,
  bourse,
}) => {
  const account = await bourse.account();
  await signIn(page, bourse, account.key);
  const t = page.getByRole("region", { name: "Order ticket" });
  await t.getByLabel("Symbol").selectOption("BTC-USD");
  await t.getByLabel("Type").selectOption({ label: "Market" });
  await t.getByLabel("Quantity").fill("0.01");
  await t.getByRole("button", { name: "Place order" }).click();
  const row = page.getByRole("table", { name: "Positions", exact: true }).getByRole("row").filter({
    hasText: "BTC-USD",
  });
  await expect(row.getByRole("cell").nth(1)).toHaveText("0.01");

  // A resting sell that holds every BTC the account has: the close has nothing left to sell.
  const api = createBourseClient({ baseUrl: bourse.url, token: account.key });
  const all = (await unwrap(api.GET("/api/v1/account"))).balances.find((b) => b.asset === "BTC");
  const blocker = await unwrap(
    api.POST("/api/v1/orders", {
      body: {
        symbol: "BTC-USD",
        side: "sell",
        order_type: "limit",
        quantity: all?.available ?? "0",
        price: "1000000",
      },
    }),
  );
  await row.getByRole("button", { name: "Close" }).click();
  await expect(row.getByRole("alert")).toContainText(/insufficient|available/i);
  await expect(row.getByRole("cell").nth(1)).toHaveText("0.01");

  await unwrap(api.POST("/api/v1/orders/{id}/cancel", { params: { path: { id: blocker.id } } }));
  await expect
    .poll(
      async () => (await unwrap(api.GET("/api/v1/account"))).balances.find((b) => b.asset === "BTC")?.held,
    )
    .toMatch(/^0(\.0+)?$/);
  await row.getByRole("button", { name: "Close" }).click();
  await expect(row.getByRole("cell").nth(1)).toHaveText(/^0(\.0+)?$/);
  await expect(row.getByRole("alert")).toHaveCount(0);
  await expect(row.getByRole("button", { name: "Close" })).toHaveCount(0);
  await expectNoReload(page);
});
