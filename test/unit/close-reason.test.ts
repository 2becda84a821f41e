import { describe, expect, test } from "vitest";
import { closeReason } from "../../src/http/routes/stream.routes.ts";

describe("a stream's close reason", () => {
  test("when the reason fits in 123 bytes, then it is kept", () => {
    expect(closeReason("this API key was revoked")).toBe("this API key was revoked");
  });

  test("when the reason is longer, then it is cut to 123 bytes of UTF-8, whole characters only", () => {
    const cut = closeReason("é".repeat(100));
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(123);
    expect(cut).toBe("é".repeat(61));
  });
});
