import { expect, test } from "vitest";
import {
  assertBalanced,
  holdLines,
  UnbalancedJournalError,
} from "../../src/modules/ledger/ledger.service.ts";
import { Decimal } from "../../src/modules/shared/decimal.ts";

test("when a hold moves available to held, then the journal balances", () => {
  expect(() => assertBalanced(holdLines("a", "USD", new Decimal("5000")))).not.toThrow();
});

test("when a journal does not sum to zero per asset, then it is refused", () => {
  expect(() =>
    assertBalanced([
      { accountId: "a", asset: "USD", bucket: "available", amount: new Decimal("-10") },
      { accountId: "b", asset: "BTC", bucket: "available", amount: new Decimal("10") },
    ]),
  ).toThrow(UnbalancedJournalError);
});
