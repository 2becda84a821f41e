// Order, fill and event ids: UUIDv7 from a pool of random bytes.
import { validate, version } from "uuid";
import { describe, expect, test } from "vitest";
import { newId } from "../../src/modules/shared/ids.ts";

describe("ids", () => {
  test("when many ids are made at once, then each is a valid v7, all differ, and they sort in creation order", () => {
    const ids = Array.from({ length: 20_000 }, newId);
    for (const id of [ids[0], ids[4_321], ids.at(-1)] as string[]) {
      expect([validate(id), version(id)]).toEqual([true, 7]);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  test("when an id is made, then its first 48 bits are the current time in ms", () => {
    const before = Date.now();
    const id = newId();
    const ms = Number.parseInt(id.replace(/-/g, "").slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(Date.now() + 1);
  });
});
