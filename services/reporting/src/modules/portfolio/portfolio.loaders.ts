import type { ReportingContext } from '../../context';
import { PortfolioKey, PortfolioRepository } from './portfolio.repository';
import { ComputedPortfolio, assemblePortfolios } from './portfolio.service';
import type { PortfolioLevel } from './portfolio.types';

const keyOf = (k: PortfolioKey) => `${k.id}|${k.asOf ?? 'today'}|${k.from ?? 'first'}`;

/**
 * The portfolios of the nodes of one level asked for in one request, each at its own day and
 * period (a node, its children, a series of months): one SQL statement per level, whatever the
 * number of nodes, days, loans or members.
 */
export const portfolioLoader = (ctx: ReportingContext, level: PortfolioLevel) =>
  ctx.loaders.get<PortfolioKey, ComputedPortfolio | null>(
    `portfolio:${level}`,
    (keys) =>
      ctx.db.read(async (em) => {
        const rows = await new PortfolioRepository(em).portfolios(level, keys, ctx.clock.now());
        return assemblePortfolios(keys, rows);
      }),
    { cacheKeyFn: keyOf },
  );
