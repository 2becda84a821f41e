/** System accounts of the ledger, created by migrations/0002_reference_data.ts. */
export const EXTERNAL_ACCOUNT_ID = "00000000-0000-7000-8000-000000000001";
export const FEES_ACCOUNT_ID = "00000000-0000-7000-8000-000000000002";
/** The counterparty of every trade with the venue (migrations/0004_executions.ts). */
export const VENUE_ACCOUNT_ID = "00000000-0000-7000-8000-000000000003";
export const SYSTEM_ACCOUNT_IDS: readonly string[] = [EXTERNAL_ACCOUNT_ID, FEES_ACCOUNT_ID, VENUE_ACCOUNT_ID];
