// notify: the fill confirmation e-mail. It runs as its own job after settlement has committed, so
// it never fails or delays the order flow; a failed send is retried by the queue.
import type { Task } from "graphile-worker";
import type { Mailer } from "../../platform/mailer.ts";
import { parsePayload } from "../jobs/catalogue.ts";
import { Decimal, normalize } from "../shared/decimal.ts";
import type { Executor } from "../shared/executor.ts";

export function notifyTask(db: Executor, mailer: Mailer): Task<"notify"> {
  return async (raw, helpers) => {
    const { fill_id } = parsePayload("notify", raw);
    const row = await db
      .selectFrom("fills as f")
      .innerJoin("orders as o", "o.id", "f.order_id")
      .innerJoin("accounts as a", "a.id", "f.account_id")
      .innerJoin("assets as fa", "fa.asset", "f.fee_asset")
      .select([
        "f.id",
        "f.symbol",
        "f.side",
        "f.quantity",
        "f.price",
        "f.fee",
        "f.fee_asset",
        "f.executed_at",
        "o.id as order_id",
        "o.status",
        "o.filled_quantity",
        "o.quantity as order_quantity",
        "o.notional",
        "a.name",
        "a.email",
        "fa.decimals as fee_decimals",
      ])
      .where("f.id", "=", fill_id)
      .executeTakeFirst();
    if (row === undefined) throw new Error(`fill ${fill_id} not found`);
    if (row.email === null) {
      helpers.logger.debug(`account of fill ${fill_id} has no e-mail address; nothing sent`);
      return;
    }
    const verb = row.side === "buy" ? "Bought" : "Sold";
    // Money reads as its asset is counted: every decimal the asset has (a USD fee "4.90").
    const fee = new Decimal(row.fee).toFixed(row.fee_decimals);
    await mailer.send({
      id: `fill-${row.id}`,
      to: row.email,
      subject: `${verb} ${normalize(row.quantity)} ${row.symbol} at ${normalize(row.price)}`,
      text: [
        `Hello ${row.name},`,
        "",
        `${verb} ${normalize(row.quantity)} ${row.symbol} at ${normalize(row.price)} (fee ${fee} ${row.fee_asset}).`,
        // A notional order's quantity is only its bound: it names its notional instead.
        row.notional === null
          ? `Order ${row.order_id}: ${normalize(row.filled_quantity)} of ${normalize(row.order_quantity)} filled, now ${row.status}.`
          : `Order ${row.order_id}: ${normalize(row.filled_quantity)} filled for a notional of ${normalize(row.notional)}, now ${row.status}.`,
        `Executed at ${row.executed_at.toISOString()}.`,
        "",
        "— Bourse",
      ].join("\n"),
    });
  };
}
