// Decimal arithmetic for money and quantities. Never a binary float.
import { Decimal as DecimalJs } from "decimal.js";

export const Decimal = DecimalJs.clone({
  precision: 60,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  toExpNeg: -40,
  toExpPos: 60,
});
export type Decimal = InstanceType<typeof Decimal>;

const DECIMAL_TEXT = /^(?:0|[1-9]\d{0,19})(?:\.\d{1,20})?$/;

/**
 * Reads a wire value: a decimal string, or a JSON number taken from its shortest decimal text
 * (0.1 → "0.1"). Returns undefined for anything else (exponents, signs, NaN, too many digits).
 */
export function parseDecimal(value: unknown): Decimal | undefined {
  let text: string;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return undefined;
    text = new Decimal(value.toString()).toFixed();
  } else if (typeof value === "string") {
    text = value.trim();
  } else {
    return undefined;
  }
  if (!DECIMAL_TEXT.test(text)) return undefined;
  return new Decimal(text);
}

const PLAIN = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/**
 * Canonical text of a NUMERIC read from PostgreSQL (which may carry trailing zeros): the same as
 * `new Decimal(numeric).toFixed()`, by string surgery when the text is a plain decimal (as
 * PostgreSQL writes it): lists render thousands of these per second.
 */
export function normalize(numeric: string): string {
  if (!PLAIN.test(numeric)) return new Decimal(numeric).toFixed();
  let text = numeric;
  if (text.includes(".")) {
    let end = text.length;
    while (text.charCodeAt(end - 1) === 48) end--; // trailing "0"
    if (text.charCodeAt(end - 1) === 46) end--; // a bare "."
    text = text.slice(0, end);
  }
  return text === "-0" ? "0" : text;
}

/** True when value is a whole multiple of step. */
export const isMultipleOf = (value: Decimal, step: Decimal): boolean => value.mod(step).isZero();

/** `value` rounded up (towards +∞) to `decimals` decimals. */
export const ceilTo = (value: Decimal, decimals: number): Decimal =>
  value.toDecimalPlaces(decimals, Decimal.ROUND_CEIL);

/** `value` rounded down (towards −∞) to `decimals` decimals. */
export const floorTo = (value: Decimal, decimals: number): Decimal =>
  value.toDecimalPlaces(decimals, Decimal.ROUND_FLOOR);

/** The smallest amount of an asset with `decimals` decimals, as text: 2 → "0.01". */
export const stepOf = (decimals: number): string => new Decimal(10).pow(-decimals).toFixed();

/** True when `value` has more decimals than `decimals` (trailing zeros do not count). */
export const exceedsDecimals = (value: Decimal, decimals: number): boolean =>
  value.decimalPlaces() > decimals;
