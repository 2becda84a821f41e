// The venue takes an order class in one submit: its legs are reported accepted before anything
// the class did, the answer carries the parent's own reports, and a class it refuses is refused
// whole (its legs reported rejected with it).
import { expect, test } from "vitest";
import { MARKETS } from "../../src/venue/markets.ts";
import type { ExecutionReport } from "../../src/venue/reports.ts";
import { type SubmitRequest, Venue } from "../../src/venue/venue.ts";
import { limitOrder } from "../support/venue-orders.ts";

function recording() {
  const sent: ExecutionReport[] = [];
  const venue = new Venue((reports, answered) => sent.push(...reports, ...answered), MARKETS);
  return { venue, sent };
}

const oco = (stop: Partial<NonNullable<SubmitRequest["legs"]>[number]> = {}): SubmitRequest =>
  limitOrder("tp", {
    side: "sell",
    price: "60000",
    order_class: "oco",
    legs: [
      {
        client_order_id: "sl",
        side: "sell",
        type: "stop",
        time_in_force: "gtc",
        quantity: "1",
        trigger_price: "40000",
        ...stop,
      },
    ],
  });

test("when an oco is submitted, then its stop leg is reported accepted, both legs work, and the answer is the parent's", () => {
  const { venue, sent } = recording();
  const answer = venue.submit(oco());
  expect(answer.order).toMatchObject({ id: "tp", status: "open" });
  expect(answer.reports).toEqual([]);
  expect(sent.map((r) => [r.order_id, r.type])).toEqual([["sl", "accepted"]]);
  expect(venue.get("sl").order).toMatchObject({ status: "pending_trigger", remainingQuantity: 100_000 });
  // A repeated submit answers with the class as it is.
  expect(venue.submit(oco()).created).toBe(false);
  // Cancelling the stop leg cancels its partner.
  venue.cancel("sl");
  expect(sent.filter((r) => r.type === "cancelled").map((r) => [r.order_id, r.reason])).toEqual([
    ["sl", "user"],
    ["tp", "oco"],
  ]);
});

test("when a class's legs do not fit its rules, then every order of it is rejected and reported so", () => {
  const { venue, sent } = recording();
  venue.submit(oco({ side: "buy" }));
  expect(sent.map((r) => [r.order_id, r.type]).sort()).toEqual([
    ["sl", "rejected"],
    ["tp", "rejected"],
  ]);
});
