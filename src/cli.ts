// The command line: picks the role, nothing else. main.ts (the entry point) loads it.

import { runCheck } from "./app/check-command.ts";
import { MIGRATE_USAGE, runMigrate } from "./app/migrate-command.ts";
import { runRole } from "./app/roles.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { createLogger } from "./platform/logger.ts";

const USAGE = `usage: bourse <command>
  start            everything in one process (API + worker + venue), embedded PostgreSQL unless DATABASE_URL is set
  api              the HTTP API only
  worker           the job runner only
  venue            the bundled exchange simulator only (needs VENUE_WEBHOOK_SECRET, OMS_WEBHOOK_URL)
  check            verify the ledger invariants; exits 1 on any breach
  migrate ...      ${MIGRATE_USAGE.replace("usage: ", "")}`;

/** What to do about a PostgreSQL connection failure, by its error code. */
function databaseAdvice(error: Error): string | undefined {
  const code = "code" in error ? String(error.code) : "";
  const advice: Record<string, string> = {
    ECONNREFUSED:
      "Nothing accepts connections there: check DATABASE_URL's host and port, and that PostgreSQL runs.",
    ENOTFOUND: "The host name in DATABASE_URL does not resolve: check it.",
    ETIMEDOUT: "PostgreSQL did not answer in time: check DATABASE_URL's host, the network and firewalls.",
    "28P01": "PostgreSQL refused the password: check the user and password in DATABASE_URL.",
    "28000": "PostgreSQL refused this user: check DATABASE_URL and pg_hba.conf.",
    "3D000": "The database in DATABASE_URL does not exist: create it (createdb) or fix the URL.",
    "53300":
      "PostgreSQL has no connection left: each process opens DB_POOL_MAX connections when it starts (a worker a few more). Lower DB_POOL_MAX or raise max_connections.",
  };
  return advice[code];
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "help" || command === "--help") {
    console.log(USAGE);
    if (command === undefined) process.exitCode = 2;
    return;
  }
  const config = loadConfig(command);
  const log = createLogger(config);
  switch (command) {
    case "start":
      return await runRole(config, log, "start", { api: true, worker: true, venue: true });
    case "api":
      return await runRole(config, log, "api", { api: true, worker: false, venue: false });
    case "worker":
      return await runRole(config, log, "worker", { api: false, worker: true, venue: false });
    case "venue":
      return await runRole(config, log, "venue", { api: false, worker: false, venue: true });
    case "migrate":
      return await runMigrate(config, log, rest);
    case "check":
      return await runCheck(config, log);
    default:
      throw new Error(`unknown command '${command}'\n${USAGE}`);
  }
}

main(process.argv.slice(2)).then(
  () => {
    // Pools and servers are closed; nothing should keep the process alive, but a library timer might.
    setTimeout(() => process.exit(), 1_000).unref();
  },
  (error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(
        `${error.message}\nFix these settings (environment or .env; see .env.example) and start again.`,
      );
    } else if (error instanceof Error && databaseAdvice(error) !== undefined) {
      console.error(`bourse: ${error.message}\n${databaseAdvice(error)}`);
    } else if (error instanceof Error) {
      console.error(`bourse: ${error.message}`);
      if (error.cause instanceof Error) console.error(`  cause: ${error.cause.message}`);
    } else {
      console.error("bourse: failed", error);
    }
    process.exit(1);
  },
);
