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

/** Canonical text of a NUMERIC read from PostgreSQL (which may carry trailing zeros). */
export const normalize = (numeric: string): string => new Decimal(numeric).toFixed();

/** True when value is a whole multiple of step. */
export const isMultipleOf = (value: Decimal, step: Decimal): boolean => value.mod(step).isZero();
