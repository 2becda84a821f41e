// The listener's own defences, on a real socket: the venue's webhooks refuse an unsigned request
// before reading its body, and a request that stalls is cut after the request time limit.
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { SIGNATURE_HEADER, sign } from "../../src/platform/webhook-signature.ts";
import { buildTestApp, createAccount, type TestApp, WEBHOOK_SECRET } from "../support/app.ts";
import { authenticated, connectStream } from "../support/stream-client.ts";

const REQUEST_TIMEOUT_MS = 600;
const CONNECTION_TIMEOUT_MS = 5_000;

let t: TestApp;
let port: number;
let base: string;
beforeAll(async () => {
  t = await buildTestApp({
    http: { requestTimeoutMs: REQUEST_TIMEOUT_MS, connectionTimeoutMs: CONNECTION_TIMEOUT_MS },
  });
  base = await t.app.listen({ host: "127.0.0.1", port: 0 });
  port = Number(new URL(base).port);
});
afterAll(async () => {
  await t.close();
});

interface Exchange {
  socket: Socket;
  /** Resolves with what the server sent and when, once it closes the connection or within the wait. */
  answer(waitMs: number): Promise<{ text: string; afterMs: number | undefined; closed: boolean }>;
}

/** Sends a request's head and the first part of a body announced much longer, and keeps the socket open. */
async function startUpload(headers: Record<string, string>, announced: number): Promise<Exchange> {
  const socket = connect(port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  const started = Date.now();
  let text = "";
  let firstAt: number | undefined;
  let closed = false;
  socket.on("data", (chunk) => {
    firstAt ??= Date.now() - started;
    text += chunk.toString();
  });
  const ended = new Promise<void>((resolve) =>
    socket.on("close", () => {
      closed = true;
      resolve();
    }),
  );
  socket.on("error", () => undefined);
  const head = Object.entries({
    host: "127.0.0.1",
    "content-type": "application/json",
    "content-length": String(announced),
    ...headers,
  })
    .map(([k, v]) => `${k}: ${v}`)
    .join("\r\n");
  socket.write(`POST /internal/venue/executions HTTP/1.1\r\n${head}\r\n\r\n{"reports":[`);
  return {
    socket,
    async answer(waitMs) {
      await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, waitMs))]);
      return { text, afterMs: firstAt, closed };
    },
  };
}

describe("venue webhook guard", () => {
  test("when a webhook upload has no signature header, then it is refused with 401 before its body arrives", async () => {
    const upload = await startUpload({}, 4_000_000);
    const got = await upload.answer(300);
    upload.socket.destroy();
    expect(got.text).toMatch(/^HTTP\/1\.1 401 /);
    expect(got.text).toContain("signature missing");
    expect(got.closed).toBe(true);
  });

  test("when a webhook upload's signed timestamp is outside the replay window, then it is refused with 401 before its body arrives", async () => {
    const stale = sign(WEBHOOK_SECRET, "{}", Date.now() - 3_600_000);
    const upload = await startUpload({ [SIGNATURE_HEADER]: stale }, 4_000_000);
    const got = await upload.answer(300);
    upload.socket.destroy();
    expect(got.text).toMatch(/^HTTP\/1\.1 401 /);
    expect(got.text).toContain("signature stale");
  });

  test("when a webhook upload's signature header is malformed, then it is refused with 401 before its body arrives", async () => {
    const upload = await startUpload({ [SIGNATURE_HEADER]: "t=now,v1=zz" }, 4_000_000);
    const got = await upload.answer(300);
    upload.socket.destroy();
    expect(got.text).toMatch(/^HTTP\/1\.1 401 /);
    expect(got.text).toContain("signature malformed");
  });
});

describe("request time limit", () => {
  test("when a request stalls mid-body, then the server cuts it after the request time limit", async () => {
    // A well-formed, fresh signature: the guard lets it through and the body is read.
    const upload = await startUpload({ [SIGNATURE_HEADER]: sign(WEBHOOK_SECRET, "{}") }, 10_000);
    const got = await upload.answer(REQUEST_TIMEOUT_MS * 3 + 500);
    upload.socket.destroy();
    expect(got.closed).toBe(true);
    expect(got.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(got.afterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
  });

  test("when a connection sends nothing at all, then the server answers 408 and closes it after the request time limit", async () => {
    const socket = connect(port, "127.0.0.1");
    const started = Date.now();
    let text = "";
    socket.on("data", (chunk) => {
      text += chunk.toString();
    });
    const closedAfter = await new Promise<number | undefined>((resolve) => {
      socket.on("close", () => resolve(Date.now() - started));
      socket.on("error", () => undefined);
      setTimeout(() => resolve(undefined), REQUEST_TIMEOUT_MS * 3 + 500);
    });
    socket.destroy();
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfter).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
  });

  test("when a stream stays open past the request time limit, then it is not cut: the limit ends at the upgrade", async () => {
    const a = await createAccount(t);
    const stream = await connectStream(base, { key: a.key });
    await stream.waitFor(authenticated);
    let closed = false;
    void stream.closed.then(() => {
      closed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, REQUEST_TIMEOUT_MS * 3));
    stream.send({ op: "ping" });
    await stream.waitFor((m) => m.some((x) => x.type === "pong"));
    expect(closed).toBe(false);
    await stream.close();
  });
});
