// The venue hands delivery the copies of reports it answered a submit with, apart from the others,
// when that submit finished the order: no later report of it can follow them (src/venue/delivery.ts
// holds such copies for a moment).
import { expect, test } from "vitest";
import { MARKETS } from "../../src/venue/markets.ts";
import type { ExecutionReport } from "../../src/venue/reports.ts";
import { type SubmitRequest, Venue } from "../../src/venue/venue.ts";
import { limitOrder } from "../support/venue-orders.ts";

function recording() {
  const calls: { reports: ExecutionReport[]; answered: ExecutionReport[] }[] = [];
  const venue = new Venue((reports, answered) => calls.push({ reports, answered }), MARKETS);
  return { venue, calls };
}

/** Orders at 100, with an empty book (no liquidity provider): they trade only with each other. */
const order = (id: string, o: Partial<SubmitRequest>): SubmitRequest =>
  limitOrder(id, { price: "100", ...o });

const ids = (reports: ExecutionReport[]) => reports.map((r) => r.order_id);

test("when a submit fills its order at once, then its reports are answered copies and the resting side's are not", () => {
  const { venue, calls } = recording();
  venue.submit(order("bob-sell", { owner: "bob", side: "sell", quantity: "2" }));
  const answer = venue.submit(order("alice-buy", { time_in_force: "ioc" }));
  const last = calls.at(-1);
  expect(answer.reports.map((r) => r.type)).toEqual(["trade"]);
  expect(last?.answered).toEqual(answer.reports);
  expect(ids(last?.reports ?? [])).toEqual(["bob-sell"]);
});

test("when a submit leaves its order working, then none of its reports are answered copies", () => {
  const { venue, calls } = recording();
  venue.submit(order("bob-sell", { owner: "bob", side: "sell", quantity: "1" }));
  const answer = venue.submit(order("alice-buy", { quantity: "3" }));
  const last = calls.at(-1);
  expect(answer.reports.map((r) => r.type)).toEqual(["trade"]);
  expect(last?.answered).toEqual([]);
  expect(ids(last?.reports ?? []).sort()).toEqual(["alice-buy", "bob-sell"]);
});

test("when an IOC order finds nothing to trade, then its expiry is an answered copy", () => {
  const { venue, calls } = recording();
  const answer = venue.submit(order("alice-ioc", { time_in_force: "ioc" }));
  expect(answer.reports.map((r) => r.type)).toEqual(["expired"]);
  expect(calls.at(-1)).toEqual({ reports: [], answered: answer.reports });
});
