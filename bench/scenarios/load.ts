// The wrk scenarios: order entry, read one order by id, list orders by symbol.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { call, INSTRUMENTS, mapLimit, placeOrders } from "../lib/api.ts";
import { type Instance, measure, withInstance } from "../lib/instance.ts";
import { loadRows, type Row } from "../lib/report.ts";
import { LOAD } from "../lib/wrk.ts";

export interface Outcome {
  rows: Row[];
  data: Record<string, unknown>;
}

const TRADERS = 100;

const setupRows = (inst: Instance): Row[] => [
  ["server ready after (ms, fresh DATA_DIR)", Math.round(inst.readyMs)],
  ["accounts / keys", `${inst.traders.length} / ${inst.traders.length}`],
];

const load = () => ({ ...LOAD, traders: TRADERS });

/** How the server ended: SIGTERM exit code and what it logged (warn and above). */
const endRows = (r: {
  shutdown: { code: number | null; ms: number };
  server_log: { lines: number; first: string[] };
}): Row[] => [
  ["server exit code after SIGTERM (shutdown ms)", `${r.shutdown.code} (${r.shutdown.ms})`],
  ["server log lines (warn+)", r.server_log.lines],
  ...r.server_log.first.slice(0, 3).map((l): Row => ["  log", l]),
];

async function seed(inst: Instance, n: number) {
  const t0 = performance.now();
  const placed = await placeOrders(inst.server.url, inst.traders, n);
  const s = (performance.now() - t0) / 1000;
  console.log(`  seeded ${placed.length} orders in ${s.toFixed(1)} s (${Math.round(placed.length / s)}/s)`);
  return { placed, seconds: Math.round(s * 10) / 10 };
}

export async function orderEntry(): Promise<Outcome> {
  const r = await withInstance(TRADERS, async (inst) => {
    const m = await measure(inst, "post_order.lua", [inst.keysFile]);
    const created = m.wrk.requests - m.wrk.non2xx;
    const rows: Row[] = [
      ...setupRows(inst),
      ...loadRows(m),
      ["orders in DB added during run / 2xx responses", `${m.pg.orders_added} / ${created}`],
    ];
    return { rows, measured: m, ready_ms: Math.round(inst.readyMs) };
  });
  const { rows, ...data } = r;
  return { rows: [...rows, ...endRows(r)], data: { load: load(), ...data } };
}

export async function read(): Promise<Outcome> {
  const n = Number(process.env.BENCH_READ_ORDERS ?? 2_000);
  const r = await withInstance(TRADERS, async (inst) => {
    const { placed, seconds } = await seed(inst, n);
    const file = join(inst.server.dataDir, "bench-orders.txt");
    await writeFile(file, `${placed.map((o) => `${o.key} ${o.id}`).join("\n")}\n`);
    const m = await measure(inst, "get_order.lua", [file]);
    const rows: Row[] = [
      ...setupRows(inst),
      ["orders seeded (ids requested)", placed.length],
      ...loadRows(m),
    ];
    return { rows, measured: m, seeded_orders: placed.length, seed_seconds: seconds };
  });
  const { rows, ...data } = r;
  return { rows: [...rows, ...endRows(r)], data: { load: load(), ...data } };
}

/** Rows per page a list request returns, over every (account, symbol) pair. */
async function pageSizes(inst: Instance) {
  const pairs = inst.traders.flatMap((t) => INSTRUMENTS.map((i) => ({ key: t.key, symbol: i.symbol })));
  const sizes = await mapLimit(pairs, 16, async (p) => {
    const page = await call(inst.server.url, "GET", `/api/v1/orders?symbol=${p.symbol}&limit=50`, p.key);
    const data = (page as { data?: unknown }).data;
    return Array.isArray(data) ? data.length : 0;
  });
  const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
  return { mean: Math.round(mean * 10) / 10, min: Math.min(...sizes), max: Math.max(...sizes) };
}

export async function list(): Promise<Outcome> {
  const n = Number(process.env.BENCH_LIST_ORDERS ?? 10_000);
  const r = await withInstance(TRADERS, async (inst) => {
    const { placed, seconds } = await seed(inst, n);
    const rowsPerPage = await pageSizes(inst);
    const m = await measure(inst, "list_orders.lua", [inst.keysFile]);
    const rows: Row[] = [
      ...setupRows(inst),
      ["orders seeded", placed.length],
      ["rows per page: mean (min-max)", `${rowsPerPage.mean} (${rowsPerPage.min}-${rowsPerPage.max})`],
      ...loadRows(m),
    ];
    return {
      rows,
      measured: m,
      seeded_orders: placed.length,
      seed_seconds: seconds,
      rows_per_page: rowsPerPage,
    };
  });
  const { rows, ...data } = r;
  return { rows: [...rows, ...endRows(r)], data: { load: load(), ...data } };
}
