// The money one fill moves, pure, in whole units of the instrument's quote asset. The rule:
//
// - Rounding is cumulative per order: the order carries its exact notional N (Σ quantity × price)
//   and exact accrued fee F (Σ notional × fee rate), and each fill moves the rounded total after it
//   less the rounded total before it. An order's fills therefore move in all exactly what its whole
//   quantity would move rounded once, however it is split, and a hold sized on that covers them.
// - A buy pays the notional rounded up, ⌈N⌉; a sell receives it rounded down, ⌊N⌋. The venue
//   clearing account is the other side of the same amount, so every trade line is a whole unit and
//   the ledger stays exact; what rounding keeps (at most one unit per order) stays with the house.
// - The fee rounds up, ⌈F⌉: the house never pays a fraction it did not charge. A sell's fee is
//   never more than the fill brings in; what that leaves uncharged is charged by the order's next
//   fills (the house forgoes it only when the whole order's proceeds are below its fee).
import type { Instrument } from "../instruments/instruments.service.ts";
import type { FilledSoFar } from "../orders/orders.rules.ts";
import { filledSoFar } from "../orders/orders.rules.ts";
import type { OrderRow } from "../orders/orders.views.ts";
import { ceilTo, Decimal, floorTo } from "../shared/decimal.ts";

export interface FillMoney {
  quantity: Decimal;
  /** The quote the fill moves between the account and the venue clearing account. */
  notional: Decimal;
  /** The fee the fill charges, to the house. */
  fee: Decimal;
  /** The order's totals after the fill. */
  after: FilledSoFar;
}

export function fillMoney(
  order: Pick<OrderRow, "side" | "filled_notional" | "fee_accrued" | "fee_charged">,
  fill: { quantity: Decimal; price: Decimal; liquidity: "maker" | "taker" },
  instrument: Instrument,
): FillMoney {
  const d = instrument.quote_decimals;
  const before = filledSoFar(order);
  const exact = fill.quantity.times(fill.price);
  const rate = fill.liquidity === "maker" ? instrument.maker_fee_rate : instrument.taker_fee_rate;
  const notionalAfter = before.notional.plus(exact);
  const feeAccrued = before.feeAccrued.plus(exact.times(rate));
  const round = order.side === "buy" ? ceilTo : floorTo;
  const notional = round(notionalAfter, d).minus(round(before.notional, d));
  const owed = ceilTo(feeAccrued, d).minus(before.feeCharged);
  const fee = order.side === "sell" ? Decimal.max(0, Decimal.min(owed, notional)) : owed;
  return {
    quantity: fill.quantity,
    notional,
    fee,
    after: { notional: notionalAfter, feeAccrued, feeCharged: before.feeCharged.plus(fee) },
  };
}
