// The HTTP contract of GET /api/v1/account/activities.
import { z } from "zod";
import {
  ACTIVITY_TYPES,
  type ActivityType,
  parseActivityId,
} from "../../modules/activities/activities.views.ts";
import { pageQuery } from "../../modules/shared/pagination.ts";

export const ACTIVITIES_DESCRIPTION = [
  "Deposits, withdrawals, fills and fees, read from the ledger, newest first. amount is signed: money in is positive, money out negative.",
  "A fill moves two assets and is two activities (type fill), one per asset: the base asset bought or sold and the quote asset paid or received before the fee;",
  "its fee is a third (type fee, negative, in the fee asset). Their order_id and fill_id name the order and the fill.",
  "Holds and their releases are not activities: they move money between an account's own available and held balances.",
  "An activity's id is `<journal id>:<type>:<asset>`, stable; created_at is when the ledger recorded the movement.",
  "?types= keeps some types (comma-separated); ?after= (exclusive) and ?until= (inclusive) bound created_at (RFC 3339).",
].join(" ");

const TYPES_MESSAGE = `must be a comma-separated list of ${ACTIVITY_TYPES.join(", ")}`;

export const activitySchema = z
  .object({
    id: z.string().meta({ examples: ["0193a1b2-0000-7000-8000-000000000000:fill:USD"] }),
    type: z.enum(ACTIVITY_TYPES),
    asset: z.string(),
    amount: z
      .string()
      .meta({ description: "signed decimal: positive in, negative out", examples: ["-5000.5"] }),
    created_at: z.string(),
    order_id: z.uuid().nullable(),
    fill_id: z.uuid().nullable(),
    description: z.string(),
  })
  .meta({ id: "Activity" });

const timestamp = z.iso
  .datetime({ offset: true, message: "must be an RFC 3339 timestamp" })
  .transform((v) => new Date(v));

export const activitiesQuery = z.object({
  types: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      const types = v.split(",").map((t) => t.trim());
      if (types.some((t) => !(ACTIVITY_TYPES as readonly string[]).includes(t))) {
        ctx.addIssue({ code: "custom", message: TYPES_MESSAGE });
        return z.NEVER;
      }
      return types as ActivityType[];
    })
    .describe(`comma-separated: ${ACTIVITY_TYPES.join(", ")}; all when absent`),
  after: timestamp.optional().describe("only activities recorded after this time"),
  until: timestamp.optional().describe("only activities recorded at or before this time"),
  limit: pageQuery.shape.limit,
  cursor: z
    .string()
    .refine((v) => parseActivityId(v) !== undefined, "must be the next_cursor of a previous page")
    .optional()
    .describe("next_cursor from the previous page"),
});
