import type Decimal from 'decimal.js';
import { Dec } from '@funds/money';
import { DomainError, businessToday, dateArg } from '@funds/graphql-kit';
import type { ReportingContext } from '../../context';
import { calendarOf, periodsBetween } from '../calendar/calendar';
import { CHILD_LEVEL, COUNTRY_TIME_ZONES, nodeRefOf } from '../scope/node-scope';
import { childrenLoader, nodeLoader } from '../scope/scope.loaders';
import { portfolioLoader } from './portfolio.loaders';
import {
  CalendarKind,
  ChildRanking,
  Portfolio,
  PortfolioChild,
  PortfolioLevel,
  PortfolioPeriod,
  PortfolioSeries,
  RankingOrder,
  ReportingNode,
  SeriesPeriod,
} from './portfolio.types';

/** The longest series asked for at once, in periods. */
export const MAX_SERIES_PERIODS = 60;

/**
 * A node's children with their portfolios on the node's day and period: one statement for the
 * children of every node of the level asked, one for their portfolios. Children outside the
 * caller's scope are left out (row-level security and the scope rules).
 */
export async function childrenOf(ctx: ReportingContext, parent: Portfolio): Promise<PortfolioChild[]> {
  const level = CHILD_LEVEL[parent.level] as PortfolioLevel | undefined;
  if (!level) return [];
  const children = (await childrenLoader(ctx, parent.level).load(parent.nodeId)).filter((c) => ctx.access.canSee(nodeRefOf(c)));
  const portfolios = await portfolioLoader(ctx, level).loadMany(
    children.map((c) => ({ id: c.id, asOf: parent.asOf, from: parent.periodFrom })),
  );
  return children.map((child, i) => {
    const computed = portfolios[i];
    if (computed instanceof Error) throw computed;
    return Object.assign(new PortfolioChild(), {
      node: Object.assign(new ReportingNode(), { id: child.id, name: child.name, level: child.level }),
      portfolio: computed?.portfolio ?? null,
    });
  });
}

/** The most children topChildren returns. */
export const MAX_TOP_CHILDREN = 100;

/** A child's figure for a ranking, in `currency`; null when it has none (a ratio over no loans, no line in the currency). */
function rankValue(child: PortfolioChild, by: ChildRanking, currency: string): Decimal | null {
  const portfolio = child.portfolio;
  if (!portfolio) return null;
  if (by === ChildRanking.ACTIVE_MEMBERS) return new Dec(portfolio.members.active);
  const line = portfolio.currencies.find((c) => c.currency === currency);
  if (!line) return null;
  switch (by) {
    case ChildRanking.PAR30:
      return line.par30.ratio;
    case ChildRanking.PAR1:
      return line.par1.ratio;
    case ChildRanking.ARREARS_RATE:
      return line.arrearsRate.ratio;
    case ChildRanking.GROSS_LOAN_PORTFOLIO:
      return new Dec(line.grossLoanPortfolio.value.amount);
    case ChildRanking.ARREARS:
      return new Dec(line.arrears.value.amount);
    case ChildRanking.SAVINGS_BALANCE:
      return new Dec(line.savingsBalance.value.amount);
    case ChildRanking.LOANS_DISBURSED:
      return new Dec(line.loansDisbursed.amount.amount);
    case ChildRanking.ACTIVE_BORROWERS:
      return new Dec(line.activeBorrowers.value);
  }
}

/**
 * The first `first` of a node's children ranked by an indicator (highest first for DESC, lowest
 * for ASC), in `currency` (the node's first currency when left out): e.g. the funds of a county
 * with the highest PAR30. Children with no figure (no loans outstanding for a ratio) come last;
 * equal figures keep the children's order (by name). The same statements as `children`.
 */
export async function topChildrenOf(
  ctx: ReportingContext,
  parent: Portfolio,
  by: ChildRanking,
  order: RankingOrder,
  first: number,
  currencyArg: string | null | undefined,
): Promise<PortfolioChild[]> {
  if (!Number.isInteger(first) || first < 1 || first > MAX_TOP_CHILDREN)
    throw new DomainError('INVALID_INPUT', `first is from 1 to ${MAX_TOP_CHILDREN}`, 'first');
  const currency = currencyArg ?? parent.currencies[0]?.currency ?? '';
  const ranked = (await childrenOf(ctx, parent)).map((child) => ({ child, value: rankValue(child, by, currency) }));
  const sign = order === RankingOrder.DESC ? -1 : 1;
  ranked.sort((a, b) => {
    if (a.value === null || b.value === null) return a.value === null ? (b.value === null ? 0 : 1) : -1;
    return sign * a.value.comparedTo(b.value);
  });
  return ranked.slice(0, first).map((r) => r.child);
}

/**
 * A node's portfolio month by month in its country's calendar (Solar Hijri in Iran, Gregorian in
 * Vietnam), from the month holding `from` to the one holding `to` (today there unless given):
 * each month's figures at its end (at `to` for the last, unfinished one), loans disbursed over the
 * month. One statement for the node, one for every month's portfolio. Null outside the scope.
 */
export async function seriesOf(
  ctx: ReportingContext,
  level: PortfolioLevel,
  id: string,
  fromArg: string,
  toArg: string | null | undefined,
  period: SeriesPeriod = SeriesPeriod.MONTH,
): Promise<PortfolioSeries | null> {
  const from = dateArg(fromArg, 'from');
  const to = toArg === null || toArg === undefined ? null : dateArg(toArg, 'to');
  const node = await nodeLoader(ctx).load(id);
  if (!node || node.level !== level || !ctx.access.canSee(nodeRefOf(node))) return null;
  const end = to ?? businessToday(COUNTRY_TIME_ZONES[node.countryCode] ?? 'UTC', ctx.clock.now());
  if (from > end)
    throw new DomainError('INVALID_INPUT', `The series starts (${from}) after it ends (${end}); from is on or before to`, 'from');
  const calendar = calendarOf(node.countryCode);
  const months = periodsBetween(calendar, period, from, end);
  if (months.length > MAX_SERIES_PERIODS) {
    throw new DomainError(
      'INVALID_INPUT',
      `A series covers at most ${MAX_SERIES_PERIODS} periods; this one would cover ${months.length}`,
      'from',
    );
  }
  const portfolios = await portfolioLoader(ctx, level).loadMany(
    months.map((m) => ({ id, asOf: m.end < end ? m.end : end, from: m.start })),
  );
  const periods = months.map((month, i) => {
    const computed = portfolios[i];
    if (computed instanceof Error) throw computed;
    return Object.assign(new PortfolioPeriod(), {
      label: month.label,
      start: month.start,
      end: month.end,
      localStart: month.localStart,
      localEnd: month.localEnd,
      portfolio: computed!.portfolio,
    });
  });
  return Object.assign(new PortfolioSeries(), { calendar: calendar as CalendarKind, periods });
}
