import type { EntityManager } from 'typeorm';
import type Decimal from 'decimal.js';
import type { ScopedDatabase } from '@funds/db-kit';
import { Access, DomainError } from '@funds/graphql-kit';
import { Dec, decimalToString } from '@funds/money';
import { BusinessDays } from '../ledger/business-days';
import { EntryKind } from '../ledger/ledger.enums';
import { bookEvent } from '../ledger/ledger.events';
import { LedgerRepository } from '../ledger/ledger.repository';
import type { PostedResult } from '../ledger/ledger.service';
import { FundRefRow, MemberRefRow, locateFund, locateMember } from '../scope/fund-scope';
import { idempotent } from '../idempotency/idempotency';
import { assertAmount } from '../savings/savings.service';
import { SavingsTermsRow, SharesRepository } from './shares.repository';

export interface SavingsTermsInput {
  fundId: string;
  shareValue: Decimal;
  maxSharesPerMeeting: number;
  socialFundPerMeeting: Decimal;
}

export interface BuySharesInput {
  memberId: string;
  shares: number;
  meetingId?: string | null;
  valueDate?: string | null;
  memo?: string | null;
  idempotencyKey: string;
}

export interface SocialFundInput {
  memberId: string;
  amount?: Decimal | null;
  meetingId?: string | null;
  valueDate?: string | null;
  memo?: string | null;
  idempotencyKey: string;
}

/** Where a posting of one member happens: her fund, the day, the meeting, who records it. */
export interface MemberPosting {
  fund: FundRefRow;
  member: MemberRefRow;
  valueDate: string;
  meetingId: string | null;
  memo?: string | null;
  recordedBy: string;
}

/**
 * A member the caller names, authorized for `operation` on her (before her fund is read, so a
 * caller scoped below the fund is told FORBIDDEN, as the table says, not NOT_FOUND), active, with
 * her fund's books.
 */
export async function authorizedMember(
  access: Access,
  em: EntityManager,
  memberId: string,
  operation: string,
): Promise<{ member: MemberRefRow; fund: FundRefRow }> {
  const member = await locateMember(access, em, memberId);
  access.authorize(operation, member.ref, 'memberId');
  const fund = await locateFund(access, em, member.ref.fundId as string, 'memberId');
  if (member.status !== 'ACTIVE') {
    throw new DomainError(
      'MEMBER_NOT_ACTIVE',
      `The member is ${member.status.toLowerCase()} in this fund; only active members save`,
      'memberId',
    );
  }
  return { member, fund };
}

/** The fund's terms, or SAVINGS_TERMS_NOT_SET on `field`. */
export async function requireTerms(em: EntityManager, fundId: string, field: string): Promise<SavingsTermsRow> {
  const terms = await new SharesRepository(em).terms(fundId, true);
  if (!terms) {
    throw new DomainError(
      'SAVINGS_TERMS_NOT_SET',
      "This fund's savings terms (share value, most shares per meeting) are not set yet; its admins set them first",
      field,
    );
  }
  return terms;
}

/**
 * Posts a share purchase of `shares` shares at the share value (cash in, her shares up). In a
 * meeting (`meetingId`) she buys at most the terms' maximum in all: what she bought in that
 * meeting already counts (her purchases are serialised by a lock on her first, so two purchases
 * in one meeting are judged one after the other). Without a meeting the purchase is a meeting of its own.
 */
export async function postSharePurchase(
  em: EntityManager,
  at: MemberPosting,
  terms: SavingsTermsRow,
  shares: number,
  field = 'shares',
): Promise<string> {
  if (!Number.isInteger(shares) || shares < 1) throw new DomainError('INVALID_INPUT', 'A member buys one share or more', field);
  const ledger = new LedgerRepository(em);
  await new SharesRepository(em).lockMemberShares(at.member.ref.id);
  const already = at.meetingId
    ? (await new SharesRepository(em).sharesValueInMeeting(at.member.ref.id, at.meetingId)).dividedToIntegerBy(terms.shareValue).toNumber()
    : 0;
  if (already + shares > terms.maxSharesPerMeeting) {
    throw new DomainError(
      'SHARE_LIMIT_PER_MEETING',
      `A member buys at most ${terms.maxSharesPerMeeting} shares in one meeting; she has bought ${already} in this one`,
      field,
      { maxSharesPerMeeting: terms.maxSharesPerMeeting, alreadyBought: already, asked: shares },
    );
  }
  const amount = terms.shareValue.times(shares);
  const posted = await ledger.post({
    fundId: at.fund.ref.id,
    kind: EntryKind.SHARE_PURCHASE,
    valueDate: at.valueDate,
    currency: at.fund.currency,
    memo: at.memo ?? `${shares} × ${decimalToString(terms.shareValue)}`,
    memberId: at.member.ref.id,
    meetingId: at.meetingId,
    recordedBy: at.recordedBy,
    lines: [
      { account: { code: 'CASH' }, amount },
      { account: { code: 'MEMBER_SHARES', memberId: at.member.ref.id }, amount: amount.negated() },
    ],
  });
  return posted.id;
}

/** Posts a contribution to the social fund: cash in, the social fund up. */
export async function postSocialFundContribution(em: EntityManager, at: MemberPosting, amount: Decimal, field = 'amount'): Promise<string> {
  assertAmount(amount, at.fund.currency, field);
  const posted = await new LedgerRepository(em).post({
    fundId: at.fund.ref.id,
    kind: EntryKind.SOCIAL_FUND_CONTRIBUTION,
    valueDate: at.valueDate,
    currency: at.fund.currency,
    memo: at.memo,
    memberId: at.member.ref.id,
    meetingId: at.meetingId,
    recordedBy: at.recordedBy,
    lines: [
      { account: { code: 'CASH' }, amount },
      { account: { code: 'SOCIAL_FUND' }, amount: amount.negated() },
    ],
  });
  return posted.id;
}

/**
 * Savings groups' terms, shares and social fund. A share purchase is at the fund's share value,
 * at most the per-meeting maximum in one meeting; the social fund takes contributions and pays
 * members in need, never below zero (its balance is read under a lock, the database's
 * no-overdraft check behind it).
 */
export class SharesService {
  constructor(
    private readonly db: ScopedDatabase,
    private readonly days: BusinessDays,
  ) {}

  /**
   * Sets a fund's terms. The share value changes only while no member holds shares (between a
   * share-out and the next purchase): the shares' count is their value over the share value.
   */
  setSavingsTerms(access: Access, input: SavingsTermsInput): Promise<SavingsTermsRow> {
    return this.db.transaction(access.dbScope, async (em) => {
      const fund = await locateFund(access, em, input.fundId);
      access.authorize('setSavingsTerms', fund.ref, 'fundId');
      assertAmount(input.shareValue, fund.currency, 'shareValue');
      if (!Number.isInteger(input.maxSharesPerMeeting) || input.maxSharesPerMeeting < 1 || input.maxSharesPerMeeting > 100) {
        throw new DomainError('INVALID_INPUT', 'The most shares per meeting is a whole number from 1 to 100', 'maxSharesPerMeeting');
      }
      if (!input.socialFundPerMeeting.isZero()) assertAmount(input.socialFundPerMeeting, fund.currency, 'socialFundPerMeeting');
      const repo = new SharesRepository(em);
      // The row lock waits for purchases under way (they hold it shared).
      await repo.lockTerms(fund.ref.id);
      const current = await repo.terms(fund.ref.id);
      if (current && !current.shareValue.equals(input.shareValue) && (await repo.sharesOutstanding(fund.ref.id)).gt(0)) {
        throw new DomainError(
          'SHARE_VALUE_LOCKED',
          `Members hold shares at ${decimalToString(current.shareValue)} ${fund.currency}; the share value changes after the cycle's share-out`,
          'shareValue',
        );
      }
      await repo.setTerms(fund.ref.id, input, access.identity.subject);
      const terms = (await repo.terms(fund.ref.id))!;
      await new LedgerRepository(em).appendEvents([
        bookEvent(fund.ref, 'SavingsTermsSet', fund.ref.id, access, {
          currency: terms.currency,
          shareValue: decimalToString(terms.shareValue),
          maxSharesPerMeeting: terms.maxSharesPerMeeting,
          socialFundPerMeeting: decimalToString(terms.socialFundPerMeeting),
        }),
      ]);
      return terms;
    });
  }

  buyShares(access: Access, input: BuySharesInput): Promise<PostedResult> {
    return this.memberMoney(
      access,
      input,
      'buyShares',
      { memberId: input.memberId, shares: input.shares, meetingId: input.meetingId ?? null, memo: input.memo ?? null },
      async (em, at) => {
        const terms = await requireTerms(em, at.fund.ref.id, 'shares');
        const entryId = await postSharePurchase(em, at, terms, input.shares);
        return { entryId, kind: EntryKind.SHARE_PURCHASE, amount: terms.shareValue.times(input.shares) };
      },
    );
  }

  contributeToSocialFund(access: Access, input: SocialFundInput): Promise<PostedResult> {
    return this.memberMoney(
      access,
      input,
      'contributeToSocialFund',
      {
        memberId: input.memberId,
        amount: input.amount ? decimalToString(input.amount) : null,
        meetingId: input.meetingId ?? null,
        memo: input.memo ?? null,
      },
      async (em, at) => {
        let amount = input.amount ?? null;
        if (!amount) {
          const terms = await requireTerms(em, at.fund.ref.id, 'amount');
          if (terms.socialFundPerMeeting.isZero()) {
            throw new DomainError('INVALID_AMOUNT', "The fund's terms set no contribution per meeting; give the amount", 'amount');
          }
          amount = terms.socialFundPerMeeting;
        }
        const entryId = await postSocialFundContribution(em, at, amount);
        return { entryId, kind: EntryKind.SOCIAL_FUND_CONTRIBUTION, amount };
      },
    );
  }

  payFromSocialFund(access: Access, input: SocialFundInput & { amount: Decimal }): Promise<PostedResult> {
    return this.memberMoney(
      access,
      input,
      'payFromSocialFund',
      { memberId: input.memberId, amount: decimalToString(input.amount), meetingId: input.meetingId ?? null, memo: input.memo ?? null },
      async (em, at) => {
        assertAmount(input.amount, at.fund.currency);
        const ledger = new LedgerRepository(em);
        const [available] = await ledger.balances(at.fund.ref.id, [{ code: 'SOCIAL_FUND' }], true);
        if (input.amount.gt(available)) {
          throw new DomainError(
            'INSUFFICIENT_SOCIAL_FUND',
            `The social fund holds ${decimalToString(Dec.max(available, 0))} ${at.fund.currency}; it pays no more than it holds`,
            'amount',
            { available: decimalToString(Dec.max(available, 0)) },
          );
        }
        const posted = await ledger.post({
          fundId: at.fund.ref.id,
          kind: EntryKind.SOCIAL_FUND_PAYOUT,
          valueDate: at.valueDate,
          currency: at.fund.currency,
          memo: at.memo,
          memberId: at.member.ref.id,
          meetingId: at.meetingId,
          recordedBy: at.recordedBy,
          lines: [
            { account: { code: 'SOCIAL_FUND' }, amount: input.amount },
            { account: { code: 'CASH' }, amount: input.amount.negated() },
          ],
        });
        return { entryId: posted.id, kind: EntryKind.SOCIAL_FUND_PAYOUT, amount: input.amount };
      },
    );
  }

  /** One money event of one member: located, authorized, idempotent, posted, and told to reporting. */
  private memberMoney(
    access: Access,
    input: { memberId: string; valueDate?: string | null; meetingId?: string | null; memo?: string | null; idempotencyKey: string },
    operation: 'buyShares' | 'contributeToSocialFund' | 'payFromSocialFund',
    request: Record<string, unknown>,
    post: (em: EntityManager, at: MemberPosting) => Promise<{ entryId: string; kind: EntryKind; amount: Decimal }>,
  ): Promise<PostedResult> {
    return this.db.transaction(access.dbScope, async (em) => {
      const { member, fund } = await authorizedMember(access, em, input.memberId, operation);
      const valueDate = this.days.valueDate(input.valueDate, fund.ref.countryCode);
      return idempotent(
        em,
        {
          fundId: fund.ref.id,
          key: input.idempotencyKey,
          operation,
          input: { ...request, valueDate },
          recordedBy: access.identity.subject,
        },
        async () => {
          const at: MemberPosting = {
            fund,
            member,
            valueDate,
            meetingId: input.meetingId ?? null,
            memo: input.memo,
            recordedBy: access.identity.subject,
          };
          const { entryId, kind, amount } = await post(em, at);
          await new LedgerRepository(em).appendEvents([
            bookEvent(fund.ref, 'TransactionPosted', entryId, access, {
              entryId,
              kind,
              memberId: member.ref.id,
              meetingId: input.meetingId ?? null,
              amount: decimalToString(amount),
              currency: fund.currency,
              valueDate,
            }),
          ]);
          return { fundId: fund.ref.id, entryId };
        },
      );
    });
  }
}
