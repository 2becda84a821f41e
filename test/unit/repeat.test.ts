import { setTimeout as sleep } from "node:timers/promises";
import { expect, test } from "vitest";
import { repeat } from "../../src/platform/repeat.ts";

test("when work overruns the interval, then runs never overlap, a failure does not stop the next, and stop waits for the run in progress", async () => {
  let running = 0;
  let most = 0;
  let runs = 0;
  let finished = 0;
  const failures: unknown[] = [];
  const r = repeat(
    5,
    async () => {
      running++;
      most = Math.max(most, running);
      runs++;
      await sleep(20);
      running--;
      finished++;
      if (runs === 1) throw new Error("first run fails");
    },
    (error) => failures.push(error),
  );
  await sleep(120);
  await r.stop();
  expect(most).toBe(1);
  expect(runs).toBeGreaterThanOrEqual(3);
  expect(failures).toHaveLength(1);
  expect(finished).toBe(runs);
  const after = runs;
  await sleep(30);
  expect(runs).toBe(after);
});
