import { getHeapSpaceStatistics } from "node:v8";
import { runInNewContext } from "node:vm";
import { expect, test } from "vitest";
import { releaseStartupMemory } from "../../src/platform/startup-memory.ts";

const newSpaceMiB = () =>
  (getHeapSpaceStatistics().find((s) => s.space_name === "new_space")?.space_size ?? 0) / 2 ** 20;

test("when the young generation has grown, then releaseStartupMemory shrinks it and leaves gc unexposed", () => {
  // Objects that survive scavenges grow the young generation, as loading modules does.
  let kept: object[][] | undefined = [];
  for (let i = 0; i < 40; i++) kept.push(Array.from({ length: 20_000 }, (_, j) => ({ i, j })));
  expect(newSpaceMiB()).toBeGreaterThan(4);
  kept = undefined;
  releaseStartupMemory();
  expect(newSpaceMiB()).toBeLessThanOrEqual(2);
  expect(runInNewContext("typeof gc")).toBe("undefined");
});
