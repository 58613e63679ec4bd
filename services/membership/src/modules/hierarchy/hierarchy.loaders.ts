import type DataLoader from 'dataloader';
import type { ObjectLiteral } from 'typeorm';
import type { GraphQLResolveInfo } from 'graphql';
import { byKeys, ConnectionSource, NodeRef, Page, connectionNodeFields, pageSize } from '@funds/graphql-kit';
import type { MembershipContext } from '../../context';
import {
  ChildList,
  ChildPages,
  HierarchyRepository,
  LISTS,
  ListArgs,
  ListFilter,
  NodeStatsRow,
  READ_STATS,
  WithStats,
} from './hierarchy.repository';
import type { Country } from './country.entity';
import type { Province } from './province.entity';

/** The list definitions (sort keys, cursors) resolvers build connections with; the counts a node read with its counter row carries. */
export { LISTS, READ_STATS };
export type { WithStats };
import { NodeLevel } from './hierarchy.enums';

/** Request-scoped loaders for the hierarchy: every one batches a level's keys into one statement. */
export function refLoader(ctx: MembershipContext): DataLoader<string, NodeRef | null, string> {
  return ctx.loaders.get<string, NodeRef | null>('ref', async (ids) =>
    byKeys(ids, await ctx.db.read((em) => new HierarchyRepository(em).locate(ids)), (r) => r.id, null),
  );
}

/**
 * `node(id)` and entity references: ref, row and counts of each id in one statement, which also
 * fills the ref and entity loaders (a member's row is left to its entity loader; the counts
 * travel on the node: READ_STATS).
 */
export function openLoader(ctx: MembershipContext): DataLoader<string, NodeRef | null, string> {
  return ctx.loaders.get<string, NodeRef | null>('open', async (ids) => {
    const opened = await ctx.db.read((em) => new HierarchyRepository(em).open(ids));
    for (const { ref, node } of opened) {
      refLoader(ctx).prime(ref.id, ref);
      if (node) entityLoader(ctx, node.constructor as never).prime(ref.id, node as never);
    }
    return byKeys(
      ids,
      opened.map((o) => o.ref),
      (r) => r.id,
      null,
    );
  });
}

export function entityLoader<T extends ObjectLiteral & { id: string }>(
  ctx: MembershipContext,
  entity: { new (): T; name: string },
): DataLoader<string, T | null, string> {
  return ctx.loaders.get<string, T | null>(`entity:${entity.name}`, async (ids) =>
    byKeys(ids, await ctx.db.read((em) => new HierarchyRepository(em).byIds(entity, ids)), (r) => r.id, null),
  );
}

/** The time zone of each country, by code: one statement per request for every member's age. */
export function countryZoneLoader(ctx: MembershipContext): DataLoader<string, string, string> {
  return ctx.loaders.get<string, string>('countryZone', async (codes) =>
    (await ctx.db.read((em) => new HierarchyRepository(em).countryTimeZones(codes))).map(
      (zone, i) => zone ?? new Error(`No country ${codes[i]}`),
    ),
  );
}

/** Counts under nodes of one level, from their maintained counter rows: one statement per level. */
export function statsLoader(ctx: MembershipContext, level: NodeLevel): DataLoader<string, NodeStatsRow, string> {
  return ctx.loaders.get<string, NodeStatsRow>(`stats:${level}`, (ids) => ctx.db.read((em) => new HierarchyRepository(em).stats(ids)));
}

export interface ListRequest {
  first?: number | null;
  after?: string | null;
  status?: string[] | null;
  search?: string | null;
  /** The fields asked of the list's nodes (connectionNodeFields): light fields only, the page reads only light columns. */
  fields?: string[] | null;
}

export function listArgs(args: ListRequest): ListArgs {
  return {
    first: pageSize(args.first),
    after: args.after ?? null,
    statuses: args.status ?? null,
    search: args.search ?? null,
    fields: args.fields ?? null,
  };
}

/**
 * Fills the count loader with what a first page's statement also answered, each parent's total
 * (so `totalCount` costs no statement of its own; the children's `stats` travel on them: READ_STATS).
 */
function primeFromPages(
  ctx: MembershipContext,
  list: ChildList<any>,
  parentColumn: string,
  parentIds: readonly string[],
  args: ListArgs,
  result: ChildPages<any>,
): void {
  if (!result.totals) return;
  const counts = countLoader(ctx, list, parentColumn, args);
  parentIds.forEach((id, i) => counts.prime(id, result.totals![i]));
}

/** One page of `list` under each parent asking with the same arguments: one statement per level. */
export function childPage<T extends ObjectLiteral>(
  ctx: MembershipContext,
  list: ChildList<T>,
  parentColumn: string,
  parentId: string,
  request: ListRequest,
): Promise<Page<T>> {
  const args = listArgs(request);
  const key = `page:${list.table}:${parentColumn}:${JSON.stringify(args)}`;
  return ctx.loaders
    .get<string, Page<T>>(key, async (ids) => {
      const result = await ctx.db.read((em) => new HierarchyRepository(em).childPages(list, parentColumn, ids, args));
      primeFromPages(ctx, list, parentColumn, ids, args, result);
      return result.pages;
    })
    .load(parentId);
}

function countLoader(
  ctx: MembershipContext,
  list: ChildList<any>,
  parentColumn: string,
  request: ListFilter,
): DataLoader<string, number, string> {
  const filter: ListFilter = { statuses: request.statuses ?? null, search: request.search ?? null };
  const key = `count:${list.table}:${parentColumn}:${JSON.stringify(filter)}`;
  return ctx.loaders.get<string, number>(key, (ids) =>
    ctx.db.read((em) => new HierarchyRepository(em).childCounts(list, parentColumn, ids, filter)),
  );
}

export function childCount(
  ctx: MembershipContext,
  list: ChildList<any>,
  parentColumn: string,
  parentId: string,
  request: ListFilter,
): Promise<number> {
  return countLoader(ctx, list, parentColumn, request).load(parentId);
}

/** A connection of `list` under one parent: its page and, only when asked, its total (both batched per level). */
export async function listConnection<T extends ObjectLiteral>(
  ctx: MembershipContext,
  list: ChildList<T>,
  parentColumn: string,
  parentId: string,
  request: ListRequest,
  info?: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>,
): Promise<ConnectionSource<T>> {
  return {
    // The fields its selection asks of the nodes: a page of light fields reads only light columns.
    page: await childPage(ctx, list, parentColumn, parentId, info ? { ...request, fields: connectionNodeFields(info) } : request),
    count: () => childCount(ctx, list, parentColumn, parentId, listArgs(request)),
    cursor: list.cursor,
  };
}

/** The countries of the network, by code. */
export function allCountries(ctx: MembershipContext): Promise<Country[]> {
  return ctx.db.read((em) => new HierarchyRepository(em).countries());
}

/** Countries by code, one statement per request. */
export function countryLoader(ctx: MembershipContext): DataLoader<string, Country | undefined, string> {
  return ctx.loaders.get<string, Country | undefined>('country', async (codes) => {
    const all = await allCountries(ctx);
    return codes.map((c) => all.find((x) => x.code === c));
  });
}

/**
 * The provinces page: `only` limits it to those ids (a province-level caller), an empty `only`
 * is an empty page without a statement.
 */
export async function provinceConnection(
  ctx: MembershipContext,
  only: string[] | null,
  args: ListArgs,
): Promise<ConnectionSource<Province>> {
  if (only && only.length === 0) {
    return { page: { items: [], hasNextPage: false, endCursor: null }, count: async () => 0, cursor: LISTS.province.cursor };
  }
  const result = await ctx.db.read((em) => new HierarchyRepository(em).childPages(LISTS.province, null, only, args));
  const [page] = result.pages;
  const total = result.totals?.[0];
  const count = async () =>
    total ?? (await ctx.db.read((em) => new HierarchyRepository(em).childCounts(LISTS.province, null, only, args)))[0];
  return { page, count, cursor: LISTS.province.cursor };
}
