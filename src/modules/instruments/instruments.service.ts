// Listed instruments: reference data read on every order, so kept in a short-lived cache.
import { Decimal, normalize, stepOf } from "../shared/decimal.ts";
import { DomainError } from "../shared/errors.ts";
import type { Executor } from "../shared/executor.ts";
import { findInstrument, listInstruments } from "./instruments.repository.ts";

export interface Instrument {
  symbol: string;
  base_asset: string;
  quote_asset: string;
  tick_size: Decimal;
  lot_size: Decimal;
  min_quantity: Decimal;
  maker_fee_rate: Decimal;
  taker_fee_rate: Decimal;
  reference_price: Decimal;
  status: "trading" | "halted";
  /** Bars opening before this are synthetic (the first start's backfill); null: none are. */
  candles_synthetic_until?: Date | null | undefined;
  /** How many decimals the base asset's money carries (a position, a sell's hold). */
  base_decimals: number;
  /** How many decimals the quote asset's money carries (notional, fees, a buy's hold). */
  quote_decimals: number;
}

type Row = NonNullable<Awaited<ReturnType<typeof findInstrument>>>;

const toInstrument = (r: Row): Instrument => ({
  symbol: r.symbol,
  base_asset: r.base_asset,
  quote_asset: r.quote_asset,
  tick_size: new Decimal(r.tick_size),
  lot_size: new Decimal(r.lot_size),
  min_quantity: new Decimal(r.min_quantity),
  maker_fee_rate: new Decimal(r.maker_fee_rate),
  taker_fee_rate: new Decimal(r.taker_fee_rate),
  reference_price: new Decimal(r.reference_price),
  status: r.status,
  candles_synthetic_until: r.candles_synthetic_until,
  base_decimals: r.base_decimals,
  quote_decimals: r.quote_decimals,
});

export const instrumentView = (i: Instrument) => ({
  symbol: i.symbol,
  base_asset: i.base_asset,
  quote_asset: i.quote_asset,
  tick_size: normalize(i.tick_size.toFixed()),
  lot_size: normalize(i.lot_size.toFixed()),
  min_quantity: normalize(i.min_quantity.toFixed()),
  maker_fee_rate: normalize(i.maker_fee_rate.toFixed()),
  taker_fee_rate: normalize(i.taker_fee_rate.toFixed()),
  base_asset_precision: stepOf(i.base_decimals),
  quote_asset_precision: stepOf(i.quote_decimals),
  status: i.status,
  candles_synthetic_until: i.candles_synthetic_until?.toISOString() ?? null,
});

/**
 * Instruments change rarely (listing, halting); a few seconds of staleness is the price of not
 * reading them on every order. Safe to lose: a miss reads PostgreSQL.
 */
export class InstrumentCatalog {
  readonly #db: Executor;
  readonly #ttlMs: number;
  #cache: { at: number; bySymbol: Map<string, Instrument> } | undefined;

  constructor(db: Executor, ttlMs = 5_000) {
    this.#db = db;
    this.#ttlMs = ttlMs;
  }

  async all(): Promise<Instrument[]> {
    return [...(await this.#load()).values()];
  }

  /** The precision (decimals) of every asset a listed instrument trades, by asset. */
  async assetDecimals(): Promise<Map<string, number>> {
    const decimals = new Map<string, number>();
    for (const i of await this.all()) {
      decimals.set(i.base_asset, i.base_decimals);
      decimals.set(i.quote_asset, i.quote_decimals);
    }
    return decimals;
  }

  /** The listed instrument, or UNKNOWN_SYMBOL. */
  async get(symbol: string): Promise<Instrument> {
    const found = (await this.#load()).get(symbol) ?? (await this.#reload(symbol));
    if (found === undefined) {
      throw new DomainError(
        "UNKNOWN_SYMBOL",
        `symbol '${symbol}' is not a listed instrument; see GET /api/v1/instruments`,
        { details: [{ path: "symbol", message: "not a listed instrument" }] },
      );
    }
    return found;
  }

  async #load(): Promise<Map<string, Instrument>> {
    if (this.#cache !== undefined && Date.now() - this.#cache.at < this.#ttlMs) return this.#cache.bySymbol;
    const rows = await listInstruments(this.#db);
    const bySymbol = new Map(rows.map((r) => [r.symbol, toInstrument(r)]));
    this.#cache = { at: Date.now(), bySymbol };
    return bySymbol;
  }

  /** A symbol listed since the cache was filled is found without waiting for the TTL. */
  async #reload(symbol: string): Promise<Instrument | undefined> {
    const row = await findInstrument(this.#db, symbol);
    if (row === undefined) return undefined;
    this.#cache = undefined;
    return toInstrument(row);
  }
}
