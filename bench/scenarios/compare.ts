// `compare`: the Python guide's stack and Bourse, one after the other, on the same PostgreSQL 15
// and Redis (the guide's run.sh setup), with the same wrk load: POST, GET by id, list by symbol,
// with 1 and 2 server processes on each side; then the pgbench single-row INSERT ceiling.
import { spawn, spawnSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type pg from "pg";
import { checkInstruments, createTraders, type Trader } from "../lib/api.ts";
import { withCleanup } from "../lib/cleanup.ts";
import { measuredRows, measureWrk, type WrkMeasured } from "../lib/measure.ts";
import { round, treeSnapshot, treeUsage } from "../lib/proc.ts";
import type { Row } from "../lib/report.ts";
import { sampleOrders, seedOrders } from "../lib/seed.ts";
import { makeDataDir, removeDir } from "../lib/server.ts";
import {
  ADMIN_URL as ADMIN,
  type BourseStack,
  bourseBacklog,
  bourseDrain,
  connect,
  freshBourseDatabase,
  PEER_DIR,
  PGBIN,
  peerDrain,
  postmaster,
  redis,
  redisPid,
  seedPeerReads,
  sql,
  startPeer,
  urlOf,
  withBourse,
  withPeerServices,
} from "../lib/stack.ts";
import { LOAD } from "../lib/wrk.ts";
import type { Outcome } from "./load.ts";

const PROCESSES = (process.env.BENCH_PROCESSES ?? "1,2").split(",").map(Number);
const DRAIN_MAX_S = Number(process.env.BENCH_DRAIN_MAX_S ?? 180);
const READ_ORDERS = 15_000; // 100 accounts × 3 symbols × 50: every list page is full, as the guide's are
const TRADERS = 100;
const BOURSE_DB = "bourse";

type Block = { post: WrkMeasured & { drain_s: number }; get: WrkMeasured; list: WrkMeasured };

const seconds = (d: string): number => {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(d);
  if (m === null) throw new Error(`cannot read duration '${d}'`);
  const v = Number(m[1]);
  return m[2] === "ms" ? v / 1000 : m[2] === "m" ? v * 60 : v;
};

const count = async (db: string | pg.Client) =>
  Number(
    (
      await sql<{ n: string }>(
        typeof db === "string" ? urlOf(db) : db,
        "select count(*)::text as n from orders",
      )
    )[0]?.n,
  );

/** Runs `body` with a connection held open (counters read during a run open no session). */
async function held<T>(db: string, body: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = await connect(urlOf(db));
  try {
    return await body(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function guide(n: number, dir: string): Promise<Block> {
  console.log(`  guide, uvicorn --workers ${n} + Celery worker`);
  redis("flushall");
  await sql(urlOf("orders"), "truncate orders");
  const peer = await startPeer(n, dir);
  return await withCleanup(
    async () => {
      await peer.app.stop();
      await peer.celery.stop();
    },
    async () => {
      const script = (name: string) => ({
        script: "peer.lua",
        env: { BENCH_PEER_SCRIPT: join(PEER_DIR, "bench", name) },
      });
      const common = {
        url: peer.url,
        database: "orders",
        adminUrl: ADMIN,
        roots: () => ({
          app: [peer.app.pid],
          celery: [peer.celery.pid],
          postgres: [postmaster()],
          redis: [redisPid()],
        }),
      };
      console.log("   POST /api/v1/orders/");
      const post = await held("orders", (c) =>
        measureWrk({
          ...common,
          ...script("post_order.lua"),
          args: [],
          afterWarmup: () => peerDrain(DRAIN_MAX_S),
          counters: async () => ({
            orders: await count(c),
            queue: Number(redis("-n", "1", "llen", "celery")),
            results: Number(redis("-n", "2", "dbsize")),
          }),
        }),
      );
      const drain = await peerDrain(DRAIN_MAX_S);
      const ids = join(dir, "ids.txt");
      await seedPeerReads(ids);
      redis("-n", "0", "flushdb");
      console.log("   GET /api/v1/orders/{id} (cache-aside)");
      const hits = () => {
        const info = redis("info", "stats");
        const v = (k: string) => Number(new RegExp(`^${k}:(\\d+)`, "m").exec(info)?.[1] ?? 0);
        return Promise.resolve({ redis_hits: v("keyspace_hits"), redis_misses: v("keyspace_misses") });
      };
      const get = await measureWrk({
        ...common,
        ...script("get_order.lua"),
        warmupArgs: [ids, "seq", String(LOAD.threads)],
        args: [ids, "rand"],
        counters: hits,
      });
      console.log("   GET /api/v1/orders/?symbol=&limit=50");
      const list = await measureWrk({ ...common, ...script("list_orders.lua"), args: [] });
      return { post: { ...post, drain_s: drain }, get, list };
    },
  );
}

const bourseRoots = (s: BourseStack) => () => ({
  api: s.api.map((p) => p.pid),
  worker: [s.worker?.pid],
  venue: [s.venue?.pid],
  postgres: [postmaster()],
  redis: [redisPid()],
});

async function traders(s: BourseStack, dir: string): Promise<{ made: Trader[]; keys: string }> {
  await checkInstruments(s.urls[0] as string);
  const made = await createTraders(s.urls[0] as string, s.adminToken, TRADERS);
  const keys = join(dir, "keys.txt");
  await writeFile(keys, `${made.map((t) => t.key).join("\n")}\n`);
  return { made, keys };
}

async function bourse(n: number, dir: string): Promise<Block> {
  const spread = n > 1 ? "wrk's threads spread over the ports" : "";
  console.log(`  Bourse, ${n} api process(es) + worker + venue ${spread}`);
  await freshBourseDatabase(BOURSE_DB);
  const env = (s: BourseStack) => (s.ports.length > 1 ? { BENCH_PORTS: s.ports.join(",") } : undefined);
  const post = await withBourse({ database: BOURSE_DB, apis: n, pipeline: true }, async (s) => {
    const { keys } = await traders(s, dir);
    console.log("   POST /api/v1/orders");
    const m = await held(BOURSE_DB, (c) =>
      measureWrk({
        url: s.urls[0] as string,
        script: "post_order.lua",
        args: [keys],
        env: env(s),
        database: BOURSE_DB,
        adminUrl: ADMIN,
        roots: bourseRoots(s),
        afterWarmup: () => bourseDrain(BOURSE_DB, DRAIN_MAX_S),
        counters: async () => ({ orders: await count(c), ...(await bourseBacklog(c)) }),
      }),
    );
    return { ...m, drain_s: await bourseDrain(BOURSE_DB, DRAIN_MAX_S) };
  });
  console.log(`  Bourse, ${n} api process(es) alone, ${READ_ORDERS} orders on a fresh database`);
  await freshBourseDatabase(BOURSE_DB);
  const reads = await withBourse({ database: BOURSE_DB, apis: n, pipeline: false }, async (s) => {
    const { made, keys } = await traders(s, dir);
    await seedOrders(
      urlOf(BOURSE_DB),
      made.map((t) => t.accountId),
      READ_ORDERS,
    );
    const keyOf = new Map(made.map((t) => [t.accountId, t.key]));
    const ids = join(dir, "bourse-ids.txt");
    const sample = await sampleOrders(urlOf(BOURSE_DB), 2_000);
    await writeFile(ids, `${sample.map((o) => `${keyOf.get(o.account)} ${o.id}`).join("\n")}\n`);
    const common = {
      url: s.urls[0] as string,
      env: env(s),
      database: BOURSE_DB,
      adminUrl: ADMIN,
      roots: bourseRoots(s),
    };
    console.log("   GET /api/v1/orders/{id}");
    const get = await measureWrk({ ...common, script: "get_order.lua", args: [ids] });
    console.log("   GET /api/v1/orders?symbol=&limit=50");
    const list = await measureWrk({ ...common, script: "list_orders.lua", args: [keys] });
    return { get, list };
  });
  return { post, ...reads };
}

/** run.sh's bench_pg, the INSERT part: warm-up, then pgbench -c 64 -j 2 on a copy of the guide's table. */
async function pgbenchInsert() {
  const url = urlOf("orders");
  const file = join(PEER_DIR, "bench", "pg_insert.sql");
  await sql(
    url,
    "drop table if exists orders_pgbench; create table orders_pgbench (like orders including all)",
  );
  const run = (t: number) =>
    new Promise<string>((done, fail) => {
      const args = [
        "-h",
        "127.0.0.1",
        "-U",
        "postgres",
        "-n",
        "-c",
        "64",
        "-j",
        "2",
        "-T",
        String(t),
        "-f",
        file,
        "orders",
      ];
      const child = spawn(join(PGBIN, "pgbench"), args, { stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
      });
      child.stderr.on("data", (d: Buffer) => {
        out += d.toString();
      });
      child.on("close", (code) =>
        code === 0 ? done(out) : fail(new Error(`pgbench exited ${code}\n${out}`)),
      );
    });
  console.log("  pgbench single-row INSERT, 64 clients, -j 2: warm-up 5 s ...");
  await run(5);
  await sql(url, "truncate orders_pgbench");
  await sql(url, "checkpoint");
  const t = Math.max(1, Math.round(seconds(LOAD.duration)));
  console.log(`  pgbench measured -T ${t} ...`);
  const a = treeSnapshot({ postgres: [postmaster()] });
  const out = await run(t);
  const b = treeSnapshot({ postgres: [postmaster()] });
  await sql(url, "drop table if exists orders_pgbench");
  const num = (re: RegExp) => Number(re.exec(out)?.[1] ?? Number.NaN);
  return {
    command: `pgbench -n -c 64 -j 2 -T ${t} -f ${file} orders`,
    tps: round(num(/^tps = ([\d.]+)/m), 1),
    latency_avg_ms: num(/^latency average = ([\d.]+)/m),
    cpu: treeUsage(a, b),
  };
}

function versions() {
  const line = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { encoding: "utf8" });
    return `${r.stdout}${r.stderr}`.split("\n")[0]?.trim() ?? "unknown";
  };
  return {
    python: line(join(PEER_DIR, ".venv", "bin", "python"), ["--version"]),
    postgres: line(join(PGBIN, "postgres"), ["--version"]),
    redis: line("redis-server", ["--version"]),
  };
}

const ratio = (a: number, b: number) => (b > 0 ? round(a / b, 2) : null);

export async function compare(): Promise<Outcome> {
  return await withPeerServices(async () => {
    const dir = await makeDataDir();
    return await withCleanup(
      () => removeDir(dir),
      async () => {
        const guideRuns: Record<string, Block> = {};
        const bourseRuns: Record<string, Block> = {};
        for (const n of PROCESSES) {
          guideRuns[n] = await guide(n, dir);
          bourseRuns[n] = await bourse(n, dir);
        }
        const pgbench = await pgbenchInsert();
        const rows: Row[] = [];
        const ratios: Record<string, Record<string, number | null>> = {};
        for (const n of PROCESSES) {
          const g = guideRuns[n] as Block;
          const b = bourseRuns[n] as Block;
          ratios[n] = {
            post: ratio(b.post.wrk.rps, g.post.wrk.rps),
            get: ratio(b.get.wrk.rps, g.get.wrk.rps),
            list: ratio(b.list.wrk.rps, g.list.wrk.rps),
            bourse_post_of_pgbench: ratio(b.post.wrk.rps, pgbench.tps),
            guide_post_of_pgbench: ratio(g.post.wrk.rps, pgbench.tps),
          };
          for (const k of ["post", "get", "list"] as const) {
            rows.push(...measuredRows(`${n}p guide ${k}`, g[k]), ...measuredRows(`${n}p Bourse ${k}`, b[k]));
          }
          const gq = g.post.counters;
          const bq = b.post.counters;
          const runS = seconds(LOAD.duration);
          const sustained = (created: number, drain: number) => round(created / (runS + drain), 1);
          const gCreated = (gq.after.orders ?? 0) - (gq.before.orders ?? 0);
          const bCreated = (bq.after.orders ?? 0) - (bq.before.orders ?? 0);
          ratios[n] = {
            ...ratios[n],
            guide_post_end_to_end: sustained(gCreated, g.post.drain_s),
            bourse_post_end_to_end: sustained(bCreated, b.post.drain_s),
          };
          rows.push(
            [
              `${n}p POST created / (run + drain) s: guide, Bourse`,
              `${ratios[n]?.guide_post_end_to_end}, ${ratios[n]?.bourse_post_end_to_end}`,
            ],
            [
              `${n}p guide POST: orders created, Celery queue at end, drain s`,
              `${(gq.after.orders ?? 0) - (gq.before.orders ?? 0)}, ${gq.after.queue}, ${g.post.drain_s}`,
            ],
            [
              `${n}p Bourse POST: orders created, runnable jobs / pending orders at end, drain s`,
              `${(bq.after.orders ?? 0) - (bq.before.orders ?? 0)}, ${bq.after.jobs} / ${bq.after.pending_orders}, ${b.post.drain_s}`,
            ],
            [
              `${n}p ratio Bourse/guide: POST, GET, list`,
              `${ratios[n]?.post}x, ${ratios[n]?.get}x, ${ratios[n]?.list}x`,
            ],
            [
              `${n}p POST as a fraction of pgbench INSERT: Bourse, guide`,
              `${ratios[n]?.bourse_post_of_pgbench}, ${ratios[n]?.guide_post_of_pgbench}`,
            ],
          );
        }
        rows.push([
          "pgbench INSERT 64 clients: TPS, avg latency ms, PostgreSQL CPU s",
          `${pgbench.tps}, ${pgbench.latency_avg_ms}, ${pgbench.cpu.cpu_s.postgres}`,
        ]);
        return {
          rows,
          data: {
            load: {
              ...LOAD,
              drain_max_s: DRAIN_MAX_S,
              processes: PROCESSES,
              bourse_read_orders: READ_ORDERS,
            },
            versions: versions(),
            guide: guideRuns,
            bourse: bourseRuns,
            pgbench,
            ratios,
          },
        };
      },
    );
  });
}
