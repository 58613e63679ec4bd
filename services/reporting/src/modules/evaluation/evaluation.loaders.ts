import type { ReportingContext } from '../../context';
import type { NodeRow } from '../scope/node-scope';
import { EvaluationRepository, GrowthKey } from './evaluation.repository';

/** The funds under nodes of one level asked for in one request: one statement per level. */
export const fundsUnderLoader = (ctx: ReportingContext, level: string) =>
  ctx.loaders.get<string, NodeRow[]>(`fundsUnder:${level}`, (ids) =>
    ctx.db.read(async (em) => {
      const rows = await new EvaluationRepository(em).fundsUnder(level, ids);
      const column: Record<string, (n: NodeRow) => string | null> = {
        PROVINCE: (n) => n.provinceId,
        COUNTY: (n) => n.countyId,
        VILLAGE: (n) => n.villageId,
        FUND: (n) => n.id,
      };
      return ids.map((id) => rows.filter((r) => column[level]?.(r) === id));
    }),
  );

/** Memberships opened and closed in a half-year under nodes of one level: one statement per level. */
export const growthLoader = (ctx: ReportingContext, level: string) =>
  ctx.loaders.get<GrowthKey, { joined: number; exited: number }>(
    `growth:${level}`,
    (keys) =>
      ctx.db.read(async (em) => {
        const rows = await new EvaluationRepository(em).growth(level, keys);
        return keys.map((_, i) => {
          const row = rows.find((r) => Number(r.ord) === i + 1);
          return { joined: row?.joined ?? 0, exited: row?.exited ?? 0 };
        });
      }),
    { cacheKeyFn: (k) => `${k.id}|${k.start}|${k.end}` },
  );
