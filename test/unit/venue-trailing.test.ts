// The venue reports a trailing stop's mark as it moves, at most once a second per order: the
// first move at once, the latest of the later ones when the second is over, nothing once the order
// ended; of its moves it keeps only the latest for reconciliation.
import { afterEach, expect, test, vi } from "vitest";
import { MARKETS } from "../../src/venue/markets.ts";
import type { ExecutionReport } from "../../src/venue/reports.ts";
import { TrailReports } from "../../src/venue/trail-reports.ts";
import { type SubmitRequest, Venue } from "../../src/venue/venue.ts";
import { limitOrder } from "../support/venue-orders.ts";

afterEach(() => {
  vi.useRealTimers();
});

function recording() {
  const sent: ExecutionReport[] = [];
  const venue = new Venue((reports, answered) => sent.push(...reports, ...answered), MARKETS);
  return { venue, sent };
}

let n = 0;
/** A trade at `price` between two other accounts. */
function tradeAt(venue: Venue, price: string): void {
  n += 1;
  venue.submit(limitOrder(`m${n}`, { owner: "mm", side: "sell", price, quantity: "0.001" }));
  venue.submit(limitOrder(`t${n}`, { owner: "tk", side: "buy", price, quantity: "0.001" }));
}

const trailing = (o: Partial<SubmitRequest> = {}): SubmitRequest => {
  const { price: _, ...rest } = limitOrder("ts", {
    owner: "alice",
    side: "sell",
    type: "trailing_stop",
    trail_price: "100",
    ...o,
  });
  return rest;
};

const trails = (reports: ExecutionReport[]) =>
  reports.filter((r) => r.type === "trail").map((r) => ({ hwm: r.hwm, trigger_price: r.trigger_price }));

test("when a trailing stop is accepted and the price rises twice within a second, then the OMS hears of the start at once and of the latest mark a second later", () => {
  vi.useFakeTimers();
  const { venue, sent } = recording();
  tradeAt(venue, "50000");
  const answer = venue.submit(trailing());
  expect(trails(answer.reports)).toEqual([{ hwm: "50000", trigger_price: "49900" }]);
  expect(answer.order).toMatchObject({ status: "pending_trigger", hwm: 5_000_000, triggerPrice: 4_990_000 });
  tradeAt(venue, "50100");
  tradeAt(venue, "50200");
  expect(trails(sent)).toEqual([{ hwm: "50000", trigger_price: "49900" }]);
  vi.advanceTimersByTime(1_000);
  expect(trails(sent)).toEqual([
    { hwm: "50000", trigger_price: "49900" },
    { hwm: "50200", trigger_price: "50100" },
  ]);
  expect(sent.filter((r) => r.type === "trail").map((r) => r.execution_id)).toEqual([
    "ts:trail:50000",
    "ts:trail:50200",
  ]);
  // Reconciliation reads the latest move only.
  expect(trails(venue.executions("ts"))).toEqual([{ hwm: "50200", trigger_price: "50100" }]);
});

test("when a trailing stop fires within the second after a move, then the held move is dropped and its fill is reported", () => {
  vi.useFakeTimers();
  const { venue, sent } = recording();
  tradeAt(venue, "50000");
  venue.submit(limitOrder("bid", { owner: "mm", side: "buy", price: "49000", quantity: "5" }));
  venue.submit(trailing({ quantity: "0.5", trail_price: undefined, trail_percent: "1" }));
  tradeAt(venue, "50500"); // held: trigger 49995
  tradeAt(venue, "49990"); // fires; sells into the bid at 49000
  vi.advanceTimersByTime(2_000);
  const mine = sent.filter((r) => r.order_id === "ts");
  expect(mine.map((r) => r.type)).toEqual(["trail", "trade"]);
  expect(mine[1]).toMatchObject({ price: "49000", quantity: "0.5" });
});

test("when the throttle holds moves of two orders, then each goes out a second after its own last", () => {
  vi.useFakeTimers();
  const out: string[] = [];
  const throttle = new TrailReports((r) => out.push(r.execution_id));
  const report = (order: string, hwm: string): ExecutionReport => ({
    execution_id: `${order}:trail:${hwm}`,
    order_id: order,
    type: "trail",
    hwm,
    trigger_price: "1",
    executed_at: new Date().toISOString(),
  });
  expect(throttle.offer(report("a", "1"))).toBe(true);
  vi.advanceTimersByTime(400);
  expect(throttle.offer(report("b", "1"))).toBe(true);
  expect(throttle.offer(report("a", "2"))).toBe(false);
  expect(throttle.offer(report("b", "2"))).toBe(false);
  expect(throttle.offer(report("a", "3"))).toBe(false);
  vi.advanceTimersByTime(600);
  expect(out).toEqual(["a:trail:3"]);
  vi.advanceTimersByTime(400);
  expect(out).toEqual(["a:trail:3", "b:trail:2"]);
  throttle.close();
});
