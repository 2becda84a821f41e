import fc from "fast-check";
import { expect, test } from "vitest";
import { Decimal, normalize, parseDecimal } from "../../src/modules/shared/decimal.ts";

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

test("normalize gives Decimal's canonical text for every plain NUMERIC text, and for other forms too", () => {
  const digits = fc.stringMatching(/^[0-9]{1,30}$/);
  const numeric = fc
    .tuple(fc.boolean(), digits, fc.option(digits, { nil: undefined }))
    .map(([negative, whole, fraction]) => {
      const int = whole.replace(/^0+(?=\d)/, "");
      return `${negative ? "-" : ""}${int}${fraction === undefined ? "" : `.${fraction}`}`;
    });
  fc.assert(
    fc.property(numeric, (text) => {
      expect(normalize(text)).toBe(new Decimal(text).toFixed());
    }),
    { numRuns: 5_000 },
  );
  for (const text of ["-0", "-0.000", "0.000", "10.00", "1e5", "007.50"])
    expect(normalize(text)).toBe(new Decimal(text).toFixed());
});
