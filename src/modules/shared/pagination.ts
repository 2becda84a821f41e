import { z } from "zod";
import { isUuid } from "./ids.ts";

/** `?limit=&cursor=`: the cursor is the id of the last item of the previous page (ids are time ordered). */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50).describe("page size, 1–500"),
  cursor: z
    .string()
    .refine(isUuid, "must be the next_cursor of a previous page")
    .optional()
    .describe("next_cursor from the previous page"),
});

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

/** Given limit + 1 rows, returns one page and the cursor of the next. */
export function toPage<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  const data = rows.slice(0, limit);
  const last = data.at(-1);
  return { data, next_cursor: rows.length > limit && last !== undefined ? last.id : null };
}
