import type { DomainEvent } from '@funds/db-kit';
import type { Access, NodeRef } from '@funds/graphql-kit';

/**
 * The books' events (for reporting), written to savings-loan's outbox in the same transaction as
 * the money they describe. Each carries the fund's ancestry, so a read model places it without
 * asking anyone, and a version. No personal data: members by id only.
 */
export type BookEventType =
  | 'TransactionPosted'
  | 'EntryReversed'
  | 'PeriodClosed'
  | 'LoanApplied'
  | 'LoanApproved'
  | 'LoanRejected'
  | 'LoanProductSet'
  | 'LoanDisbursed'
  | 'LoanRepaid'
  | 'LoanRescheduled'
  | 'LoanWrittenOff'
  | 'LoanClosed'
  | 'CapitalMoved'
  | 'MeetingRecorded'
  | 'CycleClosed'
  | 'SavingsTermsSet';

export function bookEvent(
  fund: NodeRef,
  type: BookEventType,
  aggregateId: string,
  access: Access,
  payload: Record<string, unknown>,
): DomainEvent {
  return {
    type,
    aggregateType: type.startsWith('Loan') && type !== 'LoanProductSet' ? 'Loan' : 'Fund',
    aggregateId,
    fundId: fund.id,
    actor: access.identity.subject,
    // The envelope's fields last: a payload never overwrites them.
    payload: {
      ...payload,
      version: 1,
      fundId: fund.id,
      ancestry: { provinceId: fund.provinceId, countyId: fund.countyId, villageId: fund.villageId },
    },
  };
}
