// The venue's 24-hour traded volume, kept per minute.
import { describe, expect, test } from "vitest";
import { RollingVolume } from "../../src/venue/volume.ts";

const MINUTE = 60_000;
const t0 = Date.UTC(2026, 10, 27, 12, 0, 0);

describe("rolling 24-hour volume", () => {
  test("when trades happen within a day, then the volume is their sum", () => {
    const v = new RollingVolume();
    v.add(t0, 3);
    v.add(t0 + 5 * MINUTE, 4);
    v.add(t0 + 23 * 60 * MINUTE, 5);
    expect(v.total(t0 + 23 * 60 * MINUTE + 30_000)).toBe(12);
  });

  test("when a trade's minute is 24 hours old, then it leaves the volume, and later ones stay", () => {
    const v = new RollingVolume();
    v.add(t0 + 10_000, 3);
    v.add(t0 + MINUTE, 4);
    expect(v.total(t0 + 1439 * MINUTE + 59_999)).toBe(7);
    expect(v.total(t0 + 1440 * MINUTE)).toBe(4);
    expect(v.total(t0 + 1441 * MINUTE)).toBe(0);
  });

  test("when nothing trades for days, then the volume is zero and new trades count again", () => {
    const v = new RollingVolume();
    v.add(t0, 9);
    expect(v.total(t0 + 3 * 1440 * MINUTE)).toBe(0);
    v.add(t0 + 3 * 1440 * MINUTE + 1, 2);
    expect(v.total(t0 + 3 * 1440 * MINUTE + 2)).toBe(2);
  });

  test("when the clock steps back, then a trade counts in the current minute and nothing is lost", () => {
    const v = new RollingVolume();
    v.add(t0 + 10 * MINUTE, 1);
    v.add(t0 + 9 * MINUTE, 2);
    expect(v.total(t0 + 10 * MINUTE)).toBe(3);
    expect(v.total(t0 + 1450 * MINUTE)).toBe(0);
  });
});
