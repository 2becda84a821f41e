// `plots`: SVG charts from the newest bench/results/{compare,scaling}-*.json into docs/img/.
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { barChart, type DistSeries, latencyHistogram, logLineChart } from "../lib/plot.ts";
import type { Row } from "../lib/report.ts";
import { ROOT } from "../lib/server.ts";
import type { WrkResult } from "../lib/wrk.ts";
import type { Outcome } from "./load.ts";

const RESULTS = join(ROOT, "bench", "results");
const OUT = join(ROOT, "docs", "img");

type Run = { wrk: WrkResult };
type Block = { post: Run; get: Run; list: Run };
interface Compare {
  guide: Record<string, Block>;
  bourse: Record<string, Block>;
}
interface Scaling {
  sizes: { size: number; list: Run; post: Run }[];
  engine: { resting_before: number; ops_per_second: number }[];
}

/** BENCH_PLOT_FILES=compare-….json,scaling-….json pins the results to draw; else the newest of each. */
const PINNED = (process.env.BENCH_PLOT_FILES ?? "").split(",").filter(Boolean);

/** The newest result of a scenario (names end in a sortable UTC stamp), unless one is pinned. */
async function newest<T>(scenario: string): Promise<{ file: string; data: T } | undefined> {
  const mine = (f: string) => f.startsWith(`${scenario}-`) && f.endsWith(".json");
  const files = PINNED.some(mine) ? PINNED.filter(mine) : (await readdir(RESULTS)).filter(mine).sort();
  const file = files[files.length - 1];
  if (file === undefined) return undefined;
  return { file, data: JSON.parse(await readFile(join(RESULTS, file), "utf8")) as T };
}

const ROUTES = [
  ["post", "POST /orders"],
  ["get", "GET /orders/{id}"],
  ["list", "GET /orders?symbol"],
] as const;

function compareCharts(c: Compare): Record<string, string> {
  const procs = Object.keys(c.guide);
  const series = procs.flatMap((n) => [
    {
      name: `guide, ${n} process${n === "1" ? "" : "es"}`,
      values: ROUTES.map(([k]) => c.guide[n]?.[k].wrk.rps ?? 0),
    },
    {
      name: `Bourse, ${n} process${n === "1" ? "" : "es"}`,
      values: ROUTES.map(([k]) => c.bourse[n]?.[k].wrk.rps ?? 0),
    },
  ]);
  const charts: Record<string, string> = {
    "compare-throughput.svg": barChart({
      title: "Requests/s, guide (FastAPI) vs Bourse, same machine, same run",
      groups: ROUTES.map(([, label]) => label),
      series,
      yLabel: "requests/s",
    }),
    "compare-p99.svg": barChart({
      title: "p99 latency (ms), guide vs Bourse, same run",
      groups: ROUTES.map(([, label]) => label),
      series: procs.flatMap((n) => [
        { name: `guide, ${n}p`, values: ROUTES.map(([k]) => c.guide[n]?.[k].wrk.p99_ms ?? 0) },
        { name: `Bourse, ${n}p`, values: ROUTES.map(([k]) => c.bourse[n]?.[k].wrk.p99_ms ?? 0) },
      ]),
      yLabel: "p99 ms",
    }),
  };
  for (const [k, label] of ROUTES) {
    const dists: DistSeries[] = [];
    for (const n of procs) {
      for (const [who, side] of [
        ["guide", c.guide],
        ["Bourse", c.bourse],
      ] as const) {
        const dist = side[n]?.[k].wrk.dist;
        if (dist !== undefined) dists.push({ name: `${who}, ${n}p`, dist });
      }
    }
    if (dists.length > 0) {
      charts[`compare-latency-${k}.svg`] = latencyHistogram({
        title: `${label}: latency distribution`,
        series: dists,
      });
    }
  }
  return charts;
}

function scalingCharts(s: Scaling): Record<string, string> {
  const pts = (f: (x: Scaling["sizes"][number]) => number) =>
    s.sizes.map((x): [number, number] => [x.size, f(x)]);
  return {
    "scaling-throughput.svg": logLineChart({
      title: "Requests/s by orders already in the table (API role, embedded PostgreSQL)",
      series: [
        { name: "POST /orders", points: pts((x) => x.post.wrk.rps) },
        { name: "GET /orders?symbol&limit=50", points: pts((x) => x.list.wrk.rps) },
      ],
      xLabel: "orders in the table",
      yLabel: "requests/s",
    }),
    "scaling-p99.svg": logLineChart({
      title: "p99 latency by orders already in the table",
      series: [
        { name: "POST /orders", points: pts((x) => x.post.wrk.p99_ms) },
        { name: "GET /orders?symbol&limit=50", points: pts((x) => x.list.wrk.p99_ms) },
      ],
      xLabel: "orders in the table",
      yLabel: "p99 ms",
    }),
    "scaling-engine.svg": logLineChart({
      title: "Matching engine ops/s by resting orders",
      series: [
        {
          name: "Bourse engine",
          points: s.engine.map((e): [number, number] => [e.resting_before, e.ops_per_second]),
        },
      ],
      xLabel: "orders resting before the run",
      yLabel: "operations/s",
    }),
  };
}

export async function plots(): Promise<Outcome> {
  await mkdir(OUT, { recursive: true });
  const rows: Row[] = [];
  const sources: Record<string, string> = {};
  const compare = await newest<Compare>("compare");
  const scaling = await newest<Scaling>("scaling");
  const charts = {
    ...(compare === undefined ? {} : compareCharts(compare.data)),
    ...(scaling === undefined ? {} : scalingCharts(scaling.data)),
  };
  for (const [name, from] of [
    ["compare", compare?.file],
    ["scaling", scaling?.file],
  ] as const) {
    rows.push([`from ${name}`, from ?? "(no result: run that scenario first)"]);
    if (from !== undefined) sources[name] = from;
  }
  for (const [file, svg] of Object.entries(charts)) {
    await writeFile(join(OUT, file), svg);
    rows.push(["wrote", `docs/img/${file}`]);
  }
  return { rows, data: { sources, written: Object.keys(charts) } };
}
