// What stream clients receive: `{ "type", "seq", "data" }` per account event (docs/streams.md).
// The log's `order.created` goes out as `order.updated` (status "pending"): the four event types of
// the contract, and one sequence without holes.
import type { StoredEvent } from "../events/events.service.ts";

export interface WireEvent {
  seq: bigint;
  /** The message as sent, serialised once for every client of the account. */
  text: string;
}

const WIRE_TYPE: Record<string, string> = { "order.created": "order.updated" };

export function toWire(e: StoredEvent): WireEvent {
  const seq = BigInt(e.seq);
  const type = WIRE_TYPE[e.type] ?? e.type;
  return { seq, text: `{"type":${JSON.stringify(type)},"seq":${seq},"data":${JSON.stringify(e.payload)}}` };
}

/** A pub/sub message: an account's committed events, oldest first, as sent to clients. */
export function encodeBatch(events: StoredEvent[]): string {
  return `[${events.map((e) => toWire(e).text).join(",")}]`;
}

export function decodeBatch(message: string): WireEvent[] {
  const items = JSON.parse(message) as { type: string; seq: number; data: unknown }[];
  return items.map((m) => ({ seq: BigInt(m.seq), text: JSON.stringify(m) }));
}
