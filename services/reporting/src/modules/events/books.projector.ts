import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@funds/events';
import { BookPayload } from './book-events';
import { BalanceAccount, ProjectionRepository } from './projection.repository';

/** Which balance a posted transaction of each kind moves, and in which direction. */
const MOVES: Record<string, { account: BalanceAccount; sign: 1 | -1 }> = {
  DEPOSIT: { account: 'SAVINGS', sign: 1 },
  WITHDRAWAL: { account: 'SAVINGS', sign: -1 },
  SHARE_PURCHASE: { account: 'SHARES', sign: 1 },
  SOCIAL_FUND_CONTRIBUTION: { account: 'SOCIAL_FUND', sign: 1 },
  SOCIAL_FUND_PAYOUT: { account: 'SOCIAL_FUND', sign: -1 },
};

/** The types savings-loan writes (ledger.events.ts there, BookEventType). */
const BOOK_EVENT_TYPES = new Set([
  'TransactionPosted',
  'EntryReversed',
  'PeriodClosed',
  'LoanApplied',
  'LoanApproved',
  'LoanRejected',
  'LoanProductSet',
  'LoanDisbursed',
  'LoanRepaid',
  'LoanRescheduled',
  'LoanWrittenOff',
  'LoanClosed',
  'CapitalMoved',
  'MeetingRecorded',
  'CycleClosed',
  'SavingsTermsSet',
]);

const negate = (amount: string) => (amount.startsWith('-') ? amount.slice(1) : `-${amount}`);

/**
 * Applies savings-loan's book events to reporting's per-loan state and balance movements, in the
 * consumer's transaction. Each write is keyed by what the event records (the loan, its schedule
 * version, the journal entry, the meeting), so applying an event twice changes nothing.
 *
 * - LoanApplied, LoanApproved, LoanRejected, LoanDisbursed (schedule version 1 from the value
 *   date), LoanRepaid (by value date, split into fee, interest and principal), LoanRescheduled (a
 *   new version from its value date, for the principal then owed), LoanWrittenOff, LoanClosed;
 * - TransactionPosted (deposits, withdrawals, share purchases, the social fund), MeetingRecorded
 *   (its savings, shares and social fund totals: a meeting's lines post no TransactionPosted),
 *   EntryReversed (the mirror image of what the reversed entry moved), CycleClosed (the shares
 *   paid out);
 * - every event of a fund makes it the fund's newest event (asOfEvent);
 * - events reporting has no use for yet (products, capital, closed months, savings terms) are passed over.
 */
export async function applyBookEvent(em: EntityManager, envelope: EventEnvelope): Promise<void> {
  // A type this reader does not know (a newer producer's) is passed over unread.
  if (!BOOK_EVENT_TYPES.has(envelope.type)) return;
  const event = new BookPayload(envelope);
  const repo = new ProjectionRepository(em);
  const place = event.place();
  const at = event.occurredAt;
  switch (event.type) {
    case 'LoanApplied':
      await repo.ensureFund(place, event.text('currency'), at);
      await repo.applyLoan(place, {
        id: event.id('loanId'),
        memberId: event.id('memberId'),
        currency: event.text('currency'),
        principal: event.amount('principal'),
        appliedOn: event.day('appliedOn'),
      });
      return;
    case 'LoanApproved':
    case 'LoanRejected':
      await repo.ensureFund(place, null, at);
      await repo.decideLoan(event.id('loanId'), event.type === 'LoanApproved' ? 'APPROVED' : 'REJECTED');
      return;
    case 'LoanDisbursed':
      await repo.ensureFund(place, event.text('currency'), at);
      await repo.disburseLoan(place, {
        id: event.id('loanId'),
        memberId: event.id('memberId'),
        currency: event.text('currency'),
        principal: event.amount('principal'),
        disbursedOn: event.day('valueDate'),
        schedule: event.schedule(),
      });
      return;
    case 'LoanRepaid':
      await repo.ensureFund(place, event.text('currency'), at);
      await repo.repayLoan({
        entryId: event.id('entryId'),
        loanId: event.id('loanId'),
        valueDate: event.day('valueDate'),
        amount: event.amount('amount'),
        fee: event.amount('fee'),
        interest: event.amount('interest'),
        principal: event.amount('principal'),
      });
      return;
    case 'LoanRescheduled':
      await repo.ensureFund(place, event.text('currency'), at);
      await repo.rescheduleLoan({
        id: event.id('loanId'),
        version: event.integer('scheduleVersion'),
        effectiveOn: event.day('valueDate'),
        principal: event.amount('principal'),
        schedule: event.schedule(),
      });
      return;
    case 'LoanWrittenOff':
      await repo.ensureFund(place, event.text('currency'), at);
      await repo.writeOffLoan(event.id('loanId'), event.day('valueDate'), event.amount('principal'));
      return;
    case 'LoanClosed':
      await repo.ensureFund(place, null, at);
      await repo.closeLoan(event.id('loanId'), event.day('closedOn'));
      return;
    case 'TransactionPosted': {
      const kind = event.text('kind');
      const move = MOVES[kind];
      await repo.ensureFund(place, event.text('currency'), at);
      if (!move) return;
      const amount = event.amount('amount');
      await repo.addMovement(place, {
        sourceId: event.id('entryId'),
        account: move.account,
        memberId: event.optionalId('memberId'),
        kind,
        currency: event.text('currency'),
        valueDate: event.day('valueDate'),
        amount: move.sign === 1 ? amount : negate(amount),
      });
      return;
    }
    case 'MeetingRecorded': {
      await repo.ensureFund(place, event.text('currency'), at);
      const totals: [BalanceAccount, string][] = [
        ['SAVINGS', event.amount('savings')],
        ['SHARES', event.amount('sharesValue')],
        ['SOCIAL_FUND', event.amount('socialFund')],
      ];
      for (const [account, amount] of totals) {
        if (/^-?0+(\.0+)?$/.test(amount)) continue;
        await repo.addMovement(place, {
          sourceId: event.id('meetingId'),
          account,
          memberId: null,
          groupId: event.id('groupId'),
          kind: 'MEETING',
          currency: event.text('currency'),
          valueDate: event.day('heldOn'),
          amount,
        });
      }
      return;
    }
    case 'EntryReversed': {
      await repo.ensureFund(place, null, at);
      // The reversal's own day (in the payload since issue 8; the day it was recorded for older events).
      const valueDate = event.optionalDay('valueDate') ?? at.toISOString().slice(0, 10);
      await repo.reverseMovements(event.id('reversedEntryId'), envelope.aggregateId, valueDate);
      return;
    }
    case 'CycleClosed':
      await repo.ensureFund(place, event.text('currency'), at);
      await repo.shareOut(place, event.id('cycleId'), event.text('currency'), event.day('closedOn'));
      return;
    default:
      // LoanProductSet, CapitalMoved, PeriodClosed, SavingsTermsSet: no figure uses them yet.
      await repo.ensureFund(place, null, at);
      return;
  }
}
