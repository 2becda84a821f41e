import { describe, expect, test } from "vitest";
import { errorBody, STATUS_BY_CODE } from "../../src/http/errors.ts";
import { DomainError, ERROR_CODES } from "../../src/modules/shared/errors.ts";

describe("error codes", () => {
  test("when any code is answered, then it has a client or server error status", () => {
    for (const code of ERROR_CODES) {
      expect(STATUS_BY_CODE[code]).toBeGreaterThanOrEqual(400);
      expect(STATUS_BY_CODE[code]).toBeLessThan(600);
    }
    expect(Object.keys(STATUS_BY_CODE).sort()).toEqual([...ERROR_CODES].sort());
  });

  test("when a code is misspelt, then it does not compile", () => {
    // @ts-expect-error: a code outside ERROR_CODES is refused by the type checker
    const error = new DomainError("NOT_FOUNDD", "typo");
    // @ts-expect-error: so is an error body with one
    const body = errorBody("UNAUTHORISED", "typo");
    expect([error.code, body.error.code]).toEqual(["NOT_FOUNDD", "UNAUTHORISED"]);
  });
});
