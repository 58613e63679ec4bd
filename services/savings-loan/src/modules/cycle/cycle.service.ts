import type Decimal from 'decimal.js';
import type { ScopedDatabase } from '@funds/db-kit';
import { uuid7 } from '@funds/db-kit';
import { Access, DomainError } from '@funds/graphql-kit';
import { Dec, decimalToString } from '@funds/money';
import { BusinessDays } from '../ledger/business-days';
import { EntryKind } from '../ledger/ledger.enums';
import { bookEvent } from '../ledger/ledger.events';
import { EntryLine, LedgerRepository } from '../ledger/ledger.repository';
import { locateFund } from '../scope/fund-scope';
import { idempotent } from '../idempotency/idempotency';
import { requireTerms } from '../shares/shares.service';
import { CycleRepository, ShareOutLineRow } from './cycle.repository';

/**
 * The pure share-out: the cycle's profit split among members in proportion to their shares, exact
 * to the currency's minor unit, the parts summing to the profit (the remainder rule of
 * modules/share-out/share-out.ts).
 */
export type ShareOut = (input: { currency: string; profit: Decimal; members: { memberId: string; shares: number }[] }) => Decimal[];

export interface CloseCycleInput {
  fundId: string;
  closedOn?: string | null;
  idempotencyKey: string;
}

/**
 * A savings group's cycle close and share-out. The cycle runs from the day after the previous
 * close (or from the books' opening) through `closedOn`. Its profit is the income less expenses
 * dated in it; each member is paid, in cash, the value of the shares she holds on `closedOn` plus
 * her part of the profit in proportion to her shares (the pure share-out, exact to the minor
 * unit): one SHARE_OUT entry debiting every member's shares and retained earnings (the profit
 * carried out) and crediting cash. The social fund carries over untouched. Refused while any loan
 * is outstanding (paid out and not closed or written off): the profit is not known until every
 * loan is repaid or written off.
 * The fund's books are locked for the close, so no share is bought while it is shared out.
 */
export class CycleService {
  constructor(
    private readonly db: ScopedDatabase,
    private readonly days: BusinessDays,
    private readonly shareOut: ShareOut,
  ) {}

  closeCycle(access: Access, input: CloseCycleInput): Promise<{ fundId: string; cycleId: string }> {
    return this.db.transaction(access.dbScope, async (em) => {
      const fund = await locateFund(access, em, input.fundId);
      access.authorize('closeCycle', fund.ref, 'fundId');
      const closedOn = this.days.valueDate(input.closedOn, fund.ref.countryCode, 'closedOn');
      return idempotent(
        em,
        {
          fundId: fund.ref.id,
          key: input.idempotencyKey,
          operation: 'closeCycle',
          input: { closedOn },
          recordedBy: access.identity.subject,
        },
        async () => {
          const repo = new CycleRepository(em);
          await repo.lockBooks(fund.ref.id);
          const terms = await requireTerms(em, fund.ref.id, 'fundId');
          const last = await repo.last(fund.ref.id);
          if (last && closedOn <= last.closedOn) {
            throw new DomainError(
              'CYCLE_ALREADY_CLOSED',
              `The last cycle closed on ${last.closedOn}; a new one closes after it`,
              'closedOn',
              {
                lastClosedOn: last.closedOn,
              },
            );
          }
          const openLoans = await repo.openLoans(fund.ref.id);
          if (openLoans > 0) {
            throw new DomainError(
              'CYCLE_HAS_OPEN_LOANS',
              `${openLoans} loan(s) are still outstanding; the cycle closes when every loan is repaid or written off`,
              'fundId',
              { openLoans },
            );
          }
          const holdings = await repo.sharesAt(fund.ref.id, closedOn);
          const members = holdings.map((h) => ({
            memberId: h.memberId,
            value: h.value,
            shares: h.value.dividedToIntegerBy(terms.shareValue).toNumber(),
          }));
          const shares = members.reduce((s, m) => s + m.shares, 0);
          if (shares === 0) throw new DomainError('CYCLE_WITHOUT_SHARES', `No member holds shares on ${closedOn}`, 'closedOn');
          const profit = await repo.profit(fund.ref.id, last?.closedOn ?? null, closedOn);
          const parts = this.shareOut({ currency: fund.currency, profit, members });
          const lines: ShareOutLineRow[] = members.map((m, i) => ({
            memberId: m.memberId,
            shares: m.shares,
            sharesValue: decimalToString(m.value),
            profit: decimalToString(parts[i]),
            paid: decimalToString(m.value.plus(parts[i])),
          }));
          const paidOut = members.reduce((s, m, i) => s.plus(m.value).plus(parts[i]), new Dec(0));
          const entryLines: EntryLine[] = members.map((m) => ({
            account: { code: 'MEMBER_SHARES', memberId: m.memberId },
            amount: m.value,
          }));
          if (!profit.isZero()) entryLines.push({ account: { code: 'RETAINED_EARNINGS' }, amount: profit });
          entryLines.push({ account: { code: 'CASH' }, amount: paidOut.negated() });
          const ledger = new LedgerRepository(em);
          const posted = await ledger.post({
            fundId: fund.ref.id,
            kind: EntryKind.SHARE_OUT,
            valueDate: closedOn,
            currency: fund.currency,
            memo: `Cycle ${(last?.number ?? 0) + 1} share-out`,
            recordedBy: access.identity.subject,
            lines: entryLines,
          });
          const id = uuid7();
          await repo.insert({
            id,
            fundId: fund.ref.id,
            number: (last?.number ?? 0) + 1,
            startedAfter: last?.closedOn ?? null,
            closedOn,
            currency: fund.currency,
            profit: decimalToString(profit),
            shares,
            paidOut: decimalToString(paidOut),
            entryId: posted.id,
            lines,
            recordedBy: access.identity.subject,
          });
          await ledger.appendEvents([
            bookEvent(fund.ref, 'CycleClosed', id, access, {
              cycleId: id,
              closedOn,
              entryId: posted.id,
              currency: fund.currency,
              profit: decimalToString(profit),
              shares,
              paidOut: decimalToString(paidOut),
              members: lines.length,
            }),
          ]);
          return { fundId: fund.ref.id, cycleId: id };
        },
      );
    });
  }
}
