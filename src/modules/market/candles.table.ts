import type { Generated } from "kysely";

export interface CandlesTable {
  symbol: string;
  interval: string;
  t: Date;
  o: string;
  h: string;
  l: string;
  c: string;
  v: string;
  n: number;
  updated_at: Generated<Date>;
}

export interface CandleFeedsTable {
  symbol: string;
  venue_boot: string;
  last_trade_id: string;
  updated_at: Generated<Date>;
}
