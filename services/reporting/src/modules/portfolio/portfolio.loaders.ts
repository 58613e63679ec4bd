import type { ReportingContext } from '../../context';
import { PortfolioKey, PortfolioRepository, ResolvedKey } from './portfolio.repository';
import { ComputedPortfolio, assemblePortfolios } from './portfolio.service';
import { ensureSnapshots } from './snapshot.service';
import type { SnapshotKey } from './snapshot.repository';
import type { PortfolioLevel } from './portfolio.types';

const keyOf = (k: PortfolioKey) => `${k.id}|${k.asOf ?? 'today'}|${k.from ?? 'first'}`;

/**
 * A batch of portfolios: which nodes (visible to the caller) and days it needs; their snapshots,
 * computed first where missing (in the platform's scope: a node's figures count everything under
 * it); then the snapshots, read in the caller's scope. With the snapshots there, one read-only
 * transaction of two statements, whatever the number of nodes, days, loans or members.
 */
async function portfolios(ctx: ReportingContext, level: PortfolioLevel, keys: readonly PortfolioKey[]) {
  const pairsOf = (resolved: readonly ResolvedKey[]) =>
    resolved.flatMap((r) => [{ id: r.id, day: r.as_of }, ...(r.before_day === null ? [] : [{ id: r.id, day: r.before_day }])]);
  // With every snapshot there (the usual case), one read-only transaction of two statements.
  const first = await ctx.db.read(async (em) => {
    const repo = new PortfolioRepository(em);
    const resolved = await repo.resolve(level, keys, ctx.clock.now());
    const complete = resolved.every((r) => r.has_day && r.has_before);
    return { resolved, snapshots: complete ? await repo.snapshots(pairsOf(resolved)) : null };
  });
  const { resolved } = first;
  let snapshots = first.snapshots;
  if (!snapshots) {
    const missing: SnapshotKey[] = [];
    for (const r of resolved) {
      if (!r.has_day) missing.push({ id: r.id, day: r.as_of });
      if (!r.has_before && r.before_day !== null) missing.push({ id: r.id, day: r.before_day });
    }
    await ensureSnapshots(ctx.db.database, level, missing);
    snapshots = await ctx.db.read((em) => new PortfolioRepository(em).snapshots(pairsOf(resolved)));
  }
  return assemblePortfolios(keys, resolved, snapshots);
}

/**
 * The portfolios of the nodes of one level asked for in one request, each at its own day and
 * period (a node, its children, a series of months): a constant number of statements per level,
 * whatever the number of nodes, days, loans or members.
 */
export const portfolioLoader = (ctx: ReportingContext, level: PortfolioLevel) =>
  ctx.loaders.get<PortfolioKey, ComputedPortfolio | null>(`portfolio:${level}`, (keys) => portfolios(ctx, level, keys), {
    cacheKeyFn: keyOf,
  });
