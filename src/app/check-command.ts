// `bourse check`: verifies the ledger invariants; exits non-zero on any breach.
import type { Config } from "../config.ts";
import { checkInvariants } from "../modules/audit/invariants.ts";
import type { Logger } from "../platform/logger.ts";
import { openDatabase } from "./database.ts";

export async function runCheck(config: Config, log: Logger): Promise<void> {
  const { db, close } = await openDatabase(config, log, "check");
  try {
    const results = await checkInvariants(db);
    for (const r of results) {
      console.log(`${r.breaches.length === 0 ? "ok    " : "BREACH"}  ${r.name}`);
      for (const b of r.breaches.slice(0, 20)) console.log(`          ${b}`);
      if (r.breaches.length > 20) console.log(`          … and ${r.breaches.length - 20} more`);
    }
    const breached = results.filter((r) => r.breaches.length > 0).length;
    if (breached > 0) {
      console.log(`${breached} invariant(s) breached`);
      process.exitCode = 1;
    }
  } finally {
    await close();
  }
}
