import type Decimal from 'decimal.js';
import { Dec } from '@funds/money';
import type { CapitalAccountRow, FundSources, LoanExposureRow } from './capital.repository';

/** Splits `amount` by `ratios` to the currency's minor unit, the parts summing to it exactly (Money.allocate's remainder rule). */
export type Allocate = (amount: Decimal, ratios: Decimal[], currency: string) => Decimal[];

/**
 * How much of each partner's capital in one fund is lent out (the rule the schema documents on
 * `PartnerCapital.lentOut`):
 * 1. A loan funded by a named partner counts fully for that partner, up to the partner's capital
 *    in the fund (all its kinds together, split between its kinds in proportion to their
 *    balances); what exceeds it joins the rest of the portfolio.
 * 2. The rest of the outstanding portfolio is attributed to every source of the fund's lendable
 *    money - members' savings, members' shares, each partner's grant, trust capital and credit
 *    line, and earnings kept (retained earnings and this period's income less expenses) - in
 *    proportion to its balance not already counted in step 1. The social fund is not lendable
 *    money and takes no part. A negative balance counts as zero.
 * Both splits use Money.allocate (exact to the minor unit; the remainder goes by its rule), so the
 * parts add up to the portfolio exactly. Returns the amount lent out per capital account, in the
 * order of `capital`.
 */
export function lentOutOf(
  capital: readonly CapitalAccountRow[],
  sources: FundSources,
  loans: readonly LoanExposureRow[],
  allocate: Allocate,
): Decimal[] {
  const zero = new Dec(0);
  const positive = (d: Decimal) => Dec.max(d, 0);
  const lent = capital.map(() => zero);
  const remaining = capital.map((c) => positive(c.outstanding));
  const portfolio = loans.reduce((sum, l) => sum.plus(l.outstanding), zero);
  let pooled = portfolio;
  // 1. Loans a named partner funds.
  const funded = new Map<string, Decimal>();
  for (const loan of loans) {
    if (loan.fundingPartnerId) funded.set(loan.fundingPartnerId, (funded.get(loan.fundingPartnerId) ?? zero).plus(loan.outstanding));
  }
  for (const [partnerId, amount] of funded) {
    const own = capital.map((c, i) => (c.partnerId === partnerId ? i : -1)).filter((i) => i >= 0);
    const capacity = own.reduce((sum, i) => sum.plus(remaining[i]), zero);
    const counted = Dec.min(amount, capacity);
    if (counted.lte(0)) continue;
    const parts = allocate(
      counted,
      own.map((i) => remaining[i]),
      sources.currency,
    );
    own.forEach((i, k) => {
      lent[i] = lent[i].plus(parts[k]);
      remaining[i] = remaining[i].minus(parts[k]);
    });
    pooled = pooled.minus(counted);
  }
  // 2. The rest, in proportion to every source's balance not yet counted.
  const ratios = [positive(sources.savings), positive(sources.shares), positive(sources.earnings), ...remaining];
  const total = ratios.reduce((sum, r) => sum.plus(r), zero);
  if (pooled.gt(0) && total.gt(0)) {
    const parts = allocate(pooled, ratios, sources.currency);
    capital.forEach((_, i) => (lent[i] = lent[i].plus(parts[3 + i])));
  }
  return lent;
}
