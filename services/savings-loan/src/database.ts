import type { DataSource, Logger } from 'typeorm';
import { createServiceDataSource } from '@funds/db-kit';
import { SAVINGS_LOAN_MIGRATIONS } from './migrations';

/** The Postgres schema this service owns; no other service reads or writes it. */
export const SAVINGS_LOAN_SCHEMA = 'savings_loan';

/**
 * Tables the application role may only read and append to: the journal and its postings (a
 * correction is a reversal), the audit log, and the accounts (whose balances only the posting
 * trigger, owned by the migrations' role, changes).
 */
export const SAVINGS_LOAN_APPEND_ONLY = ['audit_event', 'journal_entry', 'posting', 'account', 'meeting', 'savings_cycle'];

export function createSavingsLoanDataSource(url: string, logger?: Logger, poolSize?: number): DataSource {
  return createServiceDataSource({
    url,
    poolSize,
    schema: SAVINGS_LOAN_SCHEMA,
    entities: [],
    migrations: SAVINGS_LOAN_MIGRATIONS,
    logger,
    applicationName: 'savings-loan',
  });
}
