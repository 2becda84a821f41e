// Schema migrations (Alembic's verbs on Kysely's migrator) and the job queue's own schema.
import { promises as fs } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runMigrations as runQueueMigrations } from "graphile-worker";
import { type Kysely, sql } from "kysely";
import {
  FileMigrationProvider,
  type MigrationInfo,
  type MigrationResultSet,
  Migrator,
} from "kysely/migration";
import type pg from "pg";

export const MIGRATIONS_DIR = fileURLToPath(new URL("../../migrations/", import.meta.url));

export function createMigrator<DB>(db: Kysely<DB>): Migrator {
  return new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: MIGRATIONS_DIR }),
  });
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

function check(result: MigrationResultSet): string[] {
  const applied = (result.results ?? []).map(
    (r) => `${r.direction === "Up" ? "applied" : "reverted"} ${r.migrationName}`,
  );
  if (result.error !== undefined) {
    const failed = result.results?.find((r) => r.status === "Error")?.migrationName ?? "(none started)";
    throw new MigrationError(
      `migration ${failed} failed; nothing after it ran. Fix it and run the command again.`,
      {
        cause: result.error,
      },
    );
  }
  return applied;
}

/** Installs or upgrades graphile-worker's schema (forward only, idempotent, owned by graphile-worker). */
export async function migrateQueue(pool: pg.Pool): Promise<void> {
  await runQueueMigrations({ pgPool: pool, logger: undefined });
}

export async function migrateLatest<DB>(db: Kysely<DB>, pool: pg.Pool): Promise<string[]> {
  await migrateQueue(pool);
  return check(await createMigrator(db).migrateToLatest());
}

export async function migrateUp<DB>(db: Kysely<DB>, pool: pg.Pool): Promise<string[]> {
  await migrateQueue(pool);
  return check(await createMigrator(db).migrateUp());
}

export async function migrateDown<DB>(db: Kysely<DB>): Promise<string[]> {
  return check(await createMigrator(db).migrateDown());
}

export async function migrateNone<DB>(db: Kysely<DB>): Promise<string[]> {
  const { NO_MIGRATIONS } = await import("kysely/migration");
  return check(await createMigrator(db).migrateTo(NO_MIGRATIONS));
}

export async function listMigrations<DB>(db: Kysely<DB>): Promise<readonly MigrationInfo[]> {
  return await createMigrator(db).getMigrations();
}

export interface SchemaState {
  ready: boolean;
  pending: string[];
  queueInstalled: boolean;
}

/** Whether every migration has run and the job queue exists: /readyz says 503 until it has. */
export async function schemaState<DB>(db: Kysely<DB>): Promise<SchemaState> {
  const migrations = await listMigrations(db);
  const pending = migrations.filter((m) => m.executedAt === undefined).map((m) => m.name);
  const queue = await sql<{
    ok: boolean;
  }>`select to_regnamespace('graphile_worker') is not null as ok`.execute(db);
  const queueInstalled = queue.rows[0]?.ok === true;
  return { ready: pending.length === 0 && queueInstalled, pending, queueInstalled };
}

/** Writes migrations/NNNN_name.ts with an empty up and down. */
export async function makeMigration(name: string): Promise<string> {
  if (!/^[a-z0-9_]{1,60}$/.test(name)) {
    throw new MigrationError(`migration name '${name}' must be lowercase letters, digits and underscores`);
  }
  const files = (await fs.readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}_.*\.ts$/.test(f)).sort();
  const next = files.length === 0 ? 1 : Number(files.at(-1)?.slice(0, 4)) + 1;
  const file = path.join(MIGRATIONS_DIR, `${String(next).padStart(4, "0")}_${name}.ts`);
  const body = `import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql\`\`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql\`\`.execute(db);
}
`;
  await fs.writeFile(file, body, { flag: "wx" });
  return file;
}
