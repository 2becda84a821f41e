// Accounts, deposits and API keys.
import { transact } from "../events/committed.ts";
import { appendEvents } from "../events/events.service.ts";
import type { InstrumentCatalog } from "../instruments/instruments.service.ts";
import { EXTERNAL_ACCOUNT_ID } from "../ledger/ledger.accounts.ts";
import { balancesOf, postJournal } from "../ledger/ledger.service.ts";
import { type Decimal, exceedsDecimals, stepOf } from "../shared/decimal.ts";
import { DomainError, notFound, validation } from "../shared/errors.ts";
import type { Executor } from "../shared/executor.ts";
import { newId } from "../shared/ids.ts";
import {
  findApiKey,
  findUserAccount,
  insertAccount,
  insertApiKey,
  revokeApiKey,
} from "./accounts.repository.ts";
import type { ApiKeyScope } from "./accounts.table.ts";
import { generateApiKey } from "./api-keys.ts";

export class AccountsService {
  readonly #db: Executor;
  readonly #catalog: InstrumentCatalog;

  constructor(db: Executor, catalog: InstrumentCatalog) {
    this.#db = db;
    this.#catalog = catalog;
  }

  async create(name: string, email: string | null = null) {
    return await insertAccount(this.#db, { id: newId(), name, email });
  }

  /** The account with its balances, or NOT_FOUND. */
  async get(accountId: string) {
    const [account, balances] = await Promise.all([
      findUserAccount(this.#db, accountId),
      balancesOf(this.#db, accountId),
    ]);
    if (account === undefined) throw notFound("account");
    return { id: account.id, name: account.name, created_at: account.created_at, balances };
  }

  async balances(accountId: string) {
    return await balancesOf(this.#db, accountId);
  }

  async exists(accountId: string): Promise<boolean> {
    return (await findUserAccount(this.#db, accountId)) !== undefined;
  }

  /** Credits an account from the external account: one journal, one event, one transaction. */
  async deposit(accountId: string, asset: string, amount: Decimal) {
    const decimals = await this.#catalog.assetDecimals();
    const allowed = decimals.get(asset);
    if (allowed === undefined) {
      throw new DomainError("VALIDATION_ERROR", `asset '${asset}' is not traded here`, {
        details: [{ path: "asset", message: `must be one of ${[...decimals.keys()].sort().join(", ")}` }],
      });
    }
    if (exceedsDecimals(amount, allowed)) {
      throw validation([
        {
          path: "amount",
          message: `${asset} has at most ${allowed} decimals (a multiple of ${stepOf(allowed)})`,
        },
      ]);
    }
    return await transact(this.#db, async (trx) => {
      if ((await findUserAccount(trx, accountId)) === undefined) throw notFound("account");
      const [moved] = await postJournal(trx, {
        kind: "deposit",
        lines: [
          { accountId: EXTERNAL_ACCOUNT_ID, asset, bucket: "available", amount: amount.negated() },
          { accountId, asset, bucket: "available", amount },
        ],
      });
      if (moved === undefined) throw new Error("deposit moved no user balance");
      const { account_id: _account, journal_id, ...balance } = moved;
      await appendEvents(trx, accountId, [{ type: "balance.updated", payload: balance }]);
      return { journal_id, account_id: accountId, asset, amount: amount.toFixed(), balance };
    });
  }

  /** A new API key; the key itself is returned here and never again. */
  async createKey(accountId: string, scopes: ApiKeyScope[]) {
    if ((await findUserAccount(this.#db, accountId)) === undefined) throw notFound("account");
    const { key, prefix, hash } = generateApiKey();
    const row = await insertApiKey(this.#db, { id: newId(), account_id: accountId, prefix, hash, scopes });
    return { ...row, key };
  }

  async revokeKey(id: string) {
    const revoked = await revokeApiKey(this.#db, id);
    if (revoked !== undefined) return revoked;
    const existing = await findApiKey(this.#db, id);
    if (existing === undefined) throw notFound("API key");
    return existing;
  }
}
