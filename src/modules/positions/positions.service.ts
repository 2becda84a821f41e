// Positions marked to the venue's last price.
import { Decimal, normalize } from "../shared/decimal.ts";
import type { Executor } from "../shared/executor.ts";
import { listPositions } from "./positions.repository.ts";
import { unrealizedPnl } from "./positions.rules.ts";

/** The venue's last trade price of a symbol, or undefined when it is not known right now. */
export type MarketPrice = (symbol: string) => Promise<string | undefined>;

export async function positionsOf(db: Executor, accountId: string, marketPrice: MarketPrice) {
  const rows = (await listPositions(db, accountId)).filter(
    (p) => !new Decimal(p.quantity).isZero() || !new Decimal(p.realized_pnl).isZero(),
  );
  return await Promise.all(
    rows.map(async (p) => {
      const market = await marketPrice(p.symbol).catch(() => undefined);
      const position = {
        quantity: new Decimal(p.quantity),
        averageEntryPrice: new Decimal(p.average_entry_price),
        realizedPnl: new Decimal(p.realized_pnl),
      };
      return {
        symbol: p.symbol,
        quantity: normalize(p.quantity),
        average_entry_price: normalize(p.average_entry_price),
        market_price: market ?? null,
        unrealized_pnl: market === undefined ? null : unrealizedPnl(position, new Decimal(market)).toFixed(),
        realized_pnl: normalize(p.realized_pnl),
      };
    }),
  );
}
