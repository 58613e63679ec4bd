import type { GraphQLResolveInfo } from 'graphql';
import { CursorCodec, DomainError, NodeRef, Page, connectionNodeFields, toPage } from '@funds/graphql-kit';
import type { MembershipContext } from '../../context';
import { childList, HierarchyRepository } from '../hierarchy/hierarchy.repository';
import { NodeLevel } from '../hierarchy/hierarchy.enums';
import { Member } from './member.entity';
import { MemberTransfer } from './member-transfer.entity';
import { AreaColumn, MemberRepository } from './member.repository';

/** A member's moves (out of it and into it), oldest first; one statement for every member of the request's tick. */
export function transfersOf(ctx: MembershipContext, memberId: string): Promise<MemberTransfer[]> {
  return ctx.loaders
    .get<string, MemberTransfer[]>('transfers', async (ids) => {
      const rows = await ctx.db.read((em) =>
        em
          .getRepository(MemberTransfer)
          .createQueryBuilder('t')
          .where('t.member_id = ANY(:ids) OR t.to_member_id = ANY(:ids)', { ids })
          .orderBy('t.effective_on')
          .addOrderBy('t.created_at')
          .getMany(),
      );
      return ids.map((id) => rows.filter((t) => t.memberId === id || t.toMemberId === id));
    })
    .load(memberId);
}

/** Members are listed by family name, given name, then id; search reads names and the national id. */
export const MEMBER_LIST = childList<Member>({
  entity: Member,
  level: NodeLevel.MEMBER,
  table: 'member',
  sort: [
    { column: 'family_name', property: 'familyName', kind: 'text' },
    { column: 'given_name', property: 'givenName', kind: 'text' },
    { column: 'id', property: 'id', kind: 'uuid' },
  ],
  search: ['given_name', 'family_name', 'name_latin', 'national_id'],
});

/** An area whose members can be exported: its column on member and its list's cursors. */
export interface AreaList {
  column: AreaColumn;
  /** Cursors hold the area's id and the member's: a cursor of another area (or list) is INVALID_CURSOR. */
  cursor: CursorCodec<Member>;
  /** The cursor after member `memberId` of area `areaId` (the export's, which reads no entity). */
  cursorOf(areaId: string, memberId: string): string;
}

const areaList = (column: AreaColumn, property: 'provinceId' | 'countyId' | 'villageId', word: string): AreaList => {
  const cursor = new CursorCodec<Member>(`${word}-members`, [
    { kind: 'uuid', of: (m) => m[property] as string },
    { kind: 'uuid', of: (m) => m.id },
  ]);
  // The cursor reads the area's column and the id, nothing else of a member.
  return {
    column,
    cursor,
    cursorOf: (areaId, memberId) => cursor.encode({ [property]: areaId, id: memberId } as Partial<Member> as Member),
  };
};

/** The export lists: every member of a province, county or village, in id order. */
export const AREA_LISTS = {
  [NodeLevel.PROVINCE]: areaList('province_id', 'provinceId', 'province'),
  [NodeLevel.COUNTY]: areaList('county_id', 'countyId', 'county'),
  [NodeLevel.VILLAGE]: areaList('village_id', 'villageId', 'village'),
} as const;

export interface AreaPageRequest {
  first: number;
  after: string | null;
  statuses: string[] | null;
  /** The member columns to read (memberColumnsFor); null: all of them. */
  columns: string[] | null;
}

/**
 * The columns of membership.member each field of Member reads. An export reads only what its
 * selection needs (the floor's few columns rather than the row's 28): read, parsed and hydrated
 * per row, the others cost about a third of a page's database time.
 */
const MEMBER_FIELD_COLUMNS: Record<string, readonly string[]> = {
  __typename: [],
  id: [],
  givenName: ['given_name'],
  familyName: ['family_name'],
  fullName: ['given_name', 'family_name'],
  nameLatin: ['name_latin'],
  nationalId: ['national_id'],
  birthDate: ['birth_date'],
  age: ['birth_date', 'exited_on'],
  sex: ['sex'],
  femaleHeadOfHousehold: ['female_head_of_household'],
  hasDisability: ['has_disability'],
  livelihood: ['livelihood'],
  baselineMonthlyIncome: ['baseline_monthly_income'],
  phone: ['phone'],
  status: [],
  joinedOn: ['joined_on'],
  exitedOn: ['exited_on'],
  exitReason: ['exit_reason'],
  suspensionReason: ['suspension_reason'],
  fund: [],
  group: [],
  residenceVillage: ['residence_village_id'],
  referredBy: ['referred_by_partner_id'],
  transfers: [],
};
/** Always read: the id, the ancestry (access rules, cursors, relations), the status and the country (age). */
const MEMBER_KEY_COLUMNS = ['id', 'country_code', 'province_id', 'county_id', 'village_id', 'fund_id', 'group_id', 'status'];

/**
 * The member columns a connection's selection needs (its `nodes` and `edges { node }`, through
 * fragments), or null (every column) when it selects a field this table does not know.
 */
export function memberColumnsFor(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): string[] | null {
  const fields = connectionNodeFields(info);
  if (!fields) return null;
  const columns = new Set(MEMBER_KEY_COLUMNS);
  for (const field of fields) {
    const needs = MEMBER_FIELD_COLUMNS[field];
    if (!needs) return null;
    for (const column of needs) columns.add(column);
  }
  return [...columns].sort();
}

/** The member id an `after` cursor of `list` holds for area `areaId`; INVALID_CURSOR when it is not one of that area's cursors. */
export function afterIdOf(list: AreaList, areaId: string, after: string | null): string | null {
  if (after === null) return null;
  const [area, id] = list.cursor.decode(after);
  if (area !== areaId) {
    throw new DomainError('INVALID_CURSOR', 'The cursor belongs to another area; pass a pageInfo.endCursor of this same list', 'after');
  }
  return id as string;
}

/** One page of an area's members (every area asked with the same arguments in one statement). */
export function areaMemberPage(ctx: MembershipContext, list: AreaList, areaId: string, request: AreaPageRequest): Promise<Page<Member>> {
  const args = {
    afterId: afterIdOf(list, areaId, request.after),
    limit: request.first + 1,
    statuses: request.statuses,
    columns: request.columns,
  };
  return ctx.loaders
    .get<string, Page<Member>>(`areaMembers:${list.column}:${JSON.stringify(args)}`, async (ids) =>
      (await ctx.db.read((em) => new MemberRepository(em).byArea(list.column, ids, args))).map((rows) =>
        toPage(rows, request.first, list.cursor),
      ),
    )
    .load(areaId);
}

/** How many members an area has with these statuses (batched per level). */
export function areaMemberCount(ctx: MembershipContext, list: AreaList, areaId: string, statuses: string[] | null): Promise<number> {
  return ctx.loaders
    .get<string, number>(`areaMemberCount:${list.column}:${JSON.stringify(statuses)}`, (ids) =>
      ctx.db.read((em) => new MemberRepository(em).countByArea(list.column, ids, statuses)),
    )
    .load(areaId);
}

export type AreaLevel = NodeLevel.PROVINCE | NodeLevel.COUNTY | NodeLevel.VILLAGE;
/** The GraphQL type of each area level (its members list's permission row is `<Type>.members`). */
export const AREA_TYPE: Record<AreaLevel, string> = { PROVINCE: 'Province', COUNTY: 'County', VILLAGE: 'Village' };

/** What an export asks: the area, a page (or, with `whole`, the rest of the area from `after`), the statuses. */
export interface AreaExportRequest {
  areaId: string;
  first: number;
  after: string | null;
  statuses: string[] | null;
  /** The whole area from `after` on, in one answer (`first` is not used). */
  whole: boolean;
}

/** What the route does with an export: its field rules, then the CSV Postgres writes. */
export interface ExportHandlers {
  authorize(area: NodeRef): void;
  /** Each chunk of CSV lines (MemberRepository.exportCsv), written before the next is read. */
  onCsv(chunk: Buffer): Promise<void>;
}

/**
 * An area's members for the CSV export, in one read (one transaction in the caller's scope): the
 * area, checked as node(id) checks an id (outside the scope: NOT_FOUND) and against its members
 * list's permission row, then `authorize(area)` (the route's field rules, decided once for every
 * member of the area: Access.authorizeBelow), then its members after the cursor in one COPY, a page
 * and one more (the one more says a next page exists) or, whole, all the rest, its CSV handed to
 * `onCsv` chunk by chunk as Postgres writes it. Answers the cursor after a member of the area
 * (the lists' own), for the route to give the next page's.
 */
export function areaExport(
  ctx: MembershipContext,
  request: AreaExportRequest,
  handlers: ExportHandlers,
): Promise<(memberId: string) => string> {
  return ctx.db.read(async (em) => {
    const [ref] = await new HierarchyRepository(em).locate([request.areaId]);
    if (!ref || !ctx.access.canSee(ref)) {
      throw new DomainError('NOT_FOUND', `No province, county or village ${request.areaId} you may see`, 'areaId');
    }
    if (!(ref.level in AREA_TYPE)) {
      throw new DomainError(
        'INVALID_INPUT',
        `areaId must be a province, county or village; ${request.areaId} is a ${ref.level.toLowerCase()}`,
        'areaId',
      );
    }
    const level = ref.level as AreaLevel;
    ctx.access.authorize(`${AREA_TYPE[level]}.members`, ref, 'areaId');
    handlers.authorize(ref);
    const list = AREA_LISTS[level];
    await new MemberRepository(em).exportCsv(
      list.column,
      ref.id,
      { afterId: afterIdOf(list, ref.id, request.after), statuses: request.statuses, limit: request.whole ? null : request.first + 1 },
      handlers.onCsv,
    );
    return (memberId: string) => list.cursorOf(ref.id, memberId);
  });
}
