import { randomFillSync } from "node:crypto";
import { v7 } from "uuid";

/**
 * Random bytes for ids, drawn 4 KiB at a time: uuid's own v7() asks the system for 16 bytes per
 * id, a system call per id, and an order takes many ids. The pool never hands out the same bytes
 * twice. Written here because uuid's v7 offers no pooled source of bytes.
 */
const pool = Buffer.alloc(4096);
let taken = pool.length;
/** uuid's v7 sequence, kept here as v7() keeps it when it draws its own bytes (RFC 9562, method 1). */
const last = { msecs: Number.NEGATIVE_INFINITY, seq: 0 };

/** Time-ordered UUIDv7, monotonic within this process: ids sort by creation, so newest-first lists page by id. */
export function newId(): string {
  if (taken + 16 > pool.length) {
    randomFillSync(pool);
    taken = 0;
  }
  const random = pool.subarray(taken, taken + 16);
  taken += 16;
  const now = Date.now();
  if (now > last.msecs) {
    last.msecs = now;
    last.seq = random.readUInt32BE(6) & 0x7fffffff; // bytes 6–9, top bit clear, as v7() seeds it
  } else {
    last.seq = (last.seq + 1) | 0;
    if (last.seq === 0) last.msecs++;
  }
  return v7({ random, msecs: last.msecs, seq: last.seq });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID.test(value);
