// Idempotency-Key across API processes: the records live in PostgreSQL, so a retry that reaches
// another process is answered the same way.
import { afterAll, beforeAll, expect, test } from "vitest";
import { buildTestApp, createAccount, limitBuy, type TestAccount, type TestApp } from "../support/app.ts";

let one: TestApp;
let two: TestApp;
beforeAll(async () => {
  one = await buildTestApp({ redis: true });
  two = await buildTestApp({ joining: one });
});
afterAll(async () => {
  await two?.close();
  await one?.close();
});

// Each test app has an admin token of its own: the requests here use an account's key.
const place = (app: TestApp, a: TestAccount, key: string) =>
  app.app.inject({
    method: "POST",
    url: "/api/v1/orders",
    headers: { ...a.headers, "idempotency-key": key },
    payload: limitBuy({ quantity: "0.01", price: "1000" }),
  });

const orders = async (accountId: string) =>
  (await one.database.db.selectFrom("orders").select("id").where("account_id", "=", accountId).execute())
    .length;

test("when a retry reaches another API process, then it answers the first response, replayed", async () => {
  const a = await createAccount(one, { USD: "100000" });
  const key = `cross-${a.id}`;
  const first = await place(one, a, key);
  expect(first.statusCode).toBe(201);
  const again = await place(two, a, key);
  expect(again.statusCode).toBe(201);
  expect(again.headers["idempotent-replayed"]).toBe("true");
  expect(again.json()).toEqual(first.json());
  expect(await orders(a.id)).toBe(1);
});

test("when twenty identical requests are spread over two processes at once, then one order is placed", async () => {
  const a = await createAccount(one, { USD: "100000" });
  const key = `spread-${a.id}`;
  const answers = await Promise.all(
    Array.from({ length: 20 }, (_, i) => place(i % 2 === 0 ? one : two, a, key)),
  );
  expect(answers.every((r) => r.statusCode === 201 || r.statusCode === 409)).toBe(true);
  expect(
    answers.filter((r) => r.statusCode === 201 && r.headers["idempotent-replayed"] === undefined),
  ).toHaveLength(1);
  expect(await orders(a.id)).toBe(1);
});
