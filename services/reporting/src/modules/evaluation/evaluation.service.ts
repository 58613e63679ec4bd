import type Decimal from 'decimal.js';
import { Dec } from '@funds/money';
import { DomainError, MoneyType, businessToday } from '@funds/graphql-kit';
import { toGregorian } from 'jalaali-js';
import type { ReportingContext } from '../../context';
import { CalendarMonth, CalendarName, calendarOf, periodOf } from '../calendar/calendar';
import { COUNTRY_TIME_ZONES, NodeRow, nodeRefOf } from '../scope/node-scope';
import { nodeLoader } from '../scope/scope.loaders';
import { portfolioLoader } from '../portfolio/portfolio.loaders';
import { CalendarKind, CurrencyPortfolio, Portfolio, PortfolioLevel } from '../portfolio/portfolio.types';
import { fundsUnderLoader, growthLoader } from './evaluation.loaders';
import {
  EvaluationChange,
  EvaluationCurrencyChange,
  EvaluationPeriod,
  EvaluationReport,
  FundAtRisk,
  MemberGrowth,
} from './evaluation.types';

/** The PAR30 above which a fund is listed when the caller does not say. */
export const DEFAULT_PAR30_ABOVE = '0.1';

const LABEL = /^(\d{4})-H([12])$/;

/** The Gregorian day before a Gregorian day. */
function dayBefore(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

/** The half-year a label names in `calendar`; INVALID_INPUT naming halfYear when it names none. */
export function halfYearOf(calendar: CalendarName, label: string): CalendarMonth {
  const match = LABEL.exec(label);
  const year = match ? Number(match[1]) : 0;
  const min = calendar === 'GREGORIAN' ? 1900 : 1279;
  const max = calendar === 'GREGORIAN' ? 2199 : 1578;
  if (!match || year < min || year > max)
    throw new DomainError(
      'INVALID_INPUT',
      `"${label}" is not a half-year of the node's calendar: YYYY-H1 or YYYY-H2, ${calendar === 'GREGORIAN' ? 'e.g. 2026-H1' : 'e.g. 1405-H1'}`,
      'halfYear',
    );
  const month = match[2] === '1' ? 1 : 7;
  let first: string;
  if (calendar === 'GREGORIAN') first = `${match[1]}-${month === 1 ? '01' : '07'}-01`;
  else {
    const g = toGregorian(year, month, 1);
    first = `${String(g.gy).padStart(4, '0')}-${String(g.gm).padStart(2, '0')}-${String(g.gd).padStart(2, '0')}`;
  }
  return periodOf(calendar, 'HALF_YEAR', first);
}

const periodType = (calendar: CalendarName, p: CalendarMonth) =>
  Object.assign(new EvaluationPeriod(), {
    calendar: calendar as CalendarKind,
    label: p.label,
    start: p.start,
    end: p.end,
    localStart: p.localStart,
    localEnd: p.localEnd,
  });

const amountOf = (line: CurrencyPortfolio | undefined, pick: (c: CurrencyPortfolio) => MoneyType): Decimal =>
  line ? new Dec(pick(line).amount) : new Dec(0);

function changeOf(end: Portfolio, start: Portfolio): EvaluationChange {
  const currencies = [...new Set([...end.currencies, ...start.currencies].map((c) => c.currency))].sort();
  return Object.assign(new EvaluationChange(), {
    activeMembers: end.members.active - start.members.active,
    currencies: currencies.map((currency) => {
      const e = end.currencies.find((c) => c.currency === currency);
      const s = start.currencies.find((c) => c.currency === currency);
      const endPar = e?.par30.ratio ?? null;
      const startPar = s?.par30.ratio ?? null;
      return Object.assign(new EvaluationCurrencyChange(), {
        currency,
        grossLoanPortfolio: MoneyType.of(
          amountOf(e, (c) => c.grossLoanPortfolio.value).minus(amountOf(s, (c) => c.grossLoanPortfolio.value)),
          currency,
        ),
        savingsBalance: MoneyType.of(
          amountOf(e, (c) => c.savingsBalance.value).minus(amountOf(s, (c) => c.savingsBalance.value)),
          currency,
        ),
        par30Points: endPar === null || startPar === null ? null : new Dec(endPar).minus(startPar).times(100),
      });
    }),
  });
}

/**
 * A node's evaluation report for a half-year of its calendar (the last complete one unless
 * asked): null outside the caller's scope or for a node reporting does not know. Statements:
 * one for the node, one per level for the portfolios (the node's two and its funds'), one for the
 * funds under the nodes asked, one for member growth, whatever the number of nodes asked.
 */
export async function evaluationOf(
  ctx: ReportingContext,
  level: PortfolioLevel,
  id: string,
  halfYear: string | null | undefined,
  par30AboveArg: Decimal | null | undefined,
): Promise<EvaluationReport | null> {
  const par30Above = par30AboveArg ?? new Dec(DEFAULT_PAR30_ABOVE);
  if (par30Above.isNegative() || par30Above.greaterThan(1))
    throw new DomainError('INVALID_INPUT', 'par30Above is a ratio from 0 to 1', 'par30Above');
  const node: NodeRow | null = await nodeLoader(ctx).load(id);
  if (!node || node.level !== level || !ctx.access.canSee(nodeRefOf(node))) return null;
  const calendar = calendarOf(node.countryCode);
  const today = businessToday(COUNTRY_TIME_ZONES[node.countryCode] ?? 'UTC', ctx.clock.now());
  let period: CalendarMonth;
  if (halfYear === null || halfYear === undefined)
    period = periodOf(calendar, 'HALF_YEAR', dayBefore(periodOf(calendar, 'HALF_YEAR', today).start));
  else {
    period = halfYearOf(calendar, halfYear);
    if (period.start > today)
      throw new DomainError('INVALID_INPUT', `The half-year ${halfYear} has not started (today is ${today})`, 'halfYear');
  }
  const previous = periodOf(calendar, 'HALF_YEAR', dayBefore(period.start));
  const end = period.end < today ? period.end : today;
  const [funds, growth, portfolios] = await Promise.all([
    fundsUnderLoader(ctx, level).load(id),
    growthLoader(ctx, level).load({ id, start: period.start, end }),
    portfolioLoader(ctx, level).loadMany([
      { id, asOf: end, from: period.start },
      { id, asOf: previous.end, from: previous.start },
    ]),
  ]);
  const [now, before] = portfolios.map((p) => {
    if (p instanceof Error) throw p;
    return p;
  });
  if (!now || !before) return null;
  const visible = funds.filter((f) => ctx.access.canSee(nodeRefOf(f)));
  const fundPortfolios = await portfolioLoader(ctx, 'FUND').loadMany(visible.map((f) => ({ id: f.id, asOf: end, from: period.start })));
  const atRisk: FundAtRisk[] = [];
  visible.forEach((fund, i) => {
    const computed = fundPortfolios[i];
    if (computed instanceof Error) throw computed;
    for (const line of computed?.portfolio.currencies ?? []) {
      const par30 = line.par30.ratio;
      if (par30 !== null && new Dec(par30).greaterThan(par30Above))
        atRisk.push(Object.assign(new FundAtRisk(), { id: fund.id, name: fund.name, currency: line.currency, par30 }));
    }
  });
  atRisk.sort((a, b) => new Dec(b.par30).comparedTo(a.par30));
  return Object.assign(new EvaluationReport(), {
    period: periodType(calendar, period),
    previousPeriod: periodType(calendar, previous),
    portfolio: now.portfolio,
    previousPortfolio: before.portfolio,
    change: changeOf(now.portfolio, before.portfolio),
    memberGrowth: Object.assign(new MemberGrowth(), {
      activeAtStart: before.portfolio.members.active,
      activeAtEnd: now.portfolio.members.active,
      joined: growth.joined,
      exited: growth.exited,
    }),
    par30Above,
    fundsAtRisk: atRisk,
  });
}
