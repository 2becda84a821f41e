// Matching engine throughput: one deterministic exchange-core-like workload (limit orders near the
// touch, some market and IOC orders, many cancels) run through our engine and through the npm
// package nodejs-order-book, with 100, 10,000 and 100,000 orders resting before the clock starts.
// A second mix adds trailing stops and OCO pairs (ours only). With BENCH_ENGINE_BASELINE=<git ref>
// the first mix also runs through the engine as it was at that ref, side by side in this run.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import {
  type LimitOrderOptions,
  OrderBook,
  SelfTradePreventionMode,
  Side as TheirSide,
} from "nodejs-order-book";
import {
  type GroupRequest,
  MatchingEngine,
  type OrderRequest,
  type Side,
} from "../../src/venue/engine/index.ts";
import { seededRandom } from "../../src/venue/liquidity.ts";
import type { Row } from "../lib/report.ts";
import type { Outcome } from "./load.ts";

const OPS = Number(process.env.BENCH_ENGINE_OPS ?? 1_000_000);
const REPEATS = Number(process.env.BENCH_ENGINE_REPEATS ?? 5);
// The package's cancel is linear in its level's length: both engines run this prefix to compare.
const COMPARE_OPS = Number(process.env.BENCH_ENGINE_COMPARE_OPS ?? 500_000);
const SIZES = (process.env.BENCH_ENGINE_SIZES ?? "100,10000,100000").split(",").map(Number);
const OWNERS = 1_000;
const MID = 100_000;

const BASELINE = process.env.BENCH_ENGINE_BASELINE;
/** How many times each engine runs the old mix, alternately, for the baseline comparison. */
const PASSES = Number(process.env.BENCH_ENGINE_PASSES ?? 2);
/** BENCH_ENGINE_NEW_MIX=0 leaves the mix with trailing stops and OCO pairs out (it is slow at large books). */
const NEW_MIX = process.env.BENCH_ENGINE_NEW_MIX !== "0";

const [LIMIT, MARKET, IOC, CANCEL, TRAILING, OCO] = [0, 1, 2, 3, 4, 5];
const KIND_NAMES = ["limit", "market", "ioc", "cancel", "trailing_stop", "oco_pair"];

/** `old`: limit, market, IOC and cancels. `new`: the same with trailing stops and OCO pairs. */
type Mix = "old" | "new";

type Op = OrderRequest | GroupRequest | string;

interface Workload {
  size: number;
  prefill: OrderRequest[];
  kinds: Uint8Array;
  ops: Op[];
  mix: Record<string, number>;
  /** prefill then ops in the package's terms, made only where the package runs. */
  theirs?: LimitOrderOptions[];
}

const prng = seededRandom;

/**
 * Builds the operations by playing them against a reference engine, so that cancels name orders
 * that are really resting and prices follow the touch as it moves. Aggressive flow rises when the
 * book is above its target size and falls below it, which keeps the book near `size`.
 */
function generate(size: number, count: number, mixName: Mix = "old"): Workload {
  const random = prng(0x5eed + size);
  const int = (n: number) => Math.floor(random() * n);
  const reference = new MatchingEngine({ retainFinishedOrders: 0 });
  const live: string[] = [];
  let next = 0;
  const order = (side: Side, type: "limit" | "market", price: number, qty: number, ioc = false) => {
    const request: OrderRequest = {
      id: `o${next++}`,
      owner: `u${int(OWNERS)}`,
      side,
      type,
      timeInForce: ioc || type === "market" ? "ioc" : "gtc",
      quantity: qty,
    };
    if (type === "limit") request.price = price;
    reference.submit(request);
    if (type === "limit" && !ioc && reference.order(request.id) !== undefined) live.push(request.id);
    return request;
  };
  const prefill: OrderRequest[] = [];
  const spread = Math.max(5, Math.round(size / 50));
  for (let i = 0; i < size; i++) {
    const side: Side = i % 2 === 0 ? "buy" : "sell";
    const away = 1 + Math.floor(-Math.log(1 - random()) * spread);
    prefill.push(order(side, "limit", side === "buy" ? MID - away : MID + away, 1 + int(100)));
  }
  const kinds = new Uint8Array(count);
  const ops: Op[] = [];
  const tally = [0, 0, 0, 0, 0, 0];
  for (let i = 0; i < count; i++) {
    const bid = reference.bestBid() ?? (reference.bestAsk() ?? MID + 1) - 1;
    const ask = reference.bestAsk() ?? bid + 1;
    const side: Side = random() < 0.5 ? "buy" : "sell";
    const r = random();
    // The new mix takes its trailing stops (3 %) and OCO pairs (2 %) from the limit orders' share.
    const extra = mixName === "new" ? (r < 0.03 ? TRAILING : r < 0.05 ? OCO : undefined) : undefined;
    let kind = extra ?? (r < 0.6 ? LIMIT : r < 0.65 ? MARKET : r < 0.7 ? IOC : CANCEL);
    const cancelled = kind === CANCEL ? pickLive(live, reference, int) : undefined;
    if (kind === CANCEL && cancelled === undefined) kind = LIMIT;
    let op: Op;
    if (kind === TRAILING) {
      const request: OrderRequest = {
        id: `o${next++}`,
        owner: `u${int(OWNERS)}`,
        side,
        type: "trailing_stop",
        timeInForce: "gtc",
        quantity: 1 + int(100),
        trailPrice: 5 + int(45),
      };
      reference.submit(request);
      op = request;
    } else if (kind === OCO) {
      // Two exits of one owner: a limit beyond the touch and a stop on the other side of the book.
      const owner = `u${int(OWNERS)}`;
      const quantity = 1 + int(100);
      const away = 2 + int(20);
      const group: GroupRequest = {
        orderClass: "oco",
        exits: [
          {
            id: `o${next++}`,
            owner,
            side,
            type: "limit",
            timeInForce: "gtc",
            quantity,
            price: side === "sell" ? ask + away : bid - away,
          },
          {
            id: `o${next++}`,
            owner,
            side,
            type: "stop",
            timeInForce: "gtc",
            quantity,
            triggerPrice: side === "sell" ? bid - away : ask + away,
          },
        ],
      };
      reference.submitGroup(group);
      const limit = group.exits[0];
      if (limit !== undefined && reference.order(limit.id) !== undefined) live.push(limit.id);
      op = group;
    } else if (kind === CANCEL && cancelled !== undefined) {
      reference.cancel(cancelled);
      op = cancelled;
    } else if (kind === MARKET) {
      op = order(side, "market", 0, 1 + int(200));
    } else if (kind === IOC) {
      op = order(side, "limit", side === "buy" ? ask + 1 : bid - 1, 1 + int(150), true);
    } else {
      const crossing = random() < (live.length > size ? 0.3 : 0.05);
      const through = int(3);
      const behind = int(6) - 1; // from 1 tick inside the spread to 4 behind the touch
      const buy = crossing ? ask + through : Math.min(bid - behind, ask - 1);
      const sell = crossing ? bid - through : Math.max(ask + behind, bid + 1);
      op = order(side, "limit", side === "buy" ? buy : sell, 1 + int(100));
    }
    kinds[i] = kind;
    ops.push(op);
    tally[kind] = (tally[kind] ?? 0) + 1;
  }
  const mix = Object.fromEntries(
    KIND_NAMES.map((name, k) => [name, round((tally[k] ?? 0) / count, 3)]).filter(([, share]) => share !== 0),
  );
  return { size, prefill, kinds, ops, mix };
}

/** A random resting order; finished ones found on the way are dropped from the list. */
function pickLive(live: string[], reference: MatchingEngine, int: (n: number) => number): string | undefined {
  while (live.length > 0) {
    const index = int(live.length);
    const id = live[index] as string;
    const last = live.pop() as string;
    if (index < live.length) live[index] = last;
    if (reference.order(id) !== undefined) return id;
  }
  return undefined;
}

interface Run {
  opsPerSecond: number;
  /** Lots traded: the same figure from both engines means they matched alike. */
  volume: number;
  resting: number;
  heapMiB: number;
}

type Runner = (w: Workload, timed: number) => Run;

const gc: () => void = (() => {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
})();

const heapMiB = () => {
  gc();
  return round(process.memoryUsage().heapUsed / 2 ** 20, 1);
};

/** What the runs use of an engine: ours now, or the same class as it was at the baseline ref. */
type EngineClass = new () => Pick<MatchingEngine, "submit" | "submitGroup" | "cancel" | "restingOrderCount">;

const runEngine =
  (Engine: EngineClass): Runner =>
  (w, timed) => {
    let engine: InstanceType<EngineClass> | null = new Engine();
    for (const request of w.prefill) engine.submit(request);
    const { kinds, ops } = w;
    // Promote the prefilled book now, as a long-running engine's would be, not inside the timing.
    gc();
    let volume = 0;
    const start = performance.now();
    for (let i = 0; i < timed; i++) {
      const op = ops[i] as Op;
      const kind = kinds[i];
      const events =
        kind === CANCEL
          ? engine.cancel(op as string)
          : kind === OCO
            ? engine.submitGroup(op as GroupRequest)
            : engine.submit(op as OrderRequest);
      for (const event of events) if (event.type === "trade") volume += event.quantity;
    }
    const seconds = (performance.now() - start) / 1000;
    const resting = engine.restingOrderCount();
    const alive = heapMiB();
    // What the engine holds: the heap with it minus the heap once it is gone.
    engine = null;
    return { opsPerSecond: timed / seconds, volume, resting, heapMiB: round(alive - heapMiB(), 1) };
  };

const runOurs = runEngine(MatchingEngine);

/** The same operations in the package's terms: same integer prices and sizes, same owners and STP. */
function theirOps(prefill: OrderRequest[], ops: Op[]): LimitOrderOptions[] {
  const convert = (op: Op): LimitOrderOptions => {
    if (typeof op === "string") return { id: op, side: TheirSide.BUY, size: 0, price: 0 };
    if ("exits" in op)
      throw new Error("the package has no order classes: the new mix runs through ours only");
    return {
      id: op.id,
      side: op.side === "buy" ? TheirSide.BUY : TheirSide.SELL,
      size: op.quantity,
      price: op.price ?? 0,
      accountId: op.owner,
      stpMode: SelfTradePreventionMode.EXPIRE_TAKER,
      ...(op.type === "limit" && op.timeInForce === "ioc"
        ? { timeInForce: "IOC" as LimitOrderOptions["timeInForce"] }
        : {}),
    };
  };
  return [...prefill.map(convert), ...ops.map(convert)];
}

const runTheirs: Runner = (w, timed) => {
  const all = w.theirs ?? [];
  let book: OrderBook | null = new OrderBook();
  const offset = w.prefill.length;
  for (let i = 0; i < offset; i++) book.limit(all[i] as LimitOrderOptions);
  gc();
  let volume = 0;
  const start = performance.now();
  for (let i = 0; i < timed; i++) {
    const op = all[offset + i] as LimitOrderOptions;
    const kind = w.kinds[i];
    if (kind === CANCEL) book.cancel(op.id);
    else {
      const result = kind === MARKET ? book.market(op) : book.limit(op);
      volume += op.size - result.quantityLeft;
    }
  }
  const seconds = (performance.now() - start) / 1000;
  // The package has no order count; its snapshot lists the resting orders level by level.
  const { bids, asks } = book.snapshot();
  const resting = [...bids, ...asks].reduce((n, level) => n + level.orders.length, 0);
  const alive = heapMiB();
  book = null;
  return { opsPerSecond: timed / seconds, volume, resting, heapMiB: round(alive - heapMiB(), 1) };
};

const round = (x: number, digits: number) => Number(x.toFixed(digits));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

function summary(name: string, runs: Run[]) {
  const opsPerSecond = Math.round(median(runs.map((r) => r.opsPerSecond)));
  const each = runs.map((r) => Math.round(r.opsPerSecond / 1000)).join(", ");
  console.log(
    `    ${name.padEnd(24)} ${opsPerSecond.toLocaleString("en-US").padStart(11)} ops/s (${each} k)`,
  );
  const last = runs[runs.length - 1];
  return {
    ops_per_second_median: opsPerSecond,
    ops_per_second_runs: runs.map((r) => Math.round(r.opsPerSecond)),
    engine_heap_mib: last?.heapMiB ?? null,
    traded_lots: last?.volume ?? null,
    resting_at_end: last?.resting ?? null,
  };
}

/**
 * `ours`: this engine over the compared prefix and the whole workload; `theirs`: the package over
 * the prefix; `alone`: one engine (ours, or the baseline's from `engineDir`) over the whole workload.
 */
type Job = { size: number; run: "ours" | "theirs" | "alone"; mix: Mix; engineDir?: string };
/** `full`: ours only, over the whole workload. */
type JobResult = { compared: Run[]; full: Run[]; mix: Record<string, number> };

/**
 * One engine's runs, in a worker of its own: a separate heap and JIT, so neither engine inherits
 * the other's garbage or heap sizing (run in one isolate, ours slowed by a third after theirs).
 */
async function runJob(job: Job): Promise<JobResult> {
  const w = generate(job.size, OPS, job.mix);
  const series = (runner: Runner, timed: number) => {
    runner(w, Math.min(timed, 100_000));
    return Array.from({ length: REPEATS }, () => runner(w, timed));
  };
  const compared = Math.min(OPS, COMPARE_OPS);
  if (job.run === "theirs") {
    w.theirs = theirOps(w.prefill, w.ops);
    return { compared: series(runTheirs, compared), full: [], mix: w.mix };
  }
  if (job.run === "alone") {
    const runner =
      job.engineDir === undefined
        ? runOurs
        : runEngine(
            (
              (await import(pathToFileURL(join(job.engineDir, "index.ts")).href)) as {
                MatchingEngine: EngineClass;
              }
            ).MatchingEngine,
          );
    return { compared: [], full: series(runner, OPS), mix: w.mix };
  }
  return { compared: series(runOurs, compared), full: series(runOurs, OPS), mix: w.mix };
}

if (!isMainThread) parentPort?.postMessage(await runJob(workerData as Job));

/** The engine's folder as it was at `ref`, written to a temporary folder. */
function engineAt(ref: string): string {
  const dir = mkdtempSync(join(tmpdir(), "bourse-engine-"));
  const tar = execFileSync("git", ["archive", ref, "src/venue/engine"]);
  execFileSync("tar", ["-x", "-C", dir, "--strip-components=3"], { input: tar });
  return dir;
}

const inWorker = (job: Job) =>
  new Promise<JobResult>((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: job });
    worker.once("message", resolve);
    worker.once("error", reject);
  });

export async function engine(): Promise<Outcome> {
  const rows: Row[] = [];
  const results: Record<string, unknown>[] = [];
  const compared = Math.min(OPS, COMPARE_OPS);
  const fmt = (n: number) => n.toLocaleString("en-US");
  const baselineDir = BASELINE === undefined ? undefined : engineAt(BASELINE);
  for (const size of SIZES) {
    const label = `${fmt(size)} resting`;
    console.log(`  ${label}: first ${fmt(compared)} ops through each, then all ${fmt(OPS)} through ours ...`);
    const mine = await inWorker({ size, run: "ours", mix: "old" });
    const other = await inWorker({ size, run: "theirs", mix: "old" });
    const ours = summary(`ours, ${fmt(compared)} ops`, mine.compared);
    const theirs = summary(`nodejs-order-book, ${fmt(compared)} ops`, other.compared);
    const full = summary(`ours, ${fmt(OPS)} ops`, mine.full);
    const ratio = round(ours.ops_per_second_median / theirs.ops_per_second_median, 2);
    const entry = { resting_before: size, mix: mine.mix, ratio, ours_full_workload: full };
    results.push({ ...entry, ours_compared: ours, nodejs_order_book_compared: theirs });
    rows.push(
      [`${label}: ours, ${fmt(OPS)} ops (median of ${REPEATS})`, fmt(full.ops_per_second_median)],
      [`${label}: ours, first ${fmt(compared)} ops`, fmt(ours.ops_per_second_median)],
      [`${label}: nodejs-order-book, first ${fmt(compared)} ops`, fmt(theirs.ops_per_second_median)],
      [`${label}: ratio`, `${ratio}x`],
      [
        `${label}: heap held at end MiB, ours / theirs`,
        `${ours.engine_heap_mib} / ${theirs.engine_heap_mib}`,
      ],
      [`${label}: lots traded, ours / theirs`, `${ours.traded_lots} / ${theirs.traded_lots}`],
      [`${label}: resting at end, ours / theirs`, `${ours.resting_at_end} / ${theirs.resting_at_end}`],
      [`${label}: mix`, JSON.stringify(mine.mix)],
    );
    let entryNew = {};
    if (NEW_MIX) {
      console.log(
        `  ${label}: all ${fmt(OPS)} ops of the mix with trailing stops and OCO pairs through ours ...`,
      );
      const withClasses = await inWorker({ size, run: "alone", mix: "new" });
      const classes = summary(`ours, new mix, ${fmt(OPS)} ops`, withClasses.full);
      entryNew = { ours_new_mix: classes, new_mix: withClasses.mix };
      rows.push(
        [`${label}: ours, new mix, ${fmt(OPS)} ops`, fmt(classes.ops_per_second_median)],
        [`${label}: new mix`, JSON.stringify(withClasses.mix)],
      );
    }
    let entryBaseline = {};
    if (baselineDir !== undefined) {
      // Alternated, PASSES times each, so a slow minute of the machine falls on both.
      console.log(
        `  ${label}: the old mix through this engine and the engine at ${BASELINE}, alternately ...`,
      );
      const now: Run[] = [];
      const then: Run[] = [];
      for (let pass = 0; pass < PASSES; pass++) {
        now.push(...(await inWorker({ size, run: "alone", mix: "old" })).full);
        then.push(...(await inWorker({ size, run: "alone", mix: "old", engineDir: baselineDir })).full);
      }
      const a = summary(`ours now, old mix`, now);
      const b = summary(`ours at ${BASELINE}, old mix`, then);
      const vs = round(a.ops_per_second_median / b.ops_per_second_median, 3);
      entryBaseline = {
        baseline_ref: BASELINE,
        old_mix_now: a,
        old_mix_baseline: b,
        old_mix_now_vs_baseline: vs,
      };
      rows.push(
        [
          `${label}: old mix, this engine / at ${BASELINE}`,
          `${fmt(a.ops_per_second_median)} / ${fmt(b.ops_per_second_median)} = ${vs}x`,
        ],
        [`${label}: lots traded, this engine / at ${BASELINE}`, `${a.traded_lots} / ${b.traded_lots}`],
      );
    }
    Object.assign(results[results.length - 1] ?? {}, entryNew, entryBaseline);
  }
  return {
    rows,
    data: {
      ops_per_run: OPS,
      compared_ops: compared,
      repeats: REPEATS,
      owners: OWNERS,
      workload:
        "seeded; ~60% limit (mostly 0-5 ticks behind the touch, 5-30% crossing by book size), " +
        "5% market, 5% IOC limit, ~30% cancel of a random resting order; 1,000 owners, STP on",
      nodejs_order_book: "10.1.1",
      // Other work on this 2-core machine skews absolute figures.
      loadavg_at_end: readFileSync("/proc/loadavg", "utf8").trim(),
      sizes: results,
    },
  };
}

/** Our engine alone at each size (for `scaling`): median ops/s over the whole workload. */
export async function engineOurs(
  sizes: number[],
): Promise<{ resting_before: number; ops_per_second: number }[]> {
  const out: { resting_before: number; ops_per_second: number }[] = [];
  for (const size of sizes) {
    console.log(
      `  engine, ${size.toLocaleString("en-US")} resting: ${OPS.toLocaleString("en-US")} ops x ${REPEATS} ...`,
    );
    const mine = await inWorker({ size, run: "ours", mix: "old" });
    out.push({ resting_before: size, ops_per_second: summary("ours", mine.full).ops_per_second_median });
  }
  return out;
}
