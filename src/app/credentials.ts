// Embedded mode's first start: a funded demo account, its API key and an admin token, written to
// DATA_DIR/credentials.json (mode 0600) and read back on every later start.
import { existsSync } from "node:fs";
import { chmod, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { generateAdminToken } from "../modules/accounts/api-keys.ts";
import { Decimal } from "../modules/shared/decimal.ts";
import type { Logger } from "../platform/logger.ts";
import type { Services } from "./services.ts";

const credentialsSchema = z.object({
  api_key: z.string(),
  admin_token: z.string(),
  account_id: z.string(),
  base_url: z.string(),
});
export type Credentials = z.infer<typeof credentialsSchema>;

export const credentialsPath = (dataDir: string) => join(dataDir, "credentials.json");

export async function readCredentials(dataDir: string): Promise<Credentials | undefined> {
  const file = credentialsPath(dataDir);
  if (!existsSync(file)) return undefined;
  return credentialsSchema.parse(JSON.parse(await readFile(file, "utf8")));
}

/** Demo funds: enough quote currency to trade, and some of each base asset to sell. */
const demoDeposits = (usd: string): [string, string][] => [
  ["USD", usd],
  ["BTC", "2"],
  ["ETH", "20"],
  ["SOL", "200"],
];

/**
 * The demo credentials, created on the first start and reused after. They are written again when
 * the base URL or admin token changed, and created anew when their account no longer exists
 * (a data dir whose database was removed).
 */
export async function ensureCredentials(
  o: { dataDir: string; baseUrl: string; demoUsd: string; adminToken: string | undefined },
  services: Services,
  log: Logger,
): Promise<Credentials> {
  const existing = await readCredentials(o.dataDir);
  if (existing !== undefined && (await services.accounts.exists(existing.account_id))) {
    const current = { ...existing, base_url: o.baseUrl, admin_token: o.adminToken ?? existing.admin_token };
    if (JSON.stringify(current) !== JSON.stringify(existing)) await write(o.dataDir, current);
    return current;
  }
  const account = await services.accounts.create("demo", "demo@bourse.local");
  for (const [asset, amount] of demoDeposits(o.demoUsd)) {
    await services.accounts.deposit(account.id, asset, new Decimal(amount));
  }
  const key = await services.accounts.createKey(account.id, ["read", "trade"]);
  const credentials: Credentials = {
    api_key: key.key,
    admin_token: o.adminToken ?? existing?.admin_token ?? generateAdminToken(),
    account_id: account.id,
    base_url: o.baseUrl,
  };
  await write(o.dataDir, credentials);
  log.info({ account_id: account.id }, "created the demo account and its API key");
  return credentials;
}

async function write(dataDir: string, credentials: Credentials): Promise<void> {
  await writeFile(credentialsPath(dataDir), `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  await chmod(credentialsPath(dataDir), 0o600);
}
