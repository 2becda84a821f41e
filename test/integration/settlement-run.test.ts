// The end-of-day run: one statement job per user account, then exactly one summary — run by two
// real graphile-worker runners at once, with statement jobs that fail and are retried.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Task, TaskList } from "graphile-worker";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generateReport, recordFailure } from "../../src/modules/reports/reports.service.ts";
import { generateReportTask } from "../../src/modules/reports/reports.tasks.ts";
import { summarizeRun } from "../../src/modules/reports/settlements.service.ts";
import { summarizeSettlementTask } from "../../src/modules/reports/settlements.tasks.ts";
import { Decimal } from "../../src/modules/shared/decimal.ts";
import { type BlobStore, folderBlobStore } from "../../src/platform/blob-store.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { createPool } from "../../src/platform/postgres.ts";
import { type QueueWorker, startQueueWorker } from "../../src/platform/worker.ts";
import { bearer, buildTestApp, createAccount, type TestAccount, type TestApp } from "../support/app.ts";
import { trade } from "../support/fills.ts";

let t: TestApp;
let dir: string;
let blobs: BlobStore;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "bourse-settlement-"));
  blobs = folderBlobStore(dir);
  t = await buildTestApp({ blobs });
});
afterAll(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

const log = createLogger({ LOG_LEVEL: "silent", LOG_FORMAT: "json", NODE_ENV: "test" });
const admin = () => bearer(t.adminToken);

const start = async (date: string, headers = admin()) =>
  await t.app.inject({ method: "POST", url: "/api/v1/admin/settlements", headers, payload: { date } });
const runOf = async (id: string) =>
  (await t.app.inject({ method: "GET", url: `/api/v1/admin/settlements/${id}`, headers: admin() })).json();

/** A worker process's runner on its own pool, as a second process would have. */
async function runner(tasks: TaskList): Promise<QueueWorker> {
  const pool = createPool(
    {
      connectionString: t.database.url,
      max: 6,
      statementTimeoutMs: 30_000,
      connectionTimeoutMs: 10_000,
      idleTimeoutMs: 10_000,
      maxLifetimeSeconds: 0,
      applicationName: "bourse-test-runner",
    },
    log,
  );
  const worker = await startQueueWorker({
    pool,
    log,
    concurrency: 4,
    pollIntervalMs: 200,
    tasks,
    fetchBatch: 16,
  });
  return {
    stop: async () => {
      await worker.stop();
      await pool.end();
    },
  };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 40_000): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const userAccounts = async () =>
  (await t.database.db.selectFrom("accounts").select("id").where("kind", "=", "user").execute()).length;

async function reportsOf(runId: string) {
  return await t.database.db
    .selectFrom("reports")
    .select(["id", "account_id", "status", "counted_at"])
    .where("settlement_run_id", "=", runId)
    .execute();
}

/** Accounts with fills executed at noon of `date`; returns the expected summary figures. */
async function tradingDay(date: string, accounts: number) {
  const noon = new Date(`${date}T12:00:00.000Z`);
  const made: TestAccount[] = [];
  const expected = { fills: 0, quantity: new Decimal(0), notional: new Decimal(0), fees: new Decimal(0) };
  const btc = await t.services.catalog.get("BTC-USD");
  for (let i = 0; i < accounts; i++) {
    const a = await createAccount(t, { USD: "100000" });
    made.push(a);
    if (i % 3 === 2) continue; // some accounts did not trade
    const quantity = new Decimal("0.01").times(i + 1);
    const price = new Decimal("50000.5").plus(i);
    await trade(t, a, { quantity: quantity.toFixed(), price: price.toFixed(), executedAt: noon });
    expected.fills++;
    expected.quantity = expected.quantity.plus(quantity);
    expected.notional = expected.notional.plus(quantity.times(price));
    // Each fill is an order of its own: its fee is rounded up to the cent on its own.
    const fee = quantity.times(price).times(btc.taker_fee_rate).toDecimalPlaces(2, Decimal.ROUND_CEIL);
    expected.fees = expected.fees.plus(fee);
  }
  return { accounts: made, expected };
}

/** The real tasks, wrapped to count summaries and to fail chosen statements on their first attempt. */
function tasks(o: {
  summaries: string[];
  failBefore?: Set<number>;
  failAfter?: Set<number>;
  /** Which runners ran statements. */
  ranBy?: Set<string>;
}) {
  const generate = generateReportTask(t.database.db, blobs);
  const summarize = summarizeSettlementTask(t.database.db);
  const seen = { n: 0 };
  return (runnerName: string) => ({
    generate_report: (async (payload, helpers) => {
      o.ranBy?.add(runnerName);
      const nth = helpers.job.attempts === 1 ? seen.n++ : -1;
      if (o.failBefore?.has(nth)) throw new Error(`injected failure before statement ${nth}`);
      await generate(payload, helpers);
      if (o.failAfter?.has(nth)) throw new Error(`injected failure after statement ${nth} committed`);
    }) satisfies Task<"generate_report">,
    summarize_settlement: (async (payload, helpers) => {
      o.summaries.push(payload.run_id);
      await summarize(payload, helpers);
    }) satisfies Task<"summarize_settlement">,
  });
}

async function runToCompletion(date: string, taskList: (runnerName: string) => TaskList) {
  const workers = [await runner(taskList("first")), await runner(taskList("second"))];
  try {
    const started = await start(date);
    expect(started.statusCode).toBe(202);
    const run = started.json();
    expect(run).toMatchObject({ date, status: "running", done: 0, accounts: await userAccounts() });
    const complete = await until("the run to complete", async () => {
      const now = await runOf(run.id);
      return now.status === "complete" ? now : undefined;
    });
    // Let any stray duplicate job surface before the runners stop.
    await new Promise((r) => setTimeout(r, 500));
    return complete;
  } finally {
    for (const w of workers) await w.stop();
  }
}

describe("the end-of-day run", () => {
  test("when two runners work through many accounts' statements, then every statement is ready and exactly one summary runs", async () => {
    const date = "2026-11-20";
    const { expected } = await tradingDay(date, 24);
    const summaries: string[] = [];
    const ranBy = new Set<string>();
    const run = await runToCompletion(date, tasks({ summaries, ranBy }));

    expect(summaries).toEqual([run.id]);
    expect([...ranBy].sort()).toEqual(["first", "second"]);
    const total = await userAccounts();
    expect(run).toMatchObject({ accounts: total, done: total, status: "complete" });
    const statements = await reportsOf(run.id);
    expect(statements).toHaveLength(total);
    expect(statements.every((s) => s.status === "ready" && s.counted_at !== null)).toBe(true);
    expect(new Set(statements.map((s) => s.account_id)).size).toBe(total);
    expect(run.summary).toEqual({
      accounts: total,
      statements: { ready: total, failed: 0 },
      fills: expected.fills,
      volume: [
        {
          symbol: "BTC-USD",
          fills: expected.fills,
          quantity: expected.quantity.toFixed(),
          notional: expected.notional.toFixed(),
        },
      ],
      fees: [{ asset: "USD", amount: expected.fees.toFixed() }],
    });
  });

  test("when statement jobs fail once (before and after their work committed), then retries count each statement once and the summary still runs exactly once", async () => {
    const date = "2026-11-21";
    const { expected } = await tradingDay(date, 6);
    const summaries: string[] = [];
    const failBefore = new Set([0, 5]);
    const failAfter = new Set([1, 7]);
    const run = await runToCompletion(date, tasks({ summaries, failBefore, failAfter }));

    expect(summaries).toEqual([run.id]);
    const total = await userAccounts();
    expect(run).toMatchObject({ accounts: total, done: total });
    expect(run.summary).toMatchObject({ statements: { ready: total, failed: 0 }, fills: expected.fills });
    const statements = await reportsOf(run.id);
    expect(statements.every((s) => s.status === "ready")).toBe(true);
  });

  test("when every statement of a run finishes at the same moment, then exactly one of them queues the summary", async () => {
    const date = "2026-11-22";
    const run = (await start(date)).json();
    const statements = await reportsOf(run.id);
    expect(statements.length).toBeGreaterThan(10);
    // Each statement generated twice at once: the repeat must neither count nor queue anything.
    const twice = statements.flatMap((s) => [s.id, s.id]);
    const outcomes = await Promise.all(twice.map((id) => generateReport(t.database.db, blobs, id)));
    expect(outcomes.filter((o) => o === "ready")).toHaveLength(statements.length);
    const jobs = await sql<{ n: number }>`select count(*)::int as n from graphile_worker._private_jobs j
      join graphile_worker._private_tasks k on k.id = j.task_id
      where k.identifier = 'summarize_settlement' and j.payload->>'run_id' = ${run.id}`.execute(
      t.database.db,
    );
    expect(jobs.rows[0]?.n).toBe(1);
    expect(await runOf(run.id)).toMatchObject({ status: "summarizing", done: statements.length });
  });

  test("when a statement fails for good, then it counts as finished once and the summary shows it failed; regenerating it later counts nothing more", async () => {
    const date = "2026-11-19";
    const run = (await start(date)).json();
    const [failing, ...rest] = await reportsOf(run.id);
    if (failing === undefined) throw new Error("the run has no statements");
    const last = { attempts: 5, maxAttempts: 5 };
    expect(await recordFailure(t.database.db, failing.id, new Error("bucket gone"), last)).toBe("failed");
    // The failure of the last attempt recorded twice (a crash between recording and acknowledging).
    expect(await recordFailure(t.database.db, failing.id, new Error("bucket gone"), last)).toBe("failed");
    for (const s of rest) await generateReport(t.database.db, blobs, s.id);
    expect(await runOf(run.id)).toMatchObject({ status: "summarizing", done: rest.length + 1 });

    expect(await summarizeRun(t.database.db, run.id)).toBe("summarized");
    expect(await summarizeRun(t.database.db, run.id)).toBe("already_complete");
    const complete = await runOf(run.id);
    expect(complete.summary.statements).toEqual({ ready: rest.length, failed: 1 });

    expect(await generateReport(t.database.db, blobs, failing.id)).toBe("ready");
    expect(await runOf(run.id)).toMatchObject({ status: "complete", done: rest.length + 1 });
  });

  test("when a day's run is started again, then the existing run is returned; a future day, no token or an unknown id are refused", async () => {
    const first = await start("2026-11-23");
    expect(first.statusCode).toBe(202);
    const again = await start("2026-11-23");
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expect((await start("2999-01-01")).statusCode).toBe(422);
    for (const ancient of ["0000-01-01", "0001-01-01"]) {
      const refused = await start(ancient);
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error).toMatchObject({ code: "VALIDATION_ERROR", details: [{ path: "date" }] });
    }
    const a = await createAccount(t, {});
    expect((await start("2026-11-24", a.headers)).statusCode).toBe(401);
    const unknown = await t.app.inject({
      method: "GET",
      url: "/api/v1/admin/settlements/0190a8a0-0000-7000-8000-000000000000",
      headers: admin(),
    });
    expect(unknown.statusCode).toBe(404);
  });

  test("when there are no user accounts to cover, then the run goes straight to its summary", async () => {
    const empty = await buildTestApp({ blobs });
    try {
      const r = await empty.app.inject({
        method: "POST",
        url: "/api/v1/admin/settlements",
        headers: bearer(empty.adminToken),
        payload: { date: "2026-11-25" },
      });
      expect(r.json()).toMatchObject({ accounts: 0, done: 0, status: "summarizing" });
      await summarizeSettlementTask(empty.database.db)({ run_id: r.json().id }, { logger: log } as never);
      const row = await empty.database.db
        .selectFrom("settlement_runs")
        .select(["status", "summary"])
        .where("id", "=", r.json().id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({
        status: "complete",
        summary: { accounts: 0, statements: { ready: 0, failed: 0 }, fills: 0, volume: [], fees: [] },
      });
    } finally {
      await empty.close();
    }
  });
});
