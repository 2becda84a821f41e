// The liquidity provider: per market, several price levels of quotes on both sides around a
// mid that walks randomly, refreshed on a timer, so that market orders fill in demo mode and two
// accounts can still trade with each other inside the spread.
import { Decimal } from "decimal.js";
import { toSteps } from "./markets.ts";
import type { Venue } from "./venue.ts";

export interface LiquidityOptions {
  /** Levels quoted on each side. */
  depth: number;
  /** Distance from mid to the first bid and ask, as a fraction of mid (0.001 = 10 bp). */
  halfSpread: number;
  /** Distance between levels, as a fraction of mid. */
  levelStep: number;
  /** Quantity per level, in lots. */
  lotsPerLevel: number;
  /** Standard deviation of the mid's move per refresh, as a fraction. */
  volatility: number;
  refreshMs: number;
  seed: number;
}

export const DEFAULT_LIQUIDITY: LiquidityOptions = {
  depth: 5,
  halfSpread: 0.0005,
  levelStep: 0.0005,
  lotsPerLevel: 100_000,
  volatility: 0.0005,
  refreshMs: 1_000,
  seed: 42,
};

/** mulberry32: small, fast, seedable; for quotes, not for secrets. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export class LiquidityProvider {
  readonly #venue: Venue;
  readonly #o: LiquidityOptions;
  readonly #random: () => number;
  readonly #mids = new Map<string, number>();
  readonly #live = new Map<string, string[]>();
  #n = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(venue: Venue, o: LiquidityOptions = DEFAULT_LIQUIDITY) {
    this.#venue = venue;
    this.#o = o;
    this.#random = seededRandom(o.seed);
    for (const m of venue.markets()) this.#mids.set(m.symbol, toSteps(m.referencePrice, m.tickSize) ?? 1);
  }

  start(): void {
    this.refresh();
    this.#timer = setInterval(() => this.refresh(), this.#o.refreshMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** Moves each mid one step of the walk and re-quotes around it. */
  refresh(): void {
    for (const [symbol, mid] of this.#mids) {
      const moved = Math.max(1, Math.round(mid * (1 + this.#o.volatility * gaussian(this.#random))));
      this.#mids.set(symbol, moved);
      this.#quote(symbol, moved);
    }
  }

  #quote(symbol: string, mid: number): void {
    const house = this.#venue.house(symbol);
    for (const id of this.#live.get(symbol) ?? []) house.cancel(id);
    const ids: string[] = [];
    const tick = house.market.tickSize;
    const lots = new Decimal(house.market.lotSize).times(this.#o.lotsPerLevel).toFixed();
    for (let i = 0; i < this.#o.depth; i++) {
      const offset = Math.max(1, Math.round(mid * (this.#o.halfSpread + i * this.#o.levelStep)));
      for (const [side, price] of [
        ["buy", mid - offset],
        ["sell", mid + offset],
      ] as const) {
        if (price <= 0) continue;
        const id = `lp-${symbol}-${++this.#n}`;
        house.submit({
          client_order_id: id,
          side,
          type: "limit",
          time_in_force: "gtc",
          quantity: lots,
          price: new Decimal(tick).times(price).toFixed(),
        });
        ids.push(id);
      }
    }
    this.#live.set(symbol, ids);
  }
}
