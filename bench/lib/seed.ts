// Bulk orders written straight into PostgreSQL (insert ... select from generate_series), for tables
// far larger than the API could fill in a benchmark's time. Rows are valid orders of the given
// accounts, in the terminal status `cancelled` (reason "user", nothing filled, hold 0): no balance,
// hold or ledger entry refers to them, so `bourse check` and the worker have nothing to do with them.
// Ids are time-ordered UUIDv7 as the API makes them, dated in the past: the API's newer orders sort first.
// The rows bypass the event log (accounts' event_seq does not move), so an API process that already
// cached a list page of these accounts (orders.pages.ts) keeps serving it: seed before listing.
import pg from "pg";
import { INSTRUMENTS } from "./api.ts";

const placesOf = (step: string): number => step.split(".")[1]?.length ?? 0;

/**
 * Appends `count` orders: order i goes to account i mod n and to symbol (i div n) mod 3, like
 * placeOrders(), so that every (account, symbol) gets count / (3n) of them. Returns seconds taken.
 */
export async function seedOrders(url: string, accountIds: string[], count: number, batch = 100_000) {
  const client = new pg.Client({ connectionString: url, application_name: "bourse-bench-seed" });
  await client.connect();
  const t0 = performance.now();
  try {
    const first = Number(
      (await client.query<{ n: string }>("select count(*)::text as n from orders")).rows[0]?.n,
    );
    for (let from = 0; from < count; from += batch) {
      const to = Math.min(count, from + batch) - 1;
      await client.query(
        `with p as (
           select $1::uuid[] as acc, $2::text[] as sym, $3::text[] as base, $4::numeric[] as ref,
                  $5::numeric[] as lot, $6::int[] as places,
                  now() - interval '30 days' as t0)
         insert into orders (id, account_id, symbol, side, order_type, time_in_force, quantity, price,
                             status, reject_reason, hold_asset, hold_amount, created_at, updated_at)
         select (lpad(to_hex((extract(epoch from x.ts) * 1000)::bigint), 12, '0') || '7'
                   || substr(x.h, 1, 3) || '8' || substr(x.h, 4, 15))::uuid,
                p.acc[1 + g.i % cardinality(p.acc)], p.sym[x.k], x.side, 'limit', 'gtc',
                p.lot[x.k] * (10 + g.i % 991),
                round(p.ref[x.k] * (1 + ((g.i::bigint * 7919) % 2001 - 1000) / 100000.0), p.places[x.k]),
                'cancelled', 'user', case when x.side = 'buy' then 'USD' else p.base[x.k] end, 0, x.ts, x.ts
         from p, generate_series($7::int, $8::int) as g(i),
           lateral (select p.t0 + make_interval(secs => g.i / 1000.0) as ts,
                           md5(g.i::text || random()::text) as h,
                           1 + (g.i / cardinality(p.acc)) % 3 as k,
                           case when (g.i / 300) % 2 = 0 then 'buy' else 'sell' end as side) as x`,
        [
          accountIds,
          INSTRUMENTS.map((i) => i.symbol),
          INSTRUMENTS.map((i) => i.base),
          INSTRUMENTS.map((i) => (i.refTicks / 10 ** placesOf(i.tick)).toString()),
          INSTRUMENTS.map((i) => i.lot),
          INSTRUMENTS.map((i) => placesOf(i.tick)),
          first + from,
          first + to,
        ],
      );
    }
    await client.query("vacuum analyze orders");
  } finally {
    await client.end();
  }
  return Math.round((performance.now() - t0) / 100) / 10;
}

/** `n` random orders of the table with their account: "account_id id" pairs. */
export async function sampleOrders(url: string, n: number): Promise<{ account: string; id: string }[]> {
  const client = new pg.Client({ connectionString: url, application_name: "bourse-bench-seed" });
  await client.connect();
  try {
    const r = await client.query<{ account: string; id: string }>(
      "select account_id::text as account, id::text as id from orders order by random() limit $1",
      [n],
    );
    return r.rows;
  } finally {
    await client.end();
  }
}
