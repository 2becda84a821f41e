// Idempotency-Key: the first response to a write is kept per credential, and the same request
// under the same key gets it again instead of running twice. Records live in PostgreSQL so that
// every API process sees every claim. A request claims its key before it runs (so a concurrent
// duplicate is refused, not run), and its response is kept before it is sent (so a client that
// saw an answer always gets the same one back).
import { createHash } from "node:crypto";
import { DomainError } from "../shared/errors.ts";
import type { Executor } from "../shared/executor.ts";
import { newId } from "../shared/ids.ts";
import {
  claimKey,
  deleteExpired,
  findKey,
  type KeyRef,
  keepResponse,
  releaseKey,
} from "./idempotency.repository.ts";

/** How long a response is kept: the contract's 24 hours. */
export const KEEP_MS = 24 * 60 * 60 * 1_000;
/**
 * How long a claim stands without an answer before another request may take it over: its process
 * may have died. Longer than any request runs (venue calls time out well within it).
 */
export const LAPSE_MS = 60_000;

/** 1–255 printable ASCII characters. */
export const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;

export interface WriteRequest {
  method: string;
  /** The path with its query string. */
  path: string;
  /** The parsed JSON body, or undefined without one. */
  body: unknown;
}

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type Claimed =
  | { kind: "claimed"; ref: KeyRef & { claim: string } }
  | ({ kind: "replay" } & StoredResponse);

export const fingerprintOf = (r: WriteRequest): Buffer =>
  createHash("sha256")
    .update(`${r.method}\n${r.path}\n${r.body === undefined ? "" : JSON.stringify(r.body)}`)
    .digest();

export class IdempotencyKeys {
  readonly #db: Executor;
  constructor(db: Executor) {
    this.#db = db;
  }

  /**
   * Claims `ref` for this request, or answers with the kept response of the same request. A
   * different request under the key is IDEMPOTENCY_MISMATCH; the same one still running, CONFLICT.
   */
  async claim(ref: KeyRef, request: WriteRequest): Promise<Claimed> {
    const fingerprint = fingerprintOf(request);
    const claim = newId();
    const c = { ...ref, method: request.method, path: request.path, fingerprint, claim };
    // The record may expire or lapse between the two reads: then claim again, once.
    for (let attempt = 0; attempt < 2; attempt++) {
      if (await claimKey(this.#db, { ...c, lapseMs: LAPSE_MS, keepMs: KEEP_MS }))
        return { kind: "claimed", ref: { ...ref, claim } };
      const found = await findKey(this.#db, ref);
      if (found === undefined) continue;
      if (!found.fingerprint.equals(fingerprint)) {
        throw new DomainError(
          "IDEMPOTENCY_MISMATCH",
          `this Idempotency-Key was used for another request (${found.method} ${found.path} with its own body); use a new key for a new request`,
        );
      }
      if (found.status !== null && found.body !== null)
        return { kind: "replay", status: found.status, headers: found.headers ?? {}, body: found.body };
      break;
    }
    throw new DomainError(
      "CONFLICT",
      "a request with this Idempotency-Key is still running; retry once it has answered",
    );
  }

  /** Keeps the response of a claimed request; false when its claim had lapsed and was taken over. */
  async keep(ref: KeyRef & { claim: string }, response: StoredResponse): Promise<boolean> {
    return await keepResponse(this.#db, ref, response);
  }

  /** Forgets a claimed request (it failed on the server's side): the key may be used again. */
  async release(ref: KeyRef & { claim: string }): Promise<void> {
    await releaseKey(this.#db, ref);
  }

  /** Deletes expired records, a batch at a time; returns how many. */
  async purge(batch = 5_000): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await deleteExpired(this.#db, batch);
      total += n;
      if (n < batch) return total;
    }
  }
}
