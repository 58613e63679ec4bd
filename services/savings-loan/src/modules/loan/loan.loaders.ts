import { CursorCodec, byKeys, groupByKeys, pageSize, toPage } from '@funds/graphql-kit';
import type { SavingsLoanContext } from '../../context';
import { money } from '../ledger/books.types';
import type { Loan, LoanInstalmentRow, LoanProduct, LoanStatus } from './loan.entity';
import { LoanRepository } from './loan.repository';
import { LoanApprovalType, LoanConnection, LoanInstalmentType, LoanProductType, LoanType } from './loan.types';

export function toLoanType(l: Loan): LoanType {
  return Object.assign(new LoanType(), {
    ...l,
    principal: money(l.principal, l.currency),
  });
}

export function toProductType(p: LoanProduct): LoanProductType {
  return Object.assign(new LoanProductType(), {
    ...p,
    cycleCaps: p.cycleCaps === null ? null : p.cycleCaps.map((c) => money(c, p.currency)),
  });
}

export function toInstalmentType(i: LoanInstalmentRow, currency: string): LoanInstalmentType {
  return Object.assign(new LoanInstalmentType(), {
    version: i.version,
    number: i.number,
    dueOn: i.dueOn,
    principal: money(i.principal, currency),
    interest: money(i.interest, currency),
    fee: money(i.fee, currency),
    principalPaid: money(i.principalPaid, currency),
    interestPaid: money(i.interestPaid, currency),
    feePaid: money(i.feePaid, currency),
  });
}

export const loanLoader = (ctx: SavingsLoanContext) =>
  ctx.loaders.get<string, LoanType | null>('loan', (ids) =>
    ctx.db.read(async (em) => {
      const found = await new LoanRepository(em).loans(ids);
      return ids.map((id) => {
        const loan = found.get(id);
        return loan ? toLoanType(loan) : null;
      });
    }),
  );

/** Each member's loans, oldest first: one statement per level. */
export const memberLoansLoader = (ctx: SavingsLoanContext) =>
  ctx.loaders.get<string, LoanType[]>('memberLoans', (memberIds) =>
    ctx.db.read(async (em) => {
      const loans = await new LoanRepository(em).loansOfMembers(memberIds);
      return groupByKeys(memberIds, loans, (l) => l.memberId).map((list) => list.map(toLoanType));
    }),
  );

export const productLoader = (ctx: SavingsLoanContext) =>
  ctx.loaders.get<string, LoanProductType | null>('loanProduct', (ids) =>
    ctx.db.read(async (em) => {
      const found = await new LoanRepository(em).products(ids);
      return byKeys(ids, [...found.values()].map(toProductType), (p) => p.id, null);
    }),
  );

export const fundProductsLoader = (ctx: SavingsLoanContext) =>
  ctx.loaders.get<string, LoanProductType[]>('fundLoanProducts', (fundIds) =>
    ctx.db.read(async (em) => {
      const products = await new LoanRepository(em).productsOfFunds(fundIds);
      return groupByKeys(fundIds, products, (p) => p.fundId).map((list) => list.map(toProductType));
    }),
  );

export const approvalsLoader = (ctx: SavingsLoanContext) =>
  ctx.loaders.get<string, LoanApprovalType[]>('loanApprovals', (loanIds) =>
    ctx.db.read(async (em) => {
      const approvals = await new LoanRepository(em).approvals(loanIds);
      return groupByKeys(loanIds, approvals, (a) => a.loanId).map((list) =>
        list.map((a) => Object.assign(new LoanApprovalType(), { approvedBy: a.approvedBy, approvedAt: a.approvedAt, note: a.note })),
      );
    }),
  );

/** Each loan's instalments of its current schedule version (or of every version). */
export const instalmentsLoader = (ctx: SavingsLoanContext, allVersions = false) =>
  ctx.loaders.get<string, LoanInstalmentRow[]>(allVersions ? 'loanInstalmentsAll' : 'loanInstalments', (loanIds) =>
    ctx.db.read(async (em) => {
      const rows = await new LoanRepository(em).instalments(loanIds, allVersions);
      return groupByKeys(loanIds, rows, (r) => r.loanId);
    }),
  );

/** The ids and kinds of each loan's journal entries, oldest first (one statement for every loan of a level). */
export const loanEntryIdsLoader = (ctx: SavingsLoanContext) =>
  ctx.loaders.get<string, { entryId: string; kind: string }[]>('loanEntries', (loanIds) =>
    ctx.db.read(async (em) => {
      const rows = await new LoanRepository(em).entryIds(loanIds);
      return groupByKeys(loanIds, rows, (r) => r.loanId);
    }),
  );

const LOAN_CURSOR = new CursorCodec<LoanType>('loans', [{ kind: 'uuid', of: (l) => l.id }]);

/** A page of a fund's loans, oldest first, optionally of one status. */
export async function fundLoansPage(
  ctx: SavingsLoanContext,
  fundId: string,
  args: { status?: LoanStatus | null; first?: number; after?: string },
) {
  const size = pageSize(args.first);
  const after = args.after ? (LOAN_CURSOR.decode(args.after)[0] as string) : null;
  const status = args.status ?? null;
  const loans = await ctx.db.read((em) => new LoanRepository(em).fundLoans(fundId, status, after, size + 1));
  return new LoanConnection({
    page: toPage(loans.map(toLoanType), size, LOAN_CURSOR),
    cursor: LOAN_CURSOR,
    count: () => ctx.db.read((em) => new LoanRepository(em).countFundLoans(fundId, status)),
  });
}
