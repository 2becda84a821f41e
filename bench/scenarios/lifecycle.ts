// `lifecycle`: place → routed → filled end to end in the all-in-one `start` process. Market orders
// fill at once against the venue's liquidity provider. Two latencies: as the user sees it, from
// sending the POST to receiving the order's `order.filled` event on the account's WebSocket stream
// (after the commit that filled it); and from the rows' own clocks, orders.created_at (the request
// reached the handler) to orders.updated_at of the `filled` order (the clock read when settlement
// starts, before its locks, write and commit).
import { availableParallelism } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { call, INSTRUMENTS, type Trader } from "../lib/api.ts";
import { type Instance, withInstance } from "../lib/instance.ts";
import { cpuSnapshot, cpuUsage, round } from "../lib/proc.ts";
import { type Row, summary } from "../lib/report.ts";
import { databaseUrl, postmasterPid } from "../lib/server.ts";
import { analyze, sql } from "../lib/stack.ts";
import { LOAD, runWrk } from "../lib/wrk.ts";
import { watchFills } from "../lib/ws.ts";
import type { Outcome } from "./load.ts";

const TRADERS = 100;
/** The paced phase's rate; unset: half of what the saturated phase settled per second (no queue). */
const RATE_SET = process.env.BENCH_LIFECYCLE_RATE;
const SETTLE_MAX_S = Number(process.env.BENCH_DRAIN_MAX_S ?? 180);

const seconds = (d: string): number => Number(/^(\d+(?:\.\d+)?)/.exec(d)?.[1] ?? 15);

/**
 * Waits until no order placed since `since` is still working and no job is runnable (the fills'
 * e-mail jobs would otherwise delay the next phase's routing); returns the seconds waited.
 */
async function settle(url: string, since: Date): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const r = await sql<{ n: string; jobs: string }>(
      url,
      `select (select count(*) from orders where created_at >= $1
                and status in ('pending', 'open', 'partially_filled'))::text as n,
              (select count(*) from graphile_worker.jobs
                where run_at <= now() and attempts < max_attempts)::text as jobs`,
      [since],
    );
    if (Number(r[0]?.n) + Number(r[0]?.jobs) === 0 || performance.now() - t0 > SETTLE_MAX_S * 1000) break;
    await sleep(200);
  }
  return round((performance.now() - t0) / 1000, 1);
}

/** Orders placed in [from, to): how many filled, and placement → settled fill in ms. */
async function outcome(url: string, from: Date, to: Date) {
  const r = await sql<Record<string, string | null>>(
    url,
    `with o as (
       select status, created_at, updated_at, extract(epoch from updated_at - created_at) * 1000 as ms
       from orders where created_at >= $1 and created_at < $2)
     select count(*)::text as placed,
            count(*) filter (where status = 'filled')::text as filled,
            count(*) filter (where status in ('pending', 'open', 'partially_filled'))::text as unsettled,
            extract(epoch from max(updated_at) filter (where status = 'filled') - min(created_at))::text as span_s,
            percentile_cont(0.5) within group (order by ms) filter (where status = 'filled')::text as p50,
            percentile_cont(0.9) within group (order by ms) filter (where status = 'filled')::text as p90,
            percentile_cont(0.99) within group (order by ms) filter (where status = 'filled')::text as p99,
            (max(ms) filter (where status = 'filled'))::text as max
     from o`,
    [from, to],
  );
  const row = r[0] ?? {};
  const num = (k: string, d = 1) => round(Number(row[k] ?? Number.NaN), d);
  const filled = Number(row.filled);
  const span = Number(row.span_s);
  const statuses = await sql<{ status: string; n: string }>(
    url,
    "select status, count(*)::text as n from orders where created_at >= $1 and created_at < $2 group by 1",
    [from, to],
  );
  return {
    placed: Number(row.placed),
    filled,
    unsettled: Number(row.unsettled),
    statuses: Object.fromEntries(statuses.map((s) => [s.status, Number(s.n)])),
    /** Filled orders per second from the first placement to the last settled fill. */
    filled_per_s: span > 0 ? round(filled / span, 1) : null,
    fill_ms: { p50: num("p50"), p90: num("p90"), p99: num("p99"), max: num("max") },
  };
}

/**
 * Where the time of the orders placed in [from, to) goes, p50 and p99 of each step in ms, from the
 * rows' own clocks: placement (orders.created_at, the request) → matched at the venue (the first
 * fill's executed_at) → settlement starts (orders.updated_at of the filled order). Also how many
 * filled orders routing opened first (an `open` event): those matched after the submit's answer,
 * and their fills came by webhook; the others were settled by routing from the answer.
 */
async function stages(url: string, from: Date, to: Date) {
  // Plain reads joined here: one statement joining them got nested loops over parallel scans
  // from the range estimates and ran for minutes.
  const times = async (text: string, params: unknown[]) =>
    new Map(
      (await sql<{ id: string; t: Date }>(url, text, params)).map((r) => [r.id, new Date(r.t).getTime()]),
    );
  const [placed, settled] = [new Map<string, number>(), new Map<string, number>()];
  for (const r of await sql<{ id: string; placed: Date; settled: Date }>(
    url,
    `select id, created_at as placed, updated_at as settled from orders
     where created_at >= $1 and created_at < $2 and status = 'filled'`,
    [from, to],
  )) {
    placed.set(r.id, new Date(r.placed).getTime());
    settled.set(r.id, new Date(r.settled).getTime());
  }
  const opened = await times(
    `select payload->>'id' as id, min(created_at) as t from events
     where created_at >= $1 and type = 'order.updated' and payload->>'status' = 'open' group by 1`,
    [from],
  );
  const matched = await times(
    "select order_id::text as id, min(executed_at) as t from fills where executed_at >= $1 group by 1",
    [from],
  );
  const steps: [string, Map<string, number>, Map<string, number>][] = [
    ["match", placed, matched],
    ["settle", matched, settled],
  ];
  const pct = (xs: number[], p: number) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return sorted.length === 0
      ? Number.NaN
      : (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN);
  };
  const openedFirst = [...placed.keys()].filter((id) => opened.has(id)).length;
  const byStep: Record<string, { p50: number; p99: number }> = Object.fromEntries(
    steps.map(([name, a, b]) => {
      const ms: number[] = [];
      for (const [id, t0] of a) {
        const t1 = b.get(id);
        if (t1 !== undefined && placed.has(id)) ms.push(t1 - t0);
      }
      return [name, { p50: round(pct(ms, 0.5), 1), p99: round(pct(ms, 0.99), 1) }];
    }),
  );
  return { steps: byStep, filled: placed.size, opened_first: openedFirst };
}

/** wrk at full speed: 64 connections placing market orders for the duration. */
async function saturated(inst: Instance, url: string) {
  const args = [inst.keysFile];
  console.log(`  warm-up ${LOAD.warmup} ...`);
  await runWrk({ url: inst.server.url, script: "post_market.lua", args, duration: LOAD.warmup });
  await settle(url, new Date(0));
  await analyze(url);
  const from = new Date();
  const pm = postmasterPid(inst.server.dataDir);
  const a = cpuSnapshot(inst.server.pid, pm);
  console.log(`  wrk market orders ${LOAD.duration} ...`);
  const run = await runWrk({
    url: inst.server.url,
    script: "post_market.lua",
    args,
    duration: LOAD.duration,
  });
  const to = new Date();
  const settleS = await settle(url, from);
  const b = cpuSnapshot(inst.server.pid, pm);
  return {
    command: run.command,
    wrk: run.result,
    settle_s_after_run: settleS,
    cpu: cpuUsage(a, b, availableParallelism()),
    ...(await outcome(url, from, to)),
  };
}

type Stream = Awaited<ReturnType<typeof watchFills>>;

/**
 * As the user sees it: from sending the POST to receiving the order's `order.filled` event on its
 * account's stream (published after the commit that filled it), in ms. `missing`: orders placed
 * whose event did not arrive.
 */
function seen(sentAt: Map<string, number>, filledAt: Map<string, number>) {
  const ms: number[] = [];
  for (const [id, t0] of sentAt) {
    const t1 = filledAt.get(id);
    if (t1 !== undefined) ms.push(t1 - t0);
  }
  return { placed: sentAt.size, missing: sentAt.size - ms.length, ms: summary(ms) };
}

/** An open loop at `RATE` orders/s (one client, no waiting on answers): latency without a queue. */
async function paced(inst: Instance, url: string, RATE: number, stream: Stream) {
  const traders: Trader[] = inst.traders;
  const total = Math.round(RATE * seconds(LOAD.duration));
  const from = new Date();
  const t0 = performance.now();
  let errors = 0;
  const inflight: Promise<void>[] = [];
  const sentAt = new Map<string, number>();
  console.log(`  ${total} market orders at ${RATE}/s ...`);
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const ins = INSTRUMENTS[i % INSTRUMENTS.length] ?? INSTRUMENTS[0];
    const body = {
      symbol: ins.symbol,
      side: i % 2 === 0 ? "buy" : "sell",
      order_type: "market",
      quantity: ins.min,
    };
    const key = (traders[i % traders.length] as Trader).key;
    const sent = performance.now();
    inflight.push(
      call(inst.server.url, "POST", "/api/v1/orders", key, body).then(
        (placed) => {
          sentAt.set((placed as { id: string }).id, sent);
        },
        () => {
          errors++;
        },
      ),
    );
  }
  await Promise.all(inflight);
  const to = new Date();
  const sentPerS = round(total / ((performance.now() - t0) / 1000), 1);
  const settleS = await settle(url, from);
  await sleep(500); // the last events on their way
  return {
    seen: seen(sentAt, stream.filledAt),
    rate: RATE,
    sent: total,
    sent_per_s: sentPerS,
    errors,
    settle_s_after_run: settleS,
    ...(await outcome(url, from, to)),
    stages_ms: await stages(url, from, to),
  };
}

export async function lifecycle(): Promise<Outcome> {
  const r = await withInstance(
    TRADERS,
    async (inst) => {
      const url = databaseUrl(inst.server.dataDir);
      const full = await saturated(inst, url);
      const rate =
        RATE_SET !== undefined ? Number(RATE_SET) : Math.max(5, Math.floor((full.filled_per_s ?? 10) / 2));
      const stream = await watchFills(inst.server.url, inst.traders);
      try {
        return { saturated: full, paced: await paced(inst, url, rate, stream) };
      } finally {
        stream.close();
      }
    },
    "start",
  );
  const rows: Row[] = [];
  const w = r.saturated.wrk;
  rows.push(
    [
      "wrk POST market orders: req/s, p50/p90/p99/max ms",
      `${w.rps}  ${w.p50_ms} / ${w.p90_ms} / ${w.p99_ms} / ${w.max_ms}`,
    ],
    [
      "wrk: non-2xx, socket errors",
      `${w.non2xx}, ${w.err_connect + w.err_read + w.err_write + w.err_timeout}`,
    ],
    [
      "CPU s: node / postgres (busy)",
      `${r.saturated.cpu.node_cpu_s} / ${r.saturated.cpu.pg_cpu_s} (${r.saturated.cpu.machine_busy_pct}%)`,
    ],
  );
  for (const [name, x] of [
    ["saturated", r.saturated],
    [`paced ${r.paced.rate}/s`, r.paced],
  ] as const) {
    rows.push(
      [
        `${name}: placed, filled, still working, statuses`,
        `${x.placed}, ${x.filled}, ${x.unsettled}, ${JSON.stringify(x.statuses)}`,
      ],
      [`${name}: filled orders/s, first POST -> last settled fill`, `${x.filled_per_s}`],
      [
        `${name}: placement -> settlement starts p50/p90/p99/max ms`,
        `${x.fill_ms.p50} / ${x.fill_ms.p90} / ${x.fill_ms.p99} / ${x.fill_ms.max}`,
      ],
      [`${name}: settling after the last POST, s`, x.settle_s_after_run],
    );
  }
  rows.push(["paced: sent per s, errors", `${r.paced.sent_per_s}, ${r.paced.errors}`]);
  const seenMs = r.paced.seen.ms;
  rows.push([
    "paced: POST sent -> order.filled on the stream p50/p90/p99/max ms (missing)",
    `${seenMs.p50} / ${seenMs.p90} / ${seenMs.p99} / ${seenMs.max} (${r.paced.seen.missing})`,
  ]);
  const st = r.paced.stages_ms;
  rows.push([
    "paced: p50 (p99) ms placed -> matched -> settle starts",
    `${st.steps.match?.p50} (${st.steps.match?.p99}) -> ${st.steps.settle?.p50} (${st.steps.settle?.p99})`,
  ]);
  rows.push([
    "paced: filled orders opened before their fill (fill by webhook)",
    `${st.opened_first} of ${st.filled}`,
  ]);
  return {
    rows,
    data: { load: { ...LOAD, traders: TRADERS, role: "start", paced_rate: r.paced.rate }, ...r },
  };
}
