import type { EntityManager } from 'typeorm';
import type Decimal from 'decimal.js';
import type { ScopedDatabase } from '@funds/db-kit';
import { isUniqueViolation, isUuid } from '@funds/db-kit';
import { Access, DomainError, NodeLevel, NodeRef, hidden } from '@funds/graphql-kit';
import { Dec, decimalToString } from '@funds/money';
import { BusinessDays } from '../ledger/business-days';
import { EntryKind } from '../ledger/ledger.enums';
import { bookEvent } from '../ledger/ledger.events';
import { LedgerRepository, withDeferredPostings } from '../ledger/ledger.repository';
import { ScopeRepository, locateFund } from '../scope/fund-scope';
import { idempotent, requestHash } from '../idempotency/idempotency';
import { assertAmount } from '../savings/savings.service';
import { MemberPosting, postSharePurchase, postSocialFundContribution, requireTerms } from '../shares/shares.service';
import type { SavingsTermsRow } from '../shares/shares.repository';
import { repayInTransaction } from '../loan/loan.service';
import { MeetingLineResult, MeetingRepository, MeetingRow } from './meeting.repository';

export interface MeetingLineInput {
  memberId: string;
  savings?: Decimal | null;
  shares?: number | null;
  socialFund?: Decimal | null;
  repayments?: { loanId: string; amount: Decimal }[] | null;
}

export interface MeetingInput {
  meetingId: string;
  groupId: string;
  heldOn: string;
  lines: MeetingLineInput[];
}

/** Most lines in one sheet (a group has at most a few dozen members). */
export const MAX_MEETING_LINES = 200;

/**
 * A group meeting's collection sheet: every line's savings deposit, share purchase and social
 * fund contribution (and loan repayments) in one database transaction, all or nothing. A refused
 * line refuses the sheet, and the error names the line (`lines.3.savings`). The meeting id, made
 * by the client, is the sheet's idempotency key: the same sheet sent again returns the first
 * result and posts nothing; the same id with another sheet is IDEMPOTENCY_KEY_REUSED.
 */
export class MeetingService {
  constructor(
    private readonly db: ScopedDatabase,
    private readonly days: BusinessDays,
  ) {}

  /**
   * Records the sheet; `written` is the meeting as stored when this request wrote it (null when
   * it returns an earlier request's result), so the answer needs no second read.
   */
  recordMeeting(access: Access, input: MeetingInput): Promise<{ fundId: string; meetingId: string; written: MeetingRow | null }> {
    return this.db.transaction(access.dbScope, async (em) => {
      let written: MeetingRow | null = null;
      if (!isUuid(input.meetingId)) throw new DomainError('INVALID_INPUT', 'A meeting id is a UUID the client makes', 'meetingId');
      const group = (await new ScopeRepository(em).groups([input.groupId])).get(input.groupId);
      if (!group || !access.canSee(group)) throw hidden({ level: NodeLevel.GROUP, id: input.groupId } as NodeRef, 'groupId');
      access.authorize('recordMeeting', group, 'groupId');
      const fund = await locateFund(access, em, group.fundId as string, 'groupId');
      const heldOn = this.days.valueDate(input.heldOn, fund.ref.countryCode, 'heldOn');
      if (input.lines.length === 0 || input.lines.length > MAX_MEETING_LINES) {
        throw new DomainError('INVALID_INPUT', `A sheet has 1 to ${MAX_MEETING_LINES} lines`, 'lines');
      }
      const request = {
        groupId: input.groupId,
        heldOn,
        lines: input.lines.map((l) => ({
          memberId: l.memberId,
          savings: l.savings ? decimalToString(l.savings) : '0',
          shares: l.shares ?? 0,
          socialFund: l.socialFund ? decimalToString(l.socialFund) : '0',
          // Only when there are some: a sheet recorded before repayments existed hashes as it did.
          repayments: l.repayments?.length ? l.repayments.map((r) => ({ loanId: r.loanId, amount: decimalToString(r.amount) })) : undefined,
        })),
      };
      try {
        const result = await idempotent(
          em,
          { fundId: fund.ref.id, key: input.meetingId, operation: 'recordMeeting', input: request, recordedBy: access.identity.subject },
          async () => {
            // Every line's entries are written together (4 statements for the sheet, not 4 per entry).
            const lines = await withDeferredPostings(em, () => this.postLines(em, access, input, fund, heldOn));
            written = await new MeetingRepository(em).insert({
              id: input.meetingId,
              fundId: fund.ref.id,
              groupId: input.groupId,
              heldOn,
              currency: fund.currency,
              requestHash: requestHash('recordMeeting', request),
              lines,
              recordedBy: access.identity.subject,
            });
            const total = (pick: (l: MeetingLineResult) => string) => decimalToString(lines.reduce((s, l) => s.plus(pick(l)), new Dec(0)));
            await new LedgerRepository(em).appendEvents([
              bookEvent(fund.ref, 'MeetingRecorded', input.meetingId, access, {
                meetingId: input.meetingId,
                groupId: input.groupId,
                heldOn,
                lines: lines.length,
                currency: fund.currency,
                savings: total((l) => l.savings),
                sharesValue: total((l) => l.sharesValue),
                socialFund: total((l) => l.socialFund),
                repaid: total((l) => l.repaid),
                entryIds: lines.flatMap((l) => l.entryIds),
              }),
            ]);
            return { fundId: fund.ref.id, meetingId: input.meetingId };
          },
        );
        return { ...result, written };
      } catch (error) {
        // The same meeting id recorded in another fund (its idempotency key is per fund, the meeting id is global).
        if (error instanceof DomainError && error.code === 'IDEMPOTENCY_KEY_REUSED') {
          throw new DomainError(
            error.code,
            'This meeting id was recorded already with another sheet; make a new id for a new meeting',
            'meetingId',
          );
        }
        if (isUniqueViolation(error, 'meeting_pkey')) {
          throw new DomainError(
            'IDEMPOTENCY_KEY_REUSED',
            'This meeting id was recorded already for another sheet; make a new one',
            'meetingId',
          );
        }
        throw error;
      }
    });
  }

  /** Every line's postings, in the sheet's order; a refusal names its line. */
  private async postLines(
    em: EntityManager,
    access: Access,
    input: MeetingInput,
    fund: Awaited<ReturnType<typeof locateFund>>,
    heldOn: string,
  ): Promise<MeetingLineResult[]> {
    const members = await new ScopeRepository(em).members(input.lines.map((l) => l.memberId));
    const seen = new Set<string>();
    let terms: SavingsTermsRow | null = null;
    const results: MeetingLineResult[] = [];
    for (const [i, line] of input.lines.entries()) {
      try {
        const member = members.get(line.memberId);
        if (!member || !access.canSee(member.ref)) throw hidden({ level: NodeLevel.MEMBER, id: line.memberId } as NodeRef, 'memberId');
        if (member.ref.groupId !== input.groupId) {
          throw new DomainError('MEMBER_NOT_IN_GROUP', "The member is not in this sheet's group", 'memberId');
        }
        if (seen.has(line.memberId))
          throw new DomainError('DUPLICATE_MEETING_LINE', 'The member has a line in this sheet already', 'memberId');
        seen.add(line.memberId);
        if (member.status !== 'ACTIVE') {
          throw new DomainError('MEMBER_NOT_ACTIVE', `The member is ${member.status.toLowerCase()} in this fund`, 'memberId');
        }
        const at: MemberPosting = { fund, member, valueDate: heldOn, meetingId: input.meetingId, recordedBy: access.identity.subject };
        const savings = line.savings ?? new Dec(0);
        const socialFund = line.socialFund ?? new Dec(0);
        const shares = line.shares ?? 0;
        if (!savings.isZero()) assertAmount(savings, fund.currency, 'savings');
        if (!socialFund.isZero()) assertAmount(socialFund, fund.currency, 'socialFund');
        if (!Number.isInteger(shares) || shares < 0) throw new DomainError('INVALID_INPUT', 'A share count is zero or more', 'shares');
        const entryIds: string[] = [];
        if (!savings.isZero()) entryIds.push(await this.postDeposit(em, at, savings));
        let sharesValue = new Dec(0);
        if (shares > 0) {
          terms ??= await requireTerms(em, fund.ref.id, 'shares');
          entryIds.push(await postSharePurchase(em, at, terms, shares));
          sharesValue = terms.shareValue.times(shares);
        }
        if (!socialFund.isZero()) entryIds.push(await postSocialFundContribution(em, at, socialFund, 'socialFund'));
        let repaid = new Dec(0);
        for (const [j, repayment] of (line.repayments ?? []).entries()) {
          try {
            assertAmount(repayment.amount, fund.currency, 'amount');
            const borrower = await new MeetingRepository(em).loanBorrower(repayment.loanId);
            if (borrower && borrower !== line.memberId) {
              throw new DomainError('LOAN_NOT_OF_MEMBER', "The loan is not this line's member's", 'loanId');
            }
            entryIds.push(
              await repayInTransaction(em, access, {
                loanId: repayment.loanId,
                amount: repayment.amount,
                valueDate: heldOn,
                meetingId: input.meetingId,
              }),
            );
            repaid = repaid.plus(repayment.amount);
          } catch (error) {
            if (error instanceof DomainError) {
              throw new DomainError(error.code, error.message, `repayments.${j}.${error.field ?? 'loanId'}`, error.details);
            }
            throw error;
          }
        }
        results.push({
          memberId: line.memberId,
          savings: decimalToString(savings),
          shares,
          sharesValue: decimalToString(sharesValue),
          socialFund: decimalToString(socialFund),
          repaid: decimalToString(repaid),
          entryIds,
        });
      } catch (error) {
        if (error instanceof DomainError) {
          throw new DomainError(error.code, `Line ${i}: ${error.message}`, `lines.${i}.${error.field ?? 'memberId'}`, error.details);
        }
        throw error;
      }
    }
    return results;
  }

  private async postDeposit(em: EntityManager, at: MemberPosting, amount: Decimal): Promise<string> {
    const posted = await new LedgerRepository(em).post({
      fundId: at.fund.ref.id,
      kind: EntryKind.DEPOSIT,
      valueDate: at.valueDate,
      currency: at.fund.currency,
      memberId: at.member.ref.id,
      meetingId: at.meetingId,
      recordedBy: at.recordedBy,
      lines: [
        { account: { code: 'CASH' }, amount },
        { account: { code: 'MEMBER_SAVINGS', memberId: at.member.ref.id }, amount: amount.negated() },
      ],
    });
    return posted.id;
  }
}
