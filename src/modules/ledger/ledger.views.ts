import { Decimal, normalize } from "../shared/decimal.ts";

export interface BalanceView {
  asset: string;
  total: string;
  available: string;
  held: string;
}

export const balanceView = (row: { asset: string; available: string; held: string }): BalanceView => ({
  asset: row.asset,
  total: new Decimal(row.available).plus(row.held).toFixed(),
  available: normalize(row.available),
  held: normalize(row.held),
});
