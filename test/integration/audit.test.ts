// bourse check's invariants find what is wrong, not only confirm what is right.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, test } from "vitest";
import { checkInvariants, positionsMatchFills } from "../../src/modules/audit/invariants.ts";
import { EXTERNAL_ACCOUNT_ID, FEES_ACCOUNT_ID } from "../../src/modules/ledger/ledger.accounts.ts";
import { newId } from "../../src/modules/shared/ids.ts";
import { buildTestApp, createAccount, limitBuy, type TestApp } from "../support/app.ts";
import { trade } from "../support/fills.ts";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const breached = async () =>
  (await checkInvariants(t.database.db)).filter((r) => r.breaches.length > 0).map((r) => r.name);

test("when the books are consistent, then nothing is breached; when an entry or a balance is tampered with, then the checks say which", async () => {
  const a = await createAccount(t, { USD: "10000" });
  const placed = await t.app.inject({
    method: "POST",
    url: "/api/v1/orders",
    headers: a.headers,
    payload: limitBuy(),
  });
  // An order with its hold: the books balance with money held, not only with none moved.
  expect(placed.statusCode).toBe(201);
  expect(await breached()).toEqual([]);

  await t.database.db
    .insertInto("ledger_entries")
    .values({
      id: newId(),
      journal_id: newId(),
      account_id: a.id,
      asset: "USD",
      bucket: "available",
      amount: "1",
      kind: "rogue",
      order_id: null,
    })
    .execute();
  expect(await breached()).toEqual(
    expect.arrayContaining([
      "every asset's ledger entries sum to zero",
      "balances equal the sums of their ledger entries",
    ]),
  );

  await sql`update balances set held = held + 1 where account_id = ${a.id} and asset = 'USD'`.execute(
    t.database.db,
  );
  expect(await breached()).toContain("held balances equal the holds of open orders");
});

test("when an open limit order holds less than its remaining quantity at its price needs, then the check names it", async () => {
  const a = await createAccount(t, { USD: "10000" });
  const placed = await t.app.inject({
    method: "POST",
    url: "/api/v1/orders",
    headers: a.headers,
    payload: limitBuy({ quantity: "0.01", price: "1000" }),
  });
  const id: string = placed.json().id;
  // Other tests here tamper with the books: only this order's breaches count.
  const underHeld = async () =>
    (await checkInvariants(t.database.db))
      .find((c) => c.name === "every open limit order holds what its remaining quantity at its price needs")
      ?.breaches.filter((b) => b.includes(id));
  expect(await underHeld()).toEqual([]);
  // The order's terms grow behind the ledger's back: its hold (and the held balance) stay as they were.
  await sql`update orders set quantity = 0.02 where id = ${id}`.execute(t.database.db);
  expect(await underHeld()).toHaveLength(1);
});

test("when a balance, a hold, a ledger entry or a fee has more decimals than its asset allows, then the check names each offender", async () => {
  const a = await createAccount(t, { USD: "10000" });
  const placed = await t.app.inject({
    method: "POST",
    url: "/api/v1/orders",
    headers: a.headers,
    payload: limitBuy({ quantity: "0.01", price: "1000" }),
  });
  const id: string = placed.json().id;
  const check = "no balance, hold, ledger entry or fee has more decimals than its asset allows";
  const entries = [newId(), newId()];
  const offenders = async () =>
    (await checkInvariants(t.database.db))
      .find((c) => c.name === check)
      ?.breaches.filter((b) => [id, a.id, ...entries].some((x) => b.includes(`"id":"${x}"`))) ?? [];
  expect(await offenders()).toEqual([]);
  // A third of a cent moved from available to held, as a hold computed without rounding would.
  const [entry, other] = entries;
  await sql`insert into ledger_entries (id, journal_id, account_id, asset, bucket, amount, kind, order_id) values
    (${entry}, ${newId()}, ${a.id}, 'USD', 'held', 0.003, 'hold', ${id}),
    (${other}, ${newId()}, ${a.id}, 'USD', 'available', -0.003, 'hold', ${id})`.execute(t.database.db);
  await sql`update balances set held = held + 0.003, available = available - 0.003
    where account_id = ${a.id} and asset = 'USD'`.execute(t.database.db);
  await sql`update orders set hold_amount = hold_amount + 0.003 where id = ${id}`.execute(t.database.db);
  const found = await offenders();
  expect(found).toHaveLength(4);
  expect(found).toEqual(
    expect.arrayContaining([
      expect.stringMatching(new RegExp(`"what":"balance","id":"${a.id}","asset":"USD".*"decimals":"2"`)),
      expect.stringMatching(
        new RegExp(`"what":"hold of order","id":"${id}","asset":"USD","amount":"10.023"`),
      ),
      expect.stringMatching(
        new RegExp(`"what":"ledger entry","id":"${entry}","asset":"USD","amount":"0.003"`),
      ),
    ]),
  );
  // The other books still agree: only the precision check is breached by this account.
  expect(await breached()).toContain(check);
});

test("when entries, holds and fees from before the assets had a precision carry more decimals, then the check leaves them alone and still names newer ones", async () => {
  const a = await createAccount(t, { USD: "10000" });
  const placed = await t.app.inject({
    method: "POST",
    url: "/api/v1/orders",
    headers: a.headers,
    payload: limitBuy({ quantity: "0.01", price: "1000" }),
  });
  const id: string = placed.json().id;
  const check = "no balance, hold, ledger entry or fee has more decimals than its asset allows";
  const [old, oldOther, late] = [newId(), newId(), newId()];
  const offenders = async () =>
    (await checkInvariants(t.database.db))
      .find((c) => c.name === check)
      ?.breaches.filter((b) => [id, a.id, old, oldOther, late].some((x) => b.includes(`"id":"${x}"`))) ?? [];
  // A database that traded before precision existed: a hold of a third of a cent, made a year ago.
  const before = sql`(select created_at - interval '1 year' from assets where asset = 'USD')`;
  await sql`insert into ledger_entries (id, journal_id, account_id, asset, bucket, amount, kind, order_id, created_at) values
    (${old}, ${newId()}, ${a.id}, 'USD', 'held', 0.003, 'hold', ${id}, ${before}),
    (${oldOther}, ${newId()}, ${a.id}, 'USD', 'available', -0.003, 'hold', ${id}, ${before})`.execute(
    t.database.db,
  );
  await sql`update balances set held = held + 0.003, available = available - 0.003
    where account_id = ${a.id} and asset = 'USD'`.execute(t.database.db);
  await sql`update orders set hold_amount = hold_amount + 0.003, created_at = ${before} where id = ${id}`.execute(
    t.database.db,
  );
  expect(await offenders()).toEqual([]);
  // Money moved since the precision was set is held to it, whatever the balance carried before: the
  // balance is named with what moved since (10000 deposited, 10.02 held, 0.004 in).
  await sql`insert into ledger_entries (id, journal_id, account_id, asset, bucket, amount, kind) values
    (${late}, ${newId()}, ${a.id}, 'USD', 'available', 0.004, 'adjustment')`.execute(t.database.db);
  await sql`update balances set available = available + 0.004 where account_id = ${a.id} and asset = 'USD'`.execute(
    t.database.db,
  );
  const found = await offenders();
  expect(found).toHaveLength(2);
  expect(found).toEqual(
    expect.arrayContaining([
      expect.stringMatching(
        new RegExp(`"what":"balance","id":"${a.id}","asset":"USD","amount":"9989.984 / 10.020?"`),
      ),
      expect.stringMatching(
        new RegExp(`"what":"ledger entry","id":"${late}","asset":"USD","amount":"0.004"`),
      ),
    ]),
  );
});

test("when fills are replayed a page at a time, then positions are checked against all of them", async () => {
  const a = await createAccount(t, { USD: "100000", BTC: "10" });
  for (const [side, quantity, price] of [
    ["buy", "0.3", "50000"],
    ["buy", "0.2", "51000"],
    ["sell", "0.4", "52000"],
    ["sell", "0.3", "49000"],
    ["buy", "0.1", "50500"],
  ] as const) {
    await trade(t, a, { side, quantity, price });
  }
  // Pages of two fills: five fills of the account take three pages.
  expect(await positionsMatchFills(t.database.db, 2)).toEqual([]);
  await sql`update positions set quantity = quantity + 0.1 where account_id = ${a.id}`.execute(t.database.db);
  const breaches = await positionsMatchFills(t.database.db, 2);
  expect(breaches).toHaveLength(1);
  expect(breaches[0]).toContain(a.id);
});

test("when money leaves through the external account other than by a withdrawal, then the conservation check names it; withdrawals themselves keep it", async () => {
  const conservation = "accounts + fees + venue clearing = deposits − withdrawals";
  // Other tests here tamper with USD: only SOL's breaches count.
  const breachesOf = async () =>
    ((await checkInvariants(t.database.db)).find((c) => c.name === conservation)?.breaches ?? []).filter(
      (b) => b.includes('"asset":"SOL"'),
    );
  const a = await createAccount(t, { SOL: "10" });
  const w = await t.app.inject({
    method: "POST",
    url: `/api/v1/admin/accounts/${a.id}/withdrawals`,
    headers: { authorization: `Bearer ${t.adminToken}` },
    payload: { asset: "SOL", amount: "4" },
  });
  expect(w.statusCode).toBe(201);
  expect(await breachesOf()).toEqual([]);
  // A journal that balances, but pays the fees account's SOL out through the external account.
  const journal = newId();
  await t.database.db
    .insertInto("ledger_entries")
    .values([
      {
        id: newId(),
        journal_id: journal,
        account_id: EXTERNAL_ACCOUNT_ID,
        asset: "SOL",
        bucket: "available",
        amount: "1",
        kind: "rogue",
        order_id: null,
      },
      {
        id: newId(),
        journal_id: journal,
        account_id: FEES_ACCOUNT_ID,
        asset: "SOL",
        bucket: "available",
        amount: "-1",
        kind: "rogue",
        order_id: null,
      },
    ])
    .execute();
  const breaches = await breachesOf();
  expect(breaches).toHaveLength(1);
  expect(breaches[0]).toContain('"asset":"SOL"');
  expect(breaches[0]).toContain('"other_external_entries":"1"');
});
