// Accounts, deposits, withdrawals and API keys.
import { journalActivities } from "../activities/activities.service.ts";
import { transact } from "../events/committed.ts";
import { appendEvents } from "../events/events.service.ts";
import type { InstrumentCatalog } from "../instruments/instruments.service.ts";
import { EXTERNAL_ACCOUNT_ID } from "../ledger/ledger.accounts.ts";
import { balancesOf, postJournal } from "../ledger/ledger.service.ts";
import { Decimal, exceedsDecimals, stepOf } from "../shared/decimal.ts";
import { DomainError, notFound, validation } from "../shared/errors.ts";
import type { Executor } from "../shared/executor.ts";
import { newId } from "../shared/ids.ts";
import {
  findApiKey,
  findUserAccount,
  insertAccount,
  insertApiKey,
  listApiKeys,
  listUserAccounts,
  lockForTransfer,
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
    return { ...account, balances };
  }

  /** User accounts newest first (one more than `limit`, for the page's cursor). */
  async list(f: { q?: string | undefined; cursor?: string | undefined; limit: number }) {
    return await listUserAccounts(this.#db, f);
  }

  /** The account's API keys newest first (one more than `limit`), or NOT_FOUND. */
  async keys(accountId: string, f: { cursor?: string | undefined; limit: number }) {
    if ((await findUserAccount(this.#db, accountId)) === undefined) throw notFound("account");
    return await listApiKeys(this.#db, accountId, f);
  }

  async balances(accountId: string) {
    return await balancesOf(this.#db, accountId);
  }

  async exists(accountId: string): Promise<boolean> {
    return (await findUserAccount(this.#db, accountId)) !== undefined;
  }

  /** Credits an account from the external account: one journal, its events, one transaction. */
  async deposit(accountId: string, asset: string, amount: Decimal) {
    await this.#assertAmount(asset, amount);
    return await transact(this.#db, async (trx) => {
      if ((await findUserAccount(trx, accountId)) === undefined) throw notFound("account");
      return await this.#transfer(trx, "deposit", accountId, asset, amount);
    });
  }

  /**
   * Pays out of the account's available balance to the external account. The account's and the
   * external balance rows are locked first (in the ledger's lock order), so concurrent
   * withdrawals and orders see each other: none can take the balance below zero.
   */
  async withdraw(accountId: string, asset: string, amount: Decimal) {
    await this.#assertAmount(asset, amount);
    return await transact(this.#db, async (trx) => {
      if ((await findUserAccount(trx, accountId)) === undefined) throw notFound("account");
      const available = new Decimal(await lockForTransfer(trx, accountId, EXTERNAL_ACCOUNT_ID, asset));
      if (available.lt(amount)) {
        const needed = `${amount.toFixed()} ${asset}`;
        const has = `${available.toFixed()} ${asset}`;
        throw new DomainError(
          "INSUFFICIENT_FUNDS",
          `not enough available ${asset}: this withdrawal needs ${needed}; ${has} is available (funds held by open orders cannot be withdrawn)`,
          {
            details: [
              { path: "needed", message: needed },
              { path: "available", message: has },
            ],
          },
        );
      }
      return await this.#transfer(trx, "withdrawal", accountId, asset, amount);
    });
  }

  /** The asset is traded here and the amount has no more decimals than the asset allows. */
  async #assertAmount(asset: string, amount: Decimal): Promise<void> {
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
  }

  /** Money between the account and the external account, with its `balance.updated` and `activity.created` events. */
  async #transfer(
    trx: Executor,
    kind: "deposit" | "withdrawal",
    accountId: string,
    asset: string,
    amount: Decimal,
  ) {
    const toAccount = kind === "deposit" ? amount : amount.negated();
    const [moved] = await postJournal(trx, {
      kind,
      lines: [
        { accountId: EXTERNAL_ACCOUNT_ID, asset, bucket: "available", amount: toAccount.negated() },
        { accountId, asset, bucket: "available", amount: toAccount },
      ],
    });
    if (moved === undefined) throw new Error(`${kind} moved no user balance`);
    const { account_id: _account, journal_id, ...balance } = moved;
    const activities = await journalActivities(trx, accountId, journal_id);
    await appendEvents(trx, accountId, [
      { type: "balance.updated", payload: balance },
      ...activities.map((a) => ({ type: "activity.created", payload: a })),
    ]);
    return { journal_id, account_id: accountId, asset, amount: amount.toFixed(), balance };
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
