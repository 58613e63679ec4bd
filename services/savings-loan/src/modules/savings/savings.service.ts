import type { EntityManager } from 'typeorm';
import type Decimal from 'decimal.js';
import type { ScopedDatabase } from '@funds/db-kit';
import { Access, DomainError } from '@funds/graphql-kit';
import { Dec, decimalToString, fitsCurrency } from '@funds/money';
import { BusinessDays } from '../ledger/business-days';
import { EntryKind } from '../ledger/ledger.enums';
import { bookEvent } from '../ledger/ledger.events';
import { LedgerRepository } from '../ledger/ledger.repository';
import type { PostedResult } from '../ledger/ledger.service';
import { FundRefRow, MemberRefRow, locateFund, locateMember } from '../scope/fund-scope';
import { idempotent } from '../idempotency/idempotency';
import { guaranteeHeld } from '../guarantee/guarantee.repository';

export interface MemberMoneyInput {
  memberId: string;
  amount: Decimal;
  valueDate?: string | null;
  memo?: string | null;
  idempotencyKey: string;
}

/** A positive amount in the fund's currency's units, or the coded error naming `field`. */
export function assertAmount(amount: Decimal, currency: string, field = 'amount'): void {
  if (!amount.isFinite() || amount.lte(0)) throw new DomainError('INVALID_AMOUNT', 'An amount is more than zero', field);
  if (!fitsCurrency(amount, currency)) {
    throw new DomainError('INVALID_AMOUNT', `${currency} amounts have no more decimals than the currency's minor units`, field);
  }
}

/**
 * A member's fund, located and in scope, with the member active in it. The caller is authorized on
 * the member before her fund is read: a caller scoped below the fund (at her group) sees her but
 * not the fund, and is told FORBIDDEN, as the permission table says, not NOT_FOUND.
 */
export async function activeMemberOfFund(
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
      `The member is ${member.status.toLowerCase()} in this fund; only active members save or borrow`,
      'memberId',
    );
  }
  return { member, fund };
}

/**
 * Members' savings: deposits and withdrawals. A withdrawal never takes savings below zero nor
 * below what her loans hold back as guarantee: the balance is read under a row lock, so two
 * withdrawals at once are judged one after the other (and the database's no-overdraft check is
 * the wall behind that).
 */
export class SavingsService {
  constructor(
    private readonly db: ScopedDatabase,
    private readonly days: BusinessDays,
  ) {}

  deposit(access: Access, input: MemberMoneyInput): Promise<PostedResult> {
    return this.memberMoney(access, input, 'deposit', async (em, member, fund, valueDate) => {
      const posted = await new LedgerRepository(em).post({
        fundId: fund.ref.id,
        kind: EntryKind.DEPOSIT,
        valueDate,
        currency: fund.currency,
        memo: input.memo,
        memberId: member.ref.id,
        recordedBy: access.identity.subject,
        lines: [
          { account: { code: 'CASH' }, amount: input.amount },
          { account: { code: 'MEMBER_SAVINGS', memberId: member.ref.id }, amount: input.amount.negated() },
        ],
      });
      return posted.id;
    });
  }

  withdraw(access: Access, input: MemberMoneyInput): Promise<PostedResult> {
    return this.memberMoney(access, input, 'withdraw', async (em, member, fund, valueDate) => {
      const ledger = new LedgerRepository(em);
      const [savings] = await ledger.balances(fund.ref.id, [{ code: 'MEMBER_SAVINGS', memberId: member.ref.id }], true);
      const held = (await guaranteeHeld(em, [member.ref.id])).get(member.ref.id) ?? new Dec(0);
      const available = savings.minus(held);
      if (input.amount.gt(available)) {
        throw new DomainError(
          'INSUFFICIENT_SAVINGS',
          `She can withdraw at most ${decimalToString(Dec.max(available, 0))} ${fund.currency} now (savings ${decimalToString(savings)}, ${decimalToString(held)} held as loan guarantee)`,
          'amount',
          { savings: decimalToString(savings), heldAsGuarantee: decimalToString(held), available: decimalToString(Dec.max(available, 0)) },
        );
      }
      const posted = await ledger.post({
        fundId: fund.ref.id,
        kind: EntryKind.WITHDRAWAL,
        valueDate,
        currency: fund.currency,
        memo: input.memo,
        memberId: member.ref.id,
        recordedBy: access.identity.subject,
        lines: [
          { account: { code: 'MEMBER_SAVINGS', memberId: member.ref.id }, amount: input.amount },
          { account: { code: 'CASH' }, amount: input.amount.negated() },
        ],
      });
      return posted.id;
    });
  }

  /** One money event of one member: located, authorized, idempotent, posted, and told to reporting. */
  private memberMoney(
    access: Access,
    input: MemberMoneyInput,
    operation: 'deposit' | 'withdraw',
    post: (em: EntityManager, member: MemberRefRow, fund: FundRefRow, valueDate: string) => Promise<string>,
  ): Promise<PostedResult> {
    return this.db.transaction(access.dbScope, async (em) => {
      const { member, fund } = await activeMemberOfFund(access, em, input.memberId, operation);
      assertAmount(input.amount, fund.currency);
      const valueDate = this.days.valueDate(input.valueDate, fund.ref.countryCode);
      return idempotent(
        em,
        {
          fundId: fund.ref.id,
          key: input.idempotencyKey,
          operation,
          input: { memberId: input.memberId, amount: decimalToString(input.amount), valueDate, memo: input.memo ?? null },
          recordedBy: access.identity.subject,
        },
        async () => {
          const entryId = await post(em, member, fund, valueDate);
          await new LedgerRepository(em).appendEvents([
            bookEvent(fund.ref, 'TransactionPosted', entryId, access, {
              entryId,
              kind: operation === 'deposit' ? EntryKind.DEPOSIT : EntryKind.WITHDRAWAL,
              memberId: member.ref.id,
              amount: decimalToString(input.amount),
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
