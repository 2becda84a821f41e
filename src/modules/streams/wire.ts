// What stream clients receive: `{ "type", "seq", "data" }` per account event (docs/streams.md).
// The log's `order.created` goes out as `order.updated` (status "pending"): the event types of the
// contract, and one sequence without holes.
import { ACTIVITY_VIEW_FIELDS } from "../activities/activities.views.ts";
import type { StoredEvent } from "../events/events.service.ts";
import { FILL_VIEW_FIELDS } from "../executions/executions.views.ts";
import { BALANCE_VIEW_FIELDS } from "../ledger/ledger.views.ts";
import { ORDER_VIEW_COLUMNS } from "../orders/orders.views.ts";

export interface WireEvent {
  seq: bigint;
  /** The message as sent, serialised once for every client of the account. */
  text: string;
}

const WIRE_TYPE: Record<string, string> = { "order.created": "order.updated" };

/**
 * The order of each type's `data` fields: its view's, as the REST API shows it. The wire sets the
 * order itself because the payload comes in two orders: live, as the writer built it; replayed,
 * from PostgreSQL's jsonb, which keeps no key order. Set here, a replayed event is the same text
 * as the live one. Fields not listed, and those of nested objects, follow in alphabetical order.
 */
const FIELD_ORDER: Record<string, readonly string[]> = {
  "order.updated": ORDER_VIEW_COLUMNS,
  "order.filled": ORDER_VIEW_COLUMNS,
  "fill.created": FILL_VIEW_FIELDS,
  "balance.updated": BALANCE_VIEW_FIELDS,
  "activity.created": ACTIVITY_VIEW_FIELDS,
};

function ordered(value: unknown, fields: readonly string[] = []): unknown {
  if (Array.isArray(value)) return value.map((v) => ordered(v));
  // Only plain objects: a Date or a Decimal is left for JSON.stringify to turn into its text.
  if (value === null || typeof value !== "object") return value;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const source = value as Record<string, unknown>;
  const keys = Object.keys(source);
  const first = fields.filter((f) => Object.hasOwn(source, f));
  // Live events are built in their view's order already: sent as they are, with no copy.
  const flat = keys.every((k) => source[k] === null || typeof source[k] !== "object");
  if (flat && first.length === keys.length && first.every((f, i) => f === keys[i])) return value;
  const rest = keys.filter((k) => !first.includes(k)).sort();
  return Object.fromEntries([...first, ...rest].map((k) => [k, ordered(source[k])]));
}

export function toWire(e: StoredEvent): WireEvent {
  const seq = BigInt(e.seq);
  const type = WIRE_TYPE[e.type] ?? e.type;
  const data = JSON.stringify(ordered(e.payload, FIELD_ORDER[type]));
  return { seq, text: `{"type":${JSON.stringify(type)},"seq":${seq},"data":${data}}` };
}

/** A pub/sub message: an account's committed events, oldest first, as sent to clients. */
export function encodeBatch(events: StoredEvent[]): string {
  return `[${events.map((e) => toWire(e).text).join(",")}]`;
}

export function decodeBatch(message: string): WireEvent[] {
  const items = JSON.parse(message) as { type: string; seq: number; data: unknown }[];
  return items.map((m) => ({ seq: BigInt(m.seq), text: JSON.stringify(m) }));
}
