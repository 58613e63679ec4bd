import { DomainError, businessToday, dateArg } from '@funds/graphql-kit';
import type { ReportingContext } from '../../context';
import { calendarOf, monthsBetween } from '../calendar/calendar';
import { CHILD_LEVEL, COUNTRY_TIME_ZONES, nodeRefOf } from '../scope/node-scope';
import { childrenLoader, nodeLoader } from '../scope/scope.loaders';
import { portfolioLoader } from './portfolio.loaders';
import {
  CalendarKind,
  Portfolio,
  PortfolioChild,
  PortfolioLevel,
  PortfolioPeriod,
  PortfolioSeries,
  ReportingNode,
} from './portfolio.types';

/** The longest series asked for at once, in months. */
export const MAX_SERIES_MONTHS = 60;

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
): Promise<PortfolioSeries | null> {
  const from = dateArg(fromArg, 'from');
  const to = toArg === null || toArg === undefined ? null : dateArg(toArg, 'to');
  const node = await nodeLoader(ctx).load(id);
  if (!node || node.level !== level || !ctx.access.canSee(nodeRefOf(node))) return null;
  const end = to ?? businessToday(COUNTRY_TIME_ZONES[node.countryCode] ?? 'UTC', ctx.clock.now());
  if (from > end)
    throw new DomainError('INVALID_INPUT', `The series starts (${from}) after it ends (${end}); from is on or before to`, 'from');
  const calendar = calendarOf(node.countryCode);
  const months = monthsBetween(calendar, from, end);
  if (months.length > MAX_SERIES_MONTHS) {
    throw new DomainError(
      'INVALID_INPUT',
      `A series covers at most ${MAX_SERIES_MONTHS} months; this one would cover ${months.length}`,
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
