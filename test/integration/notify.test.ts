// The fill confirmation e-mail: queued with settlement, written as .eml in embedded mode, sent
// over SMTP otherwise (to a real local SMTP server here).
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, expect, test } from "vitest";
import { notifyTask } from "../../src/modules/notifications/notifications.tasks.ts";
import { freePort } from "../../src/platform/embedded-postgres.ts";
import { createMailer } from "../../src/platform/mailer.ts";
import { bearer, buildTestApp, limitBuy, type TestApp } from "../support/app.ts";
import { settleExecution, storeReport } from "../support/fills.ts";

let t: TestApp;
let dir: string;
beforeAll(async () => {
  t = await buildTestApp();
  dir = await mkdtemp(join(tmpdir(), "bourse-mail-"));
});
afterAll(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

const helpers = { logger: { debug: () => {} } } as never;

async function filledOrder(
  email: string | undefined,
  payload: object = limitBuy(),
  trade: { quantity: string; price: string } = { quantity: "0.1", price: "49000" },
): Promise<string> {
  const admin = bearer(t.adminToken);
  const account = (
    await t.app.inject({
      method: "POST",
      url: "/api/v1/admin/accounts",
      headers: admin,
      payload: { name: "Ada", email },
    })
  ).json();
  await t.app.inject({
    method: "POST",
    url: `/api/v1/admin/accounts/${account.id}/deposits`,
    headers: admin,
    payload: { asset: "USD", amount: "10000" },
  });
  const key = (
    await t.app.inject({
      method: "POST",
      url: `/api/v1/admin/accounts/${account.id}/keys`,
      headers: admin,
      payload: {},
    })
  ).json().key;
  const order = (
    await t.app.inject({ method: "POST", url: "/api/v1/orders", headers: bearer(key), payload })
  ).json();
  const executionId = await storeReport(t, order.id, { type: "trade", ...trade, liquidity: "maker" });
  await settleExecution(t.database.db, t.services.catalog, executionId);
  const fill = await t.database.db
    .selectFrom("fills")
    .select("id")
    .where("order_id", "=", order.id)
    .executeTakeFirstOrThrow();
  const jobs = await sql<{ n: number }>`select count(*)::int as n from graphile_worker._private_jobs j
    join graphile_worker._private_tasks k on k.id = j.task_id
    where k.identifier = 'notify' and j.payload->>'fill_id' = ${fill.id}`.execute(t.database.db);
  // No address, no job: the e-mail is queued only for an account that has one.
  expect(jobs.rows[0]?.n).toBe(email === undefined ? 0 : 1);
  return fill.id;
}

test("when a fill settles in embedded mode, then its confirmation is written as an .eml file, once even if retried", async () => {
  const fillId = await filledOrder("ada@example.com");
  const mailer = createMailer({ smtpUrl: undefined, dir, from: "Bourse <no-reply@bourse.local>" });
  const task = notifyTask(t.database.db, mailer);
  await task({ fill_id: fillId }, helpers);
  await task({ fill_id: fillId }, helpers);
  const files = await readdir(dir);
  expect(files).toEqual([`fill-${fillId}.eml`]);
  const eml = await readFile(join(dir, files[0] ?? ""), "utf8");
  expect(eml).toContain("To: ada@example.com");
  expect(eml).toContain("Subject: Bought 0.1 BTC-USD at 49000");
});

test("when the fee has more decimals than USD, then the e-mail shows the fee charged, rounded up to the cent", async () => {
  const fillId = await filledOrder("ada@example.com", limitBuy(), { quantity: "0.1", price: "49000.37" });
  const mailer = createMailer({ smtpUrl: undefined, dir, from: "Bourse <no-reply@bourse.local>" });
  await notifyTask(t.database.db, mailer)({ fill_id: fillId }, helpers);
  const eml = await readFile(join(dir, `fill-${fillId}.eml`), "utf8");
  // 0.1 × 49000.37 × 0.001 (maker) = 4.900037 → 4.91
  expect(eml).toContain("Bought 0.1 BTC-USD at 49000.37 (fee 4.91 USD).");
  const fee = await t.database.db
    .selectFrom("fills")
    .select("fee")
    .where("id", "=", fillId)
    .executeTakeFirstOrThrow();
  expect(fee.fee).toBe("4.91");
});

test("when a notional order fills, then its confirmation names the notional, not the order's quantity bound", async () => {
  const notional = { symbol: "BTC-USD", side: "buy", order_type: "market", notional: "1000" };
  const fillId = await filledOrder("ada@example.com", notional, { quantity: "0.02", price: "49000" });
  const mailer = createMailer({ smtpUrl: undefined, dir, from: "Bourse <no-reply@bourse.local>" });
  await notifyTask(t.database.db, mailer)({ fill_id: fillId }, helpers);
  const eml = await readFile(join(dir, `fill-${fillId}.eml`), "utf8");
  expect(eml).toContain("Subject: Bought 0.02 BTC-USD at 49000");
  // Quoted-printable: soft line breaks ("=" at a line's end) undone before reading the text.
  expect(eml.replaceAll("=\n", "")).toContain("0.02 filled for a notional of 1000, now partially_filled");
});

test("when an e-mail is written to the folder, then the file is 0600 and the folder it creates 0700, whatever the umask", async () => {
  const folder = join(dir, `modes-${Date.now()}`, "mail");
  const mailer = createMailer({ smtpUrl: undefined, dir: folder, from: "Bourse <no-reply@bourse.local>" });
  const umask = process.umask(0o022);
  try {
    await mailer.send({ to: "ada@example.com", subject: "modes", text: "hello", id: "modes-1" });
  } finally {
    process.umask(umask);
    mailer.close();
  }
  const mode = async (path: string) => (await stat(path)).mode & 0o777;
  expect(await mode(join(folder, "modes-1.eml"))).toBe(0o600);
  expect(await mode(folder)).toBe(0o700);
  expect(await mode(join(folder, ".."))).toBe(0o700);
});

test("when SMTP_URL is set, then the confirmation goes through SMTP", async () => {
  const received: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, _session, done) {
      let text = "";
      stream.on("data", (c: Buffer) => {
        text += c.toString();
      });
      stream.on("end", () => {
        received.push(text);
        done();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", () => r()));
  try {
    const fillId = await filledOrder("grace@example.com");
    const mailer = createMailer({
      smtpUrl: `smtp://127.0.0.1:${port}`,
      dir,
      from: "Bourse <no-reply@bourse.local>",
    });
    await notifyTask(t.database.db, mailer)({ fill_id: fillId }, helpers);
    mailer.close();
    expect(received).toHaveLength(1);
    expect(received[0]).toContain("grace@example.com");
    expect(received[0]).toContain("Bought 0.1 BTC-USD at 49000");
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test("when the account has no e-mail address, then no e-mail job is queued, and a notify run sends nothing", async () => {
  const fillId = await filledOrder(undefined);
  const before = await readdir(dir);
  await notifyTask(t.database.db, createMailer({ smtpUrl: undefined, dir, from: "x <x@y.z>" }))(
    { fill_id: fillId },
    helpers,
  );
  expect(await readdir(dir)).toEqual(before);
});

test("when a bracket's take-profit leg fills, then its confirmation names the class and the leg", async () => {
  const admin = bearer(t.adminToken);
  const account = (
    await t.app.inject({
      method: "POST",
      url: "/api/v1/admin/accounts",
      headers: admin,
      payload: { name: "Grace", email: "grace@example.com" },
    })
  ).json();
  await t.app.inject({
    method: "POST",
    url: `/api/v1/admin/accounts/${account.id}/deposits`,
    headers: admin,
    payload: { asset: "USD", amount: "10000" },
  });
  const key = (
    await t.app.inject({
      method: "POST",
      url: `/api/v1/admin/accounts/${account.id}/keys`,
      headers: admin,
      payload: {},
    })
  ).json().key;
  const entry = (
    await t.app.inject({
      method: "POST",
      url: "/api/v1/orders",
      headers: bearer(key),
      payload: limitBuy({
        order_class: "bracket",
        take_profit: { limit_price: "60000" },
        stop_loss: { stop_price: "40000" },
      }),
    })
  ).json();
  const takeProfit = entry.legs[0].id;
  // The entry fills (its exits now hold what it bought), then the take-profit sells it.
  for (const [orderId, price] of [
    [entry.id, "49000"],
    [takeProfit, "60000"],
  ]) {
    const id = await storeReport(t, orderId, { type: "trade", quantity: "0.1", price, liquidity: "maker" });
    expect(await settleExecution(t.database.db, t.services.catalog, id)).toBe("settled");
  }
  const fill = await t.database.db
    .selectFrom("fills")
    .select("id")
    .where("order_id", "=", takeProfit)
    .executeTakeFirstOrThrow();
  const mailer = createMailer({ smtpUrl: undefined, dir, from: "Bourse <no-reply@bourse.local>" });
  await notifyTask(t.database.db, mailer)({ fill_id: fill.id }, helpers);
  const eml = await readFile(join(dir, `fill-${fill.id}.eml`), "utf8");
  expect(eml).toContain("Subject: Sold 0.1 BTC-USD at 60000 (bracket take-profit leg)");
  // The body is quoted-printable: soft line breaks ("=" at the end of a line) undone.
  expect(eml.replace(/=\r?\n/g, "")).toContain(`This is the bracket take-profit leg of order ${entry.id}.`);
});
