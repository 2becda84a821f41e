import type { Generated } from "kysely";

export interface InstrumentsTable {
  symbol: string;
  base_asset: string;
  quote_asset: string;
  tick_size: string;
  lot_size: string;
  min_quantity: string;
  maker_fee_rate: string;
  taker_fee_rate: string;
  reference_price: string;
  status: Generated<"trading" | "halted">;
  /** Bars of this instrument opening before this time are synthetic (a first start's backfill). */
  candles_synthetic_until: Date | null;
  created_at: Generated<Date>;
}

/** An asset's precision: its money (balances, holds, ledger entries, fees) has at most `decimals` decimals. */
export interface AssetsTable {
  asset: string;
  decimals: number;
  created_at: Generated<Date>;
}
