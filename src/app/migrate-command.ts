// `bourse migrate latest | up | down | status | history | make NAME`.
import type { Config } from "../config.ts";
import type { Logger } from "../platform/logger.ts";
import {
  listMigrations,
  makeMigration,
  migrateDown,
  migrateLatest,
  migrateUp,
  schemaState,
} from "../platform/migrations.ts";
import { openDatabase } from "./database.ts";

export const MIGRATE_USAGE = "usage: bourse migrate latest | up | down | status | history | make NAME";

export async function runMigrate(config: Config, log: Logger, args: string[]): Promise<void> {
  const [verb, name] = args;
  if (verb === "make") {
    if (name === undefined)
      throw new Error(`a migration needs a name: bourse migrate make add_something\n${MIGRATE_USAGE}`);
    console.log(`created ${await makeMigration(name)}`);
    return;
  }
  if (!["latest", "up", "down", "status", "history"].includes(verb ?? "")) throw new Error(MIGRATE_USAGE);
  const { db, pool, close } = await openDatabase({ ...config }, log, "migrate");
  try {
    switch (verb) {
      case "latest":
      case "up":
      case "down": {
        const done =
          verb === "latest"
            ? await migrateLatest(db, pool)
            : verb === "up"
              ? await migrateUp(db, pool)
              : await migrateDown(db);
        console.log(done.length === 0 ? "nothing to do" : done.join("\n"));
        break;
      }
      case "status": {
        const state = await schemaState(db);
        const applied = (await listMigrations(db)).filter((m) => m.executedAt !== undefined);
        console.log(`current: ${applied.at(-1)?.name ?? "(none)"}`);
        console.log(`pending: ${state.pending.length === 0 ? "(none)" : state.pending.join(", ")}`);
        console.log(`job queue schema: ${state.queueInstalled ? "installed" : "missing"}`);
        break;
      }
      case "history":
        for (const m of await listMigrations(db)) {
          console.log(
            `${m.executedAt === undefined ? "pending            " : m.executedAt.toISOString()}  ${m.name}`,
          );
        }
        break;
    }
  } finally {
    await close();
  }
}
