// UTC calendar days, as reports and settlement runs read them.
import { validation } from "../shared/errors.ts";

const DAY_MS = 86_400_000;

/** The UTC day [from, to) of a YYYY-MM-DD date. */
export function utcDay(date: string): { from: Date; to: Date } {
  const from = new Date(`${date}T00:00:00.000Z`);
  return { from, to: new Date(from.getTime() + DAY_MS) };
}

/** Today's UTC date, YYYY-MM-DD. */
export const todayUtc = (now = new Date()): string => now.toISOString().slice(0, 10);

/** A day that has not begun has nothing to report: VALIDATION_ERROR. */
export function assertNotFuture(date: string, now = new Date()): void {
  if (date > todayUtc(now)) {
    throw validation([{ path: "date", message: `must be today (${todayUtc(now)}, UTC) or earlier` }]);
  }
}
