// The venue's listed markets. The venue is its own system: it keeps its own list (the same
// instruments the OMS lists by migration) and converts decimal wire values to the engine's
// integer ticks and lots exactly, refusing anything off the grid.
import { Decimal } from "decimal.js";

export interface Market {
  symbol: string;
  tickSize: string;
  lotSize: string;
  /** Where the liquidity provider starts its random walk. */
  referencePrice: string;
}

export const MARKETS: readonly Market[] = [
  { symbol: "BTC-USD", tickSize: "0.01", lotSize: "0.00001", referencePrice: "50000" },
  { symbol: "ETH-USD", tickSize: "0.01", lotSize: "0.0001", referencePrice: "3000" },
  { symbol: "SOL-USD", tickSize: "0.001", lotSize: "0.01", referencePrice: "150" },
];

/** Decimal text → integer number of steps, or undefined when not an exact, safe multiple. */
export function toSteps(value: string, step: string): number | undefined {
  const units = new Decimal(value).div(step);
  if (!units.isInteger() || units.lte(0) || units.gt(Number.MAX_SAFE_INTEGER)) return undefined;
  return units.toNumber();
}

/** Integer steps → canonical decimal text. */
export const fromSteps = (steps: number, step: string): string => new Decimal(step).times(steps).toFixed();
