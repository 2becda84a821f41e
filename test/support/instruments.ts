// The BTC-USD instrument as the unit tests of rules and planners use it (no database): tick 0.01,
// fees 0.1 % maker and 0.2 % taker, reference 50000, USD in cents; lot and minimum as given.
import type { Instrument } from "../../src/modules/instruments/instruments.service.ts";
import { Decimal } from "../../src/modules/shared/decimal.ts";

export const btcUsd = (o: { lot: string; min: string }): Instrument => ({
  symbol: "BTC-USD",
  base_asset: "BTC",
  quote_asset: "USD",
  tick_size: new Decimal("0.01"),
  lot_size: new Decimal(o.lot),
  min_quantity: new Decimal(o.min),
  maker_fee_rate: new Decimal("0.001"),
  taker_fee_rate: new Decimal("0.002"),
  reference_price: new Decimal("50000"),
  status: "trading",
  base_decimals: 8,
  quote_decimals: 2,
});
