// notify: the fill confirmation e-mail. It runs as its own job after settlement has committed, so
// it never fails or delays the order flow; a failed send is retried by the queue.
import type { Task } from "graphile-worker";
import type { Mailer } from "../../platform/mailer.ts";
import { parsePayload } from "../jobs/catalogue.ts";
import { Decimal, normalize } from "../shared/decimal.ts";
import type { Executor } from "../shared/executor.ts";

/**
 * Which leg of which class the order is, in words ("bracket take-profit leg"); undefined for a
 * simple order. An entry is its class's parent; of the exits, a limit is the take-profit and a stop
 * the stop-loss (an oco's parent is its limit leg).
 */
export function legName(o: { order_class: string; order_type: string; parent_order_id: string | null }) {
  if (o.order_class === "simple") return undefined;
  if (o.order_class !== "oco" && o.parent_order_id === null) return `${o.order_class} entry`;
  return `${o.order_class} ${o.order_type === "limit" ? "take-profit" : "stop-loss"} leg`;
}

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
        "o.order_class",
        "o.order_type",
        "o.parent_order_id",
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
    const leg = legName(row);
    // Money reads as its asset is counted: every decimal the asset has (a USD fee "4.90").
    const fee = new Decimal(row.fee).toFixed(row.fee_decimals);
    await mailer.send({
      id: `fill-${row.id}`,
      to: row.email,
      subject: `${verb} ${normalize(row.quantity)} ${row.symbol} at ${normalize(row.price)}${leg === undefined ? "" : ` (${leg})`}`,
      text: [
        `Hello ${row.name},`,
        "",
        `${verb} ${normalize(row.quantity)} ${row.symbol} at ${normalize(row.price)} (fee ${fee} ${row.fee_asset}).`,
        ...(leg === undefined ? [] : [`This is the ${leg} of order ${row.parent_order_id ?? row.order_id}.`]),
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
