import { expect, test } from "vitest";
import {
  applyFill,
  flat,
  type Position,
  unrealizedPnl,
} from "../../src/modules/positions/positions.rules.ts";
import { Decimal } from "../../src/modules/shared/decimal.ts";

type Step = ["buy" | "sell", string, string];
const run = (steps: Step[]): Position =>
  steps.reduce((p, [side, q, px]) => applyFill(p, side, new Decimal(q), new Decimal(px)), flat());
const view = (p: Position) => [p.quantity.toFixed(), p.averageEntryPrice.toFixed(), p.realizedPnl.toFixed()];

test.each<[string, Step[], string[]]>([
  ["one buy opens a long", [["buy", "1", "100"]], ["1", "100", "0"]],
  [
    "two buys average the entry",
    [
      ["buy", "1", "100"],
      ["buy", "3", "200"],
    ],
    ["4", "175", "0"],
  ],
  [
    "a partial sell realizes on the closed part",
    [
      ["buy", "2", "100"],
      ["sell", "0.5", "120"],
    ],
    ["1.5", "100", "10"],
  ],
  [
    "selling all flattens",
    [
      ["buy", "2", "100"],
      ["sell", "2", "90"],
    ],
    ["0", "0", "-20"],
  ],
  [
    "a sell through zero opens a short at its price",
    [
      ["buy", "1", "100"],
      ["sell", "3", "110"],
    ],
    ["-2", "110", "10"],
  ],
  [
    "a short gains when the price falls",
    [
      ["sell", "2", "100"],
      ["buy", "1", "80"],
    ],
    ["-1", "100", "20"],
  ],
  [
    "a short adds at a new average",
    [
      ["sell", "1", "100"],
      ["sell", "1", "110"],
    ],
    ["-2", "105", "0"],
  ],
])("when %s, then quantity / entry / realized are %j", (_name, steps, expected) => {
  expect(view(run(steps))).toEqual(expected);
});

test("when the market moves, then unrealized PnL follows the open quantity's sign", () => {
  expect(unrealizedPnl(run([["buy", "2", "100"]]), new Decimal("110")).toFixed()).toBe("20");
  expect(unrealizedPnl(run([["sell", "2", "100"]]), new Decimal("110")).toFixed()).toBe("-20");
});
