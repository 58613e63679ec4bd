import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@funds/events';
import { BookPayload } from './book-events';
import { BalanceAccount, FundFlow, ProjectionRepository } from './projection.repository';
import { invalidateFundSnapshots } from '../portfolio/snapshot.service';

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
 * - CapitalMoved (a partner's capital, signed), LoanDisbursed's fee taken at pay-out and
 *   CycleClosed's profit shared out, into fund_flow;
 * - every event makes `at` the newest of its fund and the fund's ancestors, and one that changes
 *   figures deletes the fund's and its ancestors' snapshots from its day on (snapshot.service.ts);
 * - events reporting has no use for yet (products, closed months, savings terms) are passed over.
 */
export async function applyBookEvent(em: EntityManager, envelope: EventEnvelope): Promise<void> {
  // A type this reader does not know (a newer producer's) is passed over unread.
  if (!BOOK_EVENT_TYPES.has(envelope.type)) return;
  const event = new BookPayload(envelope);
  const repo = new ProjectionRepository(em);
  await project(event, repo, envelope);
  const place = event.place();
  await repo.touchNode(place.fundId, event.occurredAt);
  const field = CHANGES_FIGURES_FROM[event.type];
  if (field) await invalidateFundSnapshots(em, place.fundId, event.optionalDay(field) ?? event.occurredAt.toISOString().slice(0, 10));
}

/**
 * The events that change figures, and the payload's day they change them from (the snapshots of
 * the fund and its ancestors from that day on are deleted). Applications, decisions, products,
 * closings and savings terms change none.
 */
const CHANGES_FIGURES_FROM: Record<string, string> = {
  TransactionPosted: 'valueDate',
  EntryReversed: 'valueDate',
  LoanDisbursed: 'valueDate',
  LoanRepaid: 'valueDate',
  LoanRescheduled: 'valueDate',
  LoanWrittenOff: 'valueDate',
  CapitalMoved: 'valueDate',
  MeetingRecorded: 'heldOn',
  CycleClosed: 'closedOn',
};

/** Which partner's capital, and in which direction, each capital entry moves. */
const CAPITAL_FLOWS: Record<string, { flow: FundFlow; sign: 1 | -1 }> = {
  GRANT_RECEIVED: { flow: 'GRANT', sign: 1 },
  TRUST_CAPITAL_RECEIVED: { flow: 'TRUST_CAPITAL', sign: 1 },
  TRUST_CAPITAL_REPAID: { flow: 'TRUST_CAPITAL', sign: -1 },
  CREDIT_LINE_DRAWN: { flow: 'CREDIT_LINE', sign: 1 },
  CREDIT_LINE_REPAID: { flow: 'CREDIT_LINE', sign: -1 },
};

const isZero = (amount: string) => /^-?0+(\.0+)?$/.test(amount);

async function project(event: BookPayload, repo: ProjectionRepository, envelope: EventEnvelope): Promise<void> {
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
      {
        const fee = event.optionalAmount('upfrontFee');
        if (fee && !isZero(fee)) {
          await repo.addFlow(place, {
            sourceId: event.id('entryId'),
            flow: 'UPFRONT_FEE',
            partnerId: null,
            currency: event.text('currency'),
            valueDate: event.day('valueDate'),
            amount: fee,
          });
        }
      }
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
        if (isZero(amount)) continue;
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
    case 'CycleClosed': {
      await repo.ensureFund(place, event.text('currency'), at);
      // The cycle's share-days (for the return on savings), before its shares are paid out.
      const shareDays = await repo.shareDays(place.fundId, event.day('closedOn'));
      if (!isZero(shareDays)) {
        await repo.addFlow(place, {
          sourceId: event.id('entryId'),
          flow: 'SHARE_DAYS',
          partnerId: null,
          currency: event.text('currency'),
          valueDate: event.day('closedOn'),
          amount: shareDays,
        });
      }
      await repo.shareOut(place, event.id('cycleId'), event.text('currency'), event.day('closedOn'));
      const profit = event.amount('profit');
      if (!isZero(profit)) {
        await repo.addFlow(place, {
          sourceId: event.id('entryId'),
          flow: 'PROFIT_SHARED',
          partnerId: null,
          currency: event.text('currency'),
          valueDate: event.day('closedOn'),
          amount: profit,
        });
      }
      return;
    }
    case 'CapitalMoved': {
      await repo.ensureFund(place, event.text('currency'), at);
      const move = CAPITAL_FLOWS[event.text('kind')];
      if (!move) return;
      const amount = event.amount('amount');
      await repo.addFlow(place, {
        sourceId: event.id('entryId'),
        flow: move.flow,
        partnerId: event.id('partnerId'),
        currency: event.text('currency'),
        valueDate: event.day('valueDate'),
        amount: move.sign === 1 ? amount : negate(amount),
      });
      return;
    }
    default:
      // LoanProductSet, PeriodClosed, SavingsTermsSet: no figure uses them yet.
      await repo.ensureFund(place, null, at);
      return;
  }
}
