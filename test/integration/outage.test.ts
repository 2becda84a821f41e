// PostgreSQL out of reach while the API runs (its connections go through a TCP proxy the test
// cuts): requests get the contract's 503 UNAVAILABLE with Retry-After, not a 500, a stream that
// cannot authenticate closes with 1013 (try again later), not 1011, /readyz says the database is
// unreachable, and once it is back the same process answers again.
import { createServer, connect as dial, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { UNREACHABLE } from "../../src/modules/streams/session.ts";
import { buildTestApp, createAccount, marketBuy, type TestApp } from "../support/app.ts";
import { authenticated, connectStream } from "../support/stream-client.ts";

const target = new URL(inject("pgAdminUrl"));
let proxy: Server | undefined;
const open = new Set<Socket>();
let port = 0;

/** Listens on `port` (0: any) and pipes every connection to PostgreSQL. */
async function startProxy(): Promise<void> {
  proxy = createServer((client) => {
    const server = dial(Number(target.port), target.hostname);
    for (const s of [client, server]) {
      open.add(s);
      s.on("error", () => undefined);
      s.on("close", () => {
        open.delete(s);
        client.destroy();
        server.destroy();
      });
    }
    client.pipe(server).pipe(client);
  });
  await new Promise<void>((resolve) => proxy?.listen(port, "127.0.0.1", resolve));
  const address = proxy.address();
  if (typeof address === "object" && address !== null) port = address.port;
}

/** Refuses new connections and cuts the open ones. */
async function cutProxy(): Promise<void> {
  const closed = new Promise<void>((resolve) => proxy?.close(() => resolve()));
  for (const s of open) s.destroy();
  await closed;
}

let t: TestApp;
let base: string;
beforeAll(async () => {
  await startProxy();
  t = await buildTestApp({ databasePort: port });
  base = await t.app.listen({ host: "127.0.0.1", port: 0 });
});
afterAll(async () => {
  await t.close().catch(() => undefined);
  await cutProxy().catch(() => undefined);
});

test("when PostgreSQL cannot be reached, then requests get 503 UNAVAILABLE and streams 1013, and it answers again once it is back", async () => {
  const a = await createAccount(t, { USD: "100000" });
  expect((await t.app.inject({ method: "GET", url: "/api/v1/account", headers: a.headers })).statusCode).toBe(
    200,
  );

  await cutProxy();
  const placed = await t.app.inject({
    method: "POST",
    url: "/api/v1/orders",
    headers: a.headers,
    payload: marketBuy(),
  });
  expect(placed.statusCode).toBe(503);
  expect(placed.headers["retry-after"]).toBe("1");
  expect(placed.json()).toEqual({
    error: { code: "UNAVAILABLE", message: "a service this request needs is unreachable; retry shortly" },
  });
  const read = await t.app.inject({ method: "GET", url: "/api/v1/account", headers: a.headers });
  expect(read.statusCode).toBe(503);
  expect(read.json().error.code).toBe("UNAVAILABLE");
  const stream = await connectStream(base, { key: a.key });
  expect(await stream.closed).toEqual({ code: 1013, reason: UNREACHABLE });
  const ready = await t.app.inject({ method: "GET", url: "/readyz" });
  expect(ready.statusCode).toBe(503);
  expect(ready.json()).toMatchObject({ status: "not_ready", reason: "database unreachable" });

  await startProxy();
  expect((await t.app.inject({ method: "GET", url: "/api/v1/account", headers: a.headers })).statusCode).toBe(
    200,
  );
  expect((await t.app.inject({ method: "GET", url: "/readyz" })).statusCode).toBe(200);
  const back = await connectStream(base, { key: a.key });
  await back.waitFor(authenticated);
  await back.close();
});
