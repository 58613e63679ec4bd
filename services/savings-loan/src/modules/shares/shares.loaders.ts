import { byKeys } from '@funds/graphql-kit';
import type { SavingsLoanContext } from '../../context';
import { money } from '../ledger/books.types';
import { SavingsTermsRow, SharesRepository } from './shares.repository';
import { SavingsTermsType } from './shares.types';

export function toTermsType(t: SavingsTermsRow): SavingsTermsType {
  return Object.assign(new SavingsTermsType(), {
    fundId: t.fundId,
    shareValue: money(t.shareValue, t.currency),
    maxSharesPerMeeting: t.maxSharesPerMeeting,
    socialFundPerMeeting: money(t.socialFundPerMeeting, t.currency),
    setAt: t.setAt,
  });
}

/** Each fund's savings terms (null when not set): one statement per level. */
export const termsLoader = (ctx: SavingsLoanContext) =>
  ctx.loaders.get<string, SavingsTermsType | null>('savingsTerms', (fundIds) =>
    ctx.db.read(async (em) => {
      const rows = await new SharesRepository(em).termsOf(fundIds);
      return byKeys(fundIds, rows.map(toTermsType), (t) => t.fundId, null);
    }),
  );
