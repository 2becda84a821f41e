import { expect, test } from "vitest";
import { parseDecimal } from "../../src/modules/shared/decimal.ts";

test.each([
  ["0.1", "0.1"],
  [0.1, "0.1"],
  [50000, "50000"],
  ["50000.00", "50000"],
  [1e-7, "0.0000001"],
  [0.1 + 0.2, "0.30000000000000004"],
  [" 12.5 ", "12.5"],
])("when the wire value is %j, then it reads %s", (input, text) => {
  expect(parseDecimal(input)?.toFixed()).toBe(text);
});

test.each([
  ["1e3"],
  ["-1"],
  ["+1"],
  ["01"],
  [".5"],
  ["1."],
  ["abc"],
  [""],
  [Number.NaN],
  [Number.POSITIVE_INFINITY],
  [null],
  [true],
  ["1".repeat(21)],
])("when the wire value is %j, then it is refused", (input) => {
  expect(parseDecimal(input)).toBeUndefined();
});
