// The ledger lines of one trade, pure: base and quote exchanged with the venue's clearing account,
// the fee to the house, and the part of the order's hold the fill frees. The quote amounts come
// rounded to the asset's precision (fill-money.ts), so every line is a whole unit.
import type { Instrument } from "../instruments/instruments.service.ts";
import { FEES_ACCOUNT_ID, VENUE_ACCOUNT_ID } from "../ledger/ledger.accounts.ts";
import type { JournalLine } from "../ledger/ledger.service.ts";
import type { OrderRow } from "../orders/orders.views.ts";
import type { Decimal } from "../shared/decimal.ts";

/**
 * Ledger lines of one trade: `notional` is the quote exchanged with the venue, `fee` the house's,
 * `release` the part of the hold this fill frees.
 */
export function tradeLines(o: {
  order: OrderRow;
  instrument: Instrument;
  quantity: Decimal;
  notional: Decimal;
  fee: Decimal;
  release: Decimal;
}): JournalLine[] {
  const { order, instrument, quantity, fee, release } = o;
  const cost = o.notional;
  const [base, quote, user] = [instrument.base_asset, instrument.quote_asset, order.account_id];
  const line = (accountId: string, asset: string, bucket: "available" | "held", amount: Decimal) => ({
    accountId,
    asset,
    bucket,
    amount,
  });
  if (order.side === "buy") {
    return [
      line(user, quote, "held", release.negated()),
      line(user, quote, "available", release.minus(cost).minus(fee)),
      line(VENUE_ACCOUNT_ID, quote, "available", cost),
      line(FEES_ACCOUNT_ID, quote, "available", fee),
      line(VENUE_ACCOUNT_ID, base, "available", quantity.negated()),
      line(user, base, "available", quantity),
    ];
  }
  return [
    line(user, base, "held", release.negated()),
    line(VENUE_ACCOUNT_ID, base, "available", quantity),
    line(VENUE_ACCOUNT_ID, quote, "available", cost.negated()),
    line(user, quote, "available", cost.minus(fee)),
    line(FEES_ACCOUNT_ID, quote, "available", fee),
  ];
}
