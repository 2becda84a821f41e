// What placement refuses before and after its transaction: an order the instrument does not take,
// and the words of a refusal for funds.
import type { Instrument } from "../instruments/instruments.service.ts";
import { balancesOf } from "../ledger/ledger.service.ts";
import { expiryViolations, instrumentViolations } from "../orders/orders.rules.ts";
import type { CreateOrderInput } from "../orders/orders.schema.ts";
import type { Decimal } from "../shared/decimal.ts";
import { DomainError, validation } from "../shared/errors.ts";
import type { Executor } from "../shared/executor.ts";

export const priceOf = (input: CreateOrderInput) => ("price" in input ? input.price : undefined);
export const triggerOf = (input: CreateOrderInput) =>
  "trigger_price" in input ? input.trigger_price : undefined;

export function checkPlaceable(input: CreateOrderInput, instrument: Instrument, now = new Date()): void {
  if (instrument.status !== "trading") {
    throw new DomainError("INSTRUMENT_HALTED", `${instrument.symbol} is halted; orders are not accepted`);
  }
  const problems = [...instrumentViolations(input, instrument), ...expiryViolations(input, now)];
  if (problems.length > 0) throw validation(problems);
}

/**
 * The refusal, with what the order needs and what the account has. The available figure is a
 * plain read after the refusal, not the figure the placement compared: it may have moved in
 * between, which is acceptable for a figure that only informs the client.
 */
export async function insufficientFunds(
  db: Executor,
  accountId: string,
  hold: { asset: string; amount: Decimal },
): Promise<DomainError> {
  const balances = await balancesOf(db, accountId);
  const available = balances.find((b) => b.asset === hold.asset)?.available ?? "0";
  const needed = `${hold.amount.toFixed()} ${hold.asset}`;
  const has = `${available} ${hold.asset}`;
  return new DomainError(
    "INSUFFICIENT_FUNDS",
    `not enough available ${hold.asset}: this order needs ${needed}; ${has} is available`,
    {
      details: [
        { path: "needed", message: needed },
        { path: "available", message: has },
      ],
    },
  );
}
