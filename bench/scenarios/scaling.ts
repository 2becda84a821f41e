// `scaling`: how order entry and list-by-symbol cost grows with the orders table (10k, 100k, 1M
// existing orders, bulk-seeded with SQL), and the matching engine at 100 / 10k / 100k resting.
import { measure, withInstance } from "../lib/instance.ts";
import type { Row } from "../lib/report.ts";
import { seedOrders } from "../lib/seed.ts";
import { databaseUrl } from "../lib/server.ts";
import { sql } from "../lib/stack.ts";
import { LOAD, socketErrors } from "../lib/wrk.ts";
import { engineOurs } from "./engine.ts";
import type { Outcome } from "./load.ts";

const SIZES = (process.env.BENCH_SCALING_SIZES ?? "10000,100000,1000000").split(",").map(Number);
const ENGINE_SIZES = (process.env.BENCH_ENGINE_SIZES ?? "100,10000,100000").split(",").map(Number);
const TRADERS = 100;

const count = async (url: string) =>
  Number((await sql<{ n: string }>(url, "select count(*)::text as n from orders"))[0]?.n);

export async function scaling(): Promise<Outcome> {
  const rows: Row[] = [];
  const sizes: Record<string, unknown>[] = [];
  // The API role alone: order entry without routing, so that the table's size is what changes.
  await withInstance(
    TRADERS,
    async (inst) => {
      const url = databaseUrl(inst.server.dataDir);
      const accounts = inst.traders.map((t) => t.accountId);
      for (const size of SIZES) {
        const have = await count(url);
        const seedS = size > have ? await seedOrders(url, accounts, size - have) : 0;
        // Jobs of the previous step's orders: nothing routes them in the API role; they would grow the queue table.
        await sql(url, "delete from graphile_worker._private_jobs");
        const beforeList = await count(url);
        console.log(
          `  ${beforeList.toLocaleString("en-US")} orders (seeded ${size - have} in ${seedS} s): list ...`,
        );
        const list = await measure(inst, "list_orders.lua", [inst.keysFile]);
        const beforePost = await count(url);
        console.log(`  ${beforePost.toLocaleString("en-US")} orders: order entry ...`);
        const post = await measure(inst, "post_order.lua", [inst.keysFile]);
        const label = size >= 1e6 ? `${size / 1e6}M` : `${size / 1e3}k`;
        for (const [what, m] of [
          ["list", list],
          ["POST", post],
        ] as const) {
          rows.push(
            [
              `${label} ${what}: req/s, p50/p90/p99/max ms`,
              `${m.wrk.rps}  ${m.wrk.p50_ms} / ${m.wrk.p90_ms} / ${m.wrk.p99_ms} / ${m.wrk.max_ms}`,
            ],
            [`${label} ${what}: non-2xx, socket errors`, `${m.wrk.non2xx}, ${socketErrors(m.wrk)}`],
            [
              `${label} ${what}: CPU s node / postgres (ms per request)`,
              `${m.cpu.node_cpu_s} / ${m.cpu.pg_cpu_s} (${m.cpu.node_ms_per_request} / ${m.cpu.pg_ms_per_request})`,
            ],
          );
        }
        sizes.push({
          size,
          seed_seconds: seedS,
          orders_before_list: beforeList,
          orders_before_post: beforePost,
          list,
          post,
        });
      }
    },
    "api",
  );
  const engine = await engineOurs(ENGINE_SIZES);
  for (const e of engine) {
    rows.push([
      `engine, ${e.resting_before.toLocaleString("en-US")} resting: ops/s`,
      e.ops_per_second.toLocaleString("en-US"),
    ]);
  }
  return {
    rows,
    data: {
      load: { ...LOAD, traders: TRADERS, role: "api" },
      seeding:
        "insert ... select from generate_series: cancelled limit orders of the bench accounts (hold 0, no ledger entries), UUIDv7 ids dated 30 days back",
      sizes,
      engine,
    },
  };
}
