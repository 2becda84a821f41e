import { EventEmitter } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, expect, test } from "vitest";
import { type Closer, Closers, type Component, onShutdown } from "../../src/app/lifecycle.ts";
import { createLogger } from "../../src/platform/logger.ts";

const log = createLogger({ LOG_LEVEL: "silent", LOG_FORMAT: "json", NODE_ENV: "test" });

afterEach(() => {
  // A closer that fails sets the process's exit code; the test run's must not keep it.
  process.exitCode = undefined;
});

/** Closers that record their names when they close. */
function recording(names: Component[]): { closers: Closers; closed: string[] } {
  const closers = new Closers();
  const closed: string[] = [];
  for (const name of names) {
    closers.add(name, async () => {
      closed.push(name);
    });
  }
  return { closers, closed };
}

test("when a `start` role registers its closers as it starts, then they close venue first, then HTTP, the fast path, the worker, the pools, the database last", async () => {
  // The order in which roles.ts and compose.ts register them.
  const { closers, closed } = recording([
    "database",
    "venue",
    "venue client",
    "redis",
    "blob store",
    "fast path",
    "http",
    "worker",
  ]);
  const start = ["venue", "http", "fast path", "worker", "redis", "venue client", "blob store", "database"];
  expect(closers.list().map((c) => c.name)).toEqual(start);
  await closers.closeAll();
  expect(closed).toEqual(start);
});

test("when a worker alone serves its metrics, then its metrics server closes after the worker and before the pools", () => {
  const { closers } = recording([
    "database",
    "venue client",
    "redis",
    "blob store",
    "worker",
    "metrics server",
  ]);
  expect(closers.list().map((c) => c.name)).toEqual([
    "worker",
    "metrics server",
    "redis",
    "venue client",
    "blob store",
    "database",
  ]);
});

test("when a closer fails, then the others still close, once, and the failure is rethrown", async () => {
  const closers = new Closers();
  const closed: string[] = [];
  closers.add("database", async () => {
    closed.push("database");
  });
  closers.add("http", async () => {
    throw new Error("http failed");
  });
  await expect(closers.closeAll()).rejects.toThrow("http failed");
  await closers.closeAll();
  expect(closed).toEqual(["database"]);
});

test("when a component registers a second closer, then it is refused", () => {
  const closers = new Closers();
  closers.add("redis", async () => {});
  expect(() => closers.add("redis", async () => {})).toThrow(/already registered/);
});

/** onShutdown on signals of its own, with `exit` recorded instead of exiting. */
function shutdown(closers: Closer[], graceMs: number) {
  const signals = new EventEmitter();
  const exits: number[] = [];
  const done = onShutdown(log, closers, { graceMs, signals, exit: (code) => exits.push(code) });
  return { signals, exits, done };
}

test("when a closer never ends (a pool waiting for a database that has gone), then SIGTERM still ends the process within the grace, with status 1", async () => {
  const closed: string[] = [];
  const s = shutdown(
    [
      { name: "http", close: async () => void closed.push("http") },
      { name: "database", close: () => new Promise<void>(() => {}) },
      { name: "after", close: async () => void closed.push("after") },
    ],
    200,
  );
  const started = Date.now();
  s.signals.emit("SIGTERM", "SIGTERM");
  await s.done;
  expect(Date.now() - started).toBeLessThan(1_000);
  expect(s.exits).toEqual([1]);
  expect(closed).toEqual(["http"]);
});

test("when every closer ends in time, then shutdown resolves without exiting, and a closer that fails sets status 1", async () => {
  const closed: string[] = [];
  const s = shutdown(
    [
      {
        name: "http",
        close: async () => {
          await sleep(20);
          closed.push("http");
        },
      },
      {
        name: "redis",
        close: async () => {
          throw new Error("redis failed");
        },
      },
      { name: "database", close: async () => void closed.push("database") },
    ],
    1_000,
  );
  s.signals.emit("SIGTERM", "SIGTERM");
  await s.done;
  expect(closed).toEqual(["http", "database"]);
  expect(s.exits).toEqual([]);
  expect(process.exitCode).toBe(1);
});

test("when a second signal comes while closing, then it exits at once with status 1", async () => {
  const s = shutdown([{ name: "http", close: () => sleep(100) }], 1_000);
  s.signals.emit("SIGTERM", "SIGTERM");
  s.signals.emit("SIGINT", "SIGINT");
  expect(s.exits).toEqual([1]);
  await s.done;
});
