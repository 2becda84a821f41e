// The list page renderer (orders.pages.ts) writes what the route's response schema wrote for the
// same rows before pages were cached: byte for byte, for any strings and NUMERIC texts.
import fc from "fast-check";
import { expect, test } from "vitest";
import { renderPage } from "../../src/modules/orders/orders.pages.ts";
import type { OrderPageRow } from "../../src/modules/orders/orders.repository.ts";
import { ORDER_STATUSES } from "../../src/modules/orders/orders.table.ts";
import { type OrderViewRow, orderView } from "../../src/modules/orders/orders.views.ts";
import { toPage } from "../../src/modules/shared/pagination.ts";
import { serializeOrderPage } from "../support/orders.ts";

const numeric = fc
  .tuple(fc.boolean(), fc.stringMatching(/^[0-9]{1,20}$/), fc.option(fc.stringMatching(/^[0-9]{1,12}$/)))
  .map(([negative, whole, fraction]) => {
    const int = whole.replace(/^0+(?=\d)/, "");
    return `${negative ? "-" : ""}${int}${fraction === null ? "" : `.${fraction}`}`;
  });
// Any text, control characters, quotes, backslashes, non-ASCII and surrogate pairs included.
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.constantFrom('"', "\\", "\u2028", "😀", "\ud800", "a\udc00b", "\u0000\u001f\u007f"),
);
const time = fc.date({
  min: new Date("2000-01-01T00:00:00Z"),
  max: new Date("2100-01-01T00:00:00Z"),
  noInvalidDate: true,
});

const row: fc.Arbitrary<OrderViewRow> = fc.record({
  id: fc.uuid(),
  client_order_id: fc.option(text),
  symbol: text,
  side: fc.constantFrom("buy", "sell"),
  order_type: fc.constantFrom("market", "limit", "stop", "stop_limit", "trailing_stop"),
  time_in_force: fc.constantFrom("gtc", "ioc", "fok", "day", "gtd"),
  quantity: numeric,
  price: fc.option(numeric),
  trigger_price: fc.option(numeric),
  trail_price: fc.option(numeric),
  trail_percent: fc.option(numeric),
  hwm: fc.option(numeric),
  order_class: fc.constantFrom("simple", "bracket", "oco", "oto"),
  parent_order_id: fc.option(fc.uuid()),
  status: fc.constantFrom(...ORDER_STATUSES),
  filled_quantity: numeric,
  average_fill_price: fc.option(numeric),
  reject_reason: fc.option(text),
  created_at: time,
  updated_at: time,
  post_only: fc.boolean(),
  expire_at: fc.option(time),
  notional: fc.option(numeric),
});

/** A time as PostgreSQL writes `(t at time zone 'UTC')::text`: no trailing zeros in the fraction. */
const utcText = (d: Date) =>
  d
    .toISOString()
    .replace("T", " ")
    .replace(/\.?0*Z$/, "");

/** The row as listOrdersAt reads it. */
const asPageRow = (r: OrderViewRow): OrderPageRow => ({
  ...r,
  created_at: utcText(r.created_at),
  updated_at: utcText(r.updated_at),
  expire_at: r.expire_at === null ? null : utcText(r.expire_at),
});

test("when any rows are rendered, then the page is the response schema's bytes for them", () => {
  fc.assert(
    fc.property(fc.array(row, { maxLength: 8 }), fc.integer({ min: 1, max: 8 }), (rows, limit) => {
      expect(renderPage(rows.map(asPageRow), limit)).toBe(
        serializeOrderPage(toPage(rows.map(orderView), limit)),
      );
    }),
    { numRuns: 2_000 },
  );
});
