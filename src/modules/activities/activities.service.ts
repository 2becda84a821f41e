// The account's activities: every movement of its money as its holder sees it, newest first.
import type { Executor } from "../shared/executor.ts";
import { type Page, toPage } from "../shared/pagination.ts";
import { ACTIVITY_KINDS, type ActivityKind, activityGroups } from "./activities.repository.ts";
import {
  ACTIVITY_TYPES,
  type ActivityType,
  type ActivityView,
  activitiesOf,
  comesAfter,
  KIND_OF,
  parseActivityId,
} from "./activities.views.ts";

export interface ActivityQuery {
  types?: readonly ActivityType[] | undefined;
  after?: Date | undefined;
  until?: Date | undefined;
  limit: number;
  /** The id of the last activity of the previous page. */
  cursor?: string | undefined;
}

/**
 * One page of activities. Journals are read a page at a time (each gives at most three
 * activities, maybe none of the asked types), until the page is full or none are left.
 */
export async function listActivities(
  db: Executor,
  accountId: string,
  q: ActivityQuery,
): Promise<Page<ActivityView>> {
  const types = new Set(q.types ?? ACTIVITY_TYPES);
  const kinds = [...new Set([...types].map((t) => KIND_OF[t]))] as ActivityKind[];
  const cursor = q.cursor === undefined ? undefined : parseActivityId(q.cursor);
  const out: ActivityView[] = [];
  let before = cursor === undefined ? undefined : { journalId: cursor.journalId, inclusive: true };
  for (;;) {
    const journals = q.limit + 1 - out.length;
    const groups = await activityGroups(db, accountId, {
      kinds,
      before,
      after: q.after,
      until: q.until,
      journals,
    });
    for (const a of activitiesOf(groups)) {
      if (!types.has(a.type)) continue;
      const at = parseActivityId(a.id);
      if (
        cursor !== undefined &&
        at !== undefined &&
        at.journalId === cursor.journalId &&
        !comesAfter(at, cursor)
      )
        continue;
      out.push(a);
    }
    const last = groups.at(-1)?.journal_id;
    const read = new Set(groups.map((g) => g.journal_id)).size;
    if (out.length > q.limit || read < journals || last === undefined) break;
    before = { journalId: last, inclusive: false };
  }
  return toPage(out, q.limit);
}

/** The activities one journal made for the account (the `activity.created` events of a deposit or withdrawal). */
export async function journalActivities(
  db: Executor,
  accountId: string,
  journalId: string,
): Promise<ActivityView[]> {
  return activitiesOf(await activityGroups(db, accountId, { kinds: ACTIVITY_KINDS, journalId, journals: 1 }));
}
