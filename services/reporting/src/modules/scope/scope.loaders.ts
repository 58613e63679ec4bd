import { byKeys, groupByKeys } from '@funds/graphql-kit';
import type { ReportingContext } from '../../context';
import { COLUMN_OF, NodeRow, ScopeRepository } from './node-scope';

/** Nodes by id, any level: one statement per request tick. */
export const nodeLoader = (ctx: ReportingContext) =>
  ctx.loaders.get<string, NodeRow | null>('node', (ids) =>
    ctx.db.read(async (em) => byKeys(ids, await new ScopeRepository(em).nodes(ids), (n) => n.id, null)),
  );

/** The children of nodes of one level: one statement per level. */
export const childrenLoader = (ctx: ReportingContext, level: string) =>
  ctx.loaders.get<string, NodeRow[]>(`children:${level}`, (ids) =>
    ctx.db.read(async (em) => {
      const rows = await new ScopeRepository(em).children(level, ids);
      return groupByKeys(ids, rows, (n) => COLUMN_OF[level](n) as string);
    }),
  );
