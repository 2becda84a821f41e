/** System accounts of the ledger, created by migrations/0002_reference_data.ts. */
export const EXTERNAL_ACCOUNT_ID = "00000000-0000-7000-8000-000000000001";
export const FEES_ACCOUNT_ID = "00000000-0000-7000-8000-000000000002";
/** The counterparty of every trade with the venue (migrations/0004_executions.ts). */
export const VENUE_ACCOUNT_ID = "00000000-0000-7000-8000-000000000003";
export const SYSTEM_ACCOUNT_IDS: readonly string[] = [EXTERNAL_ACCOUNT_ID, FEES_ACCOUNT_ID, VENUE_ACCOUNT_ID];

/**
 * System accounts whose balances are not kept in `balances`, only in their ledger entries: every
 * fill moves funds against them, so a balance row would be one row that every settlement locks
 * until its COMMIT, and settlements would run one at a time. Their balance is the sum of their
 * entries (migrations/0007_ledger_only_accounts.ts).
 */
export const LEDGER_ONLY_ACCOUNT_IDS: readonly string[] = [FEES_ACCOUNT_ID, VENUE_ACCOUNT_ID];
