import type { Kysely } from "kysely";
import type { Database } from "../database.ts";

/** A pool-backed Kysely or an open transaction: repository functions take either and never commit. */
export type Executor = Kysely<Database>;
