// Accounts get an optional e-mail address: where order confirmations go.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table accounts add column email text check (email is null or email ~ '^[^@\\s]+@[^@\\s]+$')`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table accounts drop column email`.execute(db);
}
