// Good-till-date orders at the venue: expired on the venue's own clock at their instant, at once
// when they arrive already due, and on the OMS's request.
import { afterEach, expect, test, vi } from "vitest";
import { MatchingEngine } from "../../src/venue/engine/index.ts";
import type { ExecutionReport } from "../../src/venue/reports.ts";
import { Venue } from "../../src/venue/venue.ts";
import { req } from "./engine/helpers.ts";

const venues: Venue[] = [];
afterEach(() => {
  for (const v of venues.splice(0)) v.stop();
  vi.useRealTimers();
});

function venue() {
  const reports: ExecutionReport[] = [];
  const v = new Venue((r, answered) => reports.push(...r, ...answered));
  venues.push(v);
  return { v, reports };
}

const gtdBuy = (id: string, expireAt: Date) => ({
  client_order_id: id,
  owner: "acct",
  symbol: "BTC-USD",
  side: "buy" as const,
  type: "limit" as const,
  time_in_force: "gtd" as const,
  quantity: "0.01",
  price: "1000",
  expire_at: expireAt.toISOString(),
});

test("when a GTD order's instant comes, then the venue expires it on its own clock, reason gtd_expiry", () => {
  // The venue's clock is the test's: a loaded machine cannot make the timer late.
  vi.useFakeTimers({ now: new Date("2026-12-06T12:00:00.000Z") });
  const { v, reports } = venue();
  const at = new Date(Date.now() + 300);
  v.submit(gtdBuy("g1", at));
  expect(v.get("g1").order.status).toBe("open");
  vi.advanceTimersByTime(200);
  expect(v.get("g1").order.status).toBe("open");
  vi.advanceTimersByTime(250);
  expect(v.get("g1").order).toMatchObject({ status: "cancelled", cancelReason: "gtd_expiry" });
  const closed = reports.find((r) => r.order_id === "g1" && r.type === "expired");
  expect(closed).toMatchObject({ reason: "gtd_expiry" });
  // On time: within the timer's slack of the instant.
  expect(Date.parse(closed?.executed_at ?? "")).toBeGreaterThanOrEqual(at.getTime());
  expect(Date.parse(closed?.executed_at ?? "")).toBeLessThan(at.getTime() + 100);
});

test("when a GTD order arrives already due, then the submit's answer has it expired", () => {
  const { v } = venue();
  const { order, reports } = v.submit(gtdBuy("g2", new Date(Date.now() - 1_000)));
  expect(order).toMatchObject({ status: "cancelled", cancelReason: "gtd_expiry" });
  expect(reports.map((r) => r.type)).toEqual(["expired"]);
});

test("when the OMS asks to expire a GTD order, then it is expired now; asked again, it is answered as it is", () => {
  const { v, reports } = venue();
  v.submit(gtdBuy("g3", new Date(Date.now() + 3_600_000)));
  expect(v.expire("g3").order).toMatchObject({ status: "cancelled", cancelReason: "gtd_expiry" });
  expect(v.expire("g3").order.status).toBe("cancelled");
  expect(reports.filter((r) => r.order_id === "g3").map((r) => r.type)).toEqual(["expired"]);
});

test("when gtd comes without expire_at, or expire_at without gtd, then the venue refuses it", () => {
  const { v } = venue();
  expect(() => v.submit({ ...gtdBuy("g4", new Date()), expire_at: undefined })).toThrow(/expire_at/);
  expect(() => v.submit({ ...gtdBuy("g5", new Date()), time_in_force: "gtc" })).toThrow(/expire_at/);
});

test("when the engine expires a resting order, then it leaves the book; a finished one is not live", () => {
  const engine = new MatchingEngine();
  engine.submit(req({ id: "r", side: "buy", timeInForce: "gtd" }));
  expect(engine.expire("r")).toEqual([
    { type: "cancelled", orderId: "r", reason: "gtd_expiry", quantity: 10 },
  ]);
  expect(engine.depth().bids).toEqual([]);
  expect(engine.expire("r")).toEqual([{ type: "cancel_rejected", orderId: "r", reason: "not_live" }]);
});
