// Two replaces of one order at once: the venue applies them one after the other, and the order's
// stored terms and hold must end as the venue's last applied terms need, whatever order the two
// requests commit in.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, test } from "vitest";
import { checkInvariants } from "../../src/modules/audit/invariants.ts";
import { transact } from "../../src/modules/events/committed.ts";
import { Decimal } from "../../src/modules/shared/decimal.ts";
import { holdNeeded, reserveForReplace } from "../../src/modules/trading/replace.ts";
import type { VenueClient } from "../../src/modules/trading/venue.client.ts";
import { buildTestApp, createAccount, type TestAccount, type TestApp } from "../support/app.ts";
import { restingBuy, startTestVenue, type TestVenue, venueWith } from "../support/venue.ts";

const PAIRS = 50;

let t: TestApp;
let v: TestVenue;

/**
 * The first replace of each order reaching the venue is applied there at once, but its answer
 * travels slowly: it arrives when the test lets it (a slow network between the OMS and the venue).
 */
const slowFirstAnswer = new Map<string, { applied: () => void; arrive: Promise<void> }>();
const slowAnswers = (client: VenueClient): VenueClient =>
  venueWith(client, {
    replace: async (id: string, changes: { quantity?: string; price?: string }) => {
      const answer = await client.replace(id, changes);
      const slow = slowFirstAnswer.get(id);
      if (slow !== undefined) {
        slowFirstAnswer.delete(id);
        slow.applied();
        await slow.arrive;
      }
      return answer;
    },
  });

beforeAll(async () => {
  v = await startTestVenue();
  t = await buildTestApp({ venue: slowAnswers(v.client), fastPath: false });
});
afterAll(async () => {
  await t.close();
  await v.server.close();
});

const patch = (a: TestAccount, id: string, payload: object) =>
  t.app.inject({ method: "PATCH", url: `/api/v1/orders/${id}`, headers: a.headers, payload });

/**
 * Replace one (to a small quantity) reaches the venue first; replace two (to a large quantity and
 * another price) is sent while one's answer is still on its way, and one's answer arrives only
 * after two has been answered.
 */
async function racePair(a: TestAccount, i: number) {
  const id = await restingBuy(t, v.client, a);
  let applied = () => {};
  let arrive = () => {};
  const firstApplied = new Promise<void>((resolve) => {
    applied = resolve;
  });
  slowFirstAnswer.set(id, {
    applied,
    arrive: new Promise<void>((resolve) => {
      arrive = resolve;
    }),
  });
  const one = patch(a, id, { quantity: (0.02 + i * 0.0001).toFixed(4) });
  await firstApplied;
  const two = await patch(a, id, { quantity: (0.5 + i * 0.001).toFixed(3), price: (990 - i).toFixed(2) });
  arrive();
  return { id, one: await one, two };
}

test("when two replaces of each of many orders run at once, then every order ends with the venue's terms and a hold that covers them", async () => {
  const a = await createAccount(t, { USD: "10000000" });
  const settled = await Promise.allSettled(Array.from({ length: PAIRS }, (_, i) => racePair(a, i)));
  const pairs = settled.map((p) => {
    if (p.status === "rejected") throw p.reason;
    return p.value;
  });
  const instrument = await t.services.catalog.get("BTC-USD");
  const wrong: string[] = [];
  for (const { id } of pairs) {
    const atVenue = await v.client.get(id);
    const stored = await t.database.db
      .selectFrom("orders")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    const terms = { quantity: new Decimal(atVenue?.quantity ?? 0), price: new Decimal(atVenue?.price ?? 0) };
    const needed = holdNeeded(stored, terms, instrument);
    if (
      !terms.quantity.eq(stored.quantity) ||
      !terms.price.eq(stored.price ?? 0) ||
      needed.gt(stored.hold_amount)
    ) {
      wrong.push(
        `${id}: venue ${terms.quantity.toFixed()} @ ${terms.price.toFixed()} needs ${needed.toFixed()}; ` +
          `stored ${stored.quantity} @ ${stored.price} holding ${stored.hold_amount}`,
      );
    }
  }
  expect(wrong).toEqual([]);
  // One replace at a time per order: the one sent while another was at the venue is refused.
  for (const { one, two } of pairs) {
    expect(one.statusCode).toBe(200);
    expect(two.statusCode).toBe(409);
    expect(two.json().error.code).toBe("CONFLICT");
  }
  const breached = (await checkInvariants(t.database.db)).filter((c) => c.breaches.length > 0);
  expect(breached).toEqual([]);
});

test("when a replace's process died while the venue was asked, then the order's next replace is refused until its turn lapses, then goes through", async () => {
  const a = await createAccount(t, { USD: "100000" });
  const id = await restingBuy(t, v.client, a);
  const instrument = await t.services.catalog.get("BTC-USD");
  // Step 1 of a replace whose process never came back.
  await transact(t.database.db, (trx) =>
    reserveForReplace(trx, a.id, id, { quantity: new Decimal("0.03") }, instrument),
  );
  const early = await patch(a, id, { quantity: "0.02" });
  expect(early.statusCode).toBe(409);
  expect(early.json().error.code).toBe("CONFLICT");

  // Time passes: the dead replace's turn lapses.
  await sql`update orders set replace_turn_until = now() - interval '1 second' where id = ${id}`.execute(
    t.database.db,
  );
  const late = await patch(a, id, { quantity: "0.02" });
  expect(late.statusCode).toBe(200);
  expect(late.json()).toMatchObject({ quantity: "0.02", price: "1000" });
  expect((await v.client.get(id))?.quantity).toBe("0.02");
  // 0.02 × 1000 plus the taker fee: the dead replace's extra hold is released.
  const held = await t.database.db
    .selectFrom("orders")
    .select("hold_amount")
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  expect(new Decimal(held.hold_amount).toFixed()).toBe("20.04");
});
