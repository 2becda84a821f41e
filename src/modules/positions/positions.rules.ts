// Position accounting, pure: quantity is signed (long > 0, short < 0); the average entry price is
// that of the open quantity; closing quantity realizes (exit − entry) × closed for a long, the
// opposite for a short. A fill that crosses zero closes the old side and opens the new at its price.
import { Decimal } from "../shared/decimal.ts";

export interface Position {
  quantity: Decimal;
  averageEntryPrice: Decimal;
  realizedPnl: Decimal;
}

export const flat = (): Position => ({
  quantity: new Decimal(0),
  averageEntryPrice: new Decimal(0),
  realizedPnl: new Decimal(0),
});

export function applyFill(p: Position, side: "buy" | "sell", quantity: Decimal, price: Decimal): Position {
  const signed = side === "buy" ? quantity : quantity.negated();
  const sameDirection = p.quantity.isZero() || p.quantity.isPositive() === signed.isPositive();
  if (sameDirection) {
    const total = p.quantity.plus(signed);
    const cost = p.quantity.abs().times(p.averageEntryPrice).plus(quantity.times(price));
    return { quantity: total, averageEntryPrice: cost.div(total.abs()), realizedPnl: p.realizedPnl };
  }
  const closing = Decimal.min(quantity, p.quantity.abs());
  const perUnit = p.quantity.isPositive()
    ? price.minus(p.averageEntryPrice)
    : p.averageEntryPrice.minus(price);
  const realizedPnl = p.realizedPnl.plus(perUnit.times(closing));
  const total = p.quantity.plus(signed);
  if (total.isZero()) return { quantity: total, averageEntryPrice: new Decimal(0), realizedPnl };
  // Crossed zero: what is left opens at this fill's price.
  const flipped = total.isPositive() !== p.quantity.isPositive();
  return { quantity: total, averageEntryPrice: flipped ? price : p.averageEntryPrice, realizedPnl };
}

/** Mark-to-market profit of the open quantity at `market`. */
export const unrealizedPnl = (p: Position, market: Decimal): Decimal =>
  market.minus(p.averageEntryPrice).times(p.quantity);
