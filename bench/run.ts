// Benchmark harness: `npm run bench -- <scenario>`. See bench/README.md.
import { readFileSync } from "node:fs";
import { cleanupAll } from "./lib/cleanup.ts";
import { environment, printTable, writeResult } from "./lib/report.ts";
import { ensureWrk } from "./lib/wrk.ts";
import { compare } from "./scenarios/compare.ts";
import { engine } from "./scenarios/engine.ts";
import { lifecycle } from "./scenarios/lifecycle.ts";
import { list, type Outcome, orderEntry, read } from "./scenarios/load.ts";
import { plots } from "./scenarios/plots.ts";
import { scaling } from "./scenarios/scaling.ts";
import { startup } from "./scenarios/startup.ts";
import { stream } from "./scenarios/stream.ts";

const SCENARIOS: Record<string, { wrk: boolean; run: () => Promise<Outcome>; about: string }> = {
  startup: {
    wrk: false,
    run: startup,
    about: "spawn -> /readyz on a new and an existing DATA_DIR, idle RSS",
  },
  "order-entry": { wrk: true, run: orderEntry, about: "wrk POST /api/v1/orders, 100 accounts" },
  read: { wrk: true, run: read, about: "wrk GET /api/v1/orders/{id} over ~2,000 orders" },
  list: { wrk: true, run: list, about: "wrk GET /api/v1/orders?symbol=&limit=50 over ~10,000 orders" },
  compare: {
    wrk: true,
    run: compare,
    about:
      "the Python guide vs Bourse on one PostgreSQL 15 + Redis: POST, GET, list, 1 and 2 processes; pgbench",
  },
  lifecycle: {
    wrk: true,
    run: lifecycle,
    about:
      "market orders placed -> routed -> filled in `start`: filled orders/s, placement -> settled fill ms",
  },
  plots: {
    wrk: false,
    run: plots,
    about: "SVG charts from the newest compare and scaling results into docs/img/",
  },
  stream: {
    wrk: false,
    run: stream,
    about: "1,000 WebSocket clients on 200 accounts, 200 events/s: commit -> receipt ms, server RSS",
  },
  scaling: {
    wrk: true,
    run: scaling,
    about:
      "order entry and list with 10k / 100k / 1M orders in the table; engine at 100 / 10k / 100k resting",
  },
  engine: {
    wrk: false,
    run: engine,
    about: "matching engine ops/s vs nodejs-order-book, 100 / 10,000 / 100,000 resting orders",
  },
};

function usage(): string {
  const lines = Object.entries(SCENARIOS).map(([name, s]) => `  ${name.padEnd(12)} ${s.about}`);
  return `usage: npm run bench -- <scenario>\n${lines.join("\n")}`;
}

async function main(argv: string[]): Promise<number> {
  const name = argv[0];
  const scenario = name === undefined ? undefined : SCENARIOS[name];
  if (name === undefined || scenario === undefined) {
    console.error(name === undefined ? usage() : `unknown scenario '${name}'\n${usage()}`);
    return 2;
  }
  const wrkVersion = scenario.wrk ? ensureWrk() : "not used";
  console.log(`bench ${name}: ${scenario.about}`);
  const startedAt = new Date().toISOString();
  const loadavg = readFileSync("/proc/loadavg", "utf8").trim();
  const outcome = await scenario.run();
  const file = await writeResult(name, {
    started_at: startedAt,
    environment: { ...environment(wrkVersion), loadavg_at_start: loadavg },
    ...outcome.data,
  });
  printTable(`bench ${name}`, outcome.rows);
  console.log(`\nJSON: ${file}`);
  return 0;
}

let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error(`\n${signal}: stopping the server and removing the temporary DATA_DIR ...`);
    cleanupAll().then(
      () => process.exit(130),
      () => process.exit(130),
    );
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  async (error: unknown) => {
    if (!interrupted) {
      console.error(
        `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
    await cleanupAll();
    process.exit(interrupted ? 130 : 1);
  },
);
