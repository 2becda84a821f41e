import { Decimal, normalize } from "../shared/decimal.ts";

export interface BalanceView {
  asset: string;
  total: string;
  available: string;
  held: string;
}

/** A balance view's fields in the order it shows them; stream events keep it (streams/wire.ts). */
export const BALANCE_VIEW_FIELDS = [
  "asset",
  "total",
  "available",
  "held",
] as const satisfies readonly (keyof BalanceView)[];

export const balanceView = (row: { asset: string; available: string; held: string }): BalanceView => ({
  asset: row.asset,
  total: new Decimal(row.available).plus(row.held).toFixed(),
  available: normalize(row.available),
  held: normalize(row.held),
});
