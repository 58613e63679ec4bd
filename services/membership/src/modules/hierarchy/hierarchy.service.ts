import type { EntityManager } from 'typeorm';
import { isReferenceViolation, isUniqueViolation, isUuid, uuid7, ScopedDatabase } from '@funds/db-kit';
import { membershipEvents } from '@funds/events';
import { Access, ancestorAt, DomainError, NodeRef, notFound } from '@funds/graphql-kit';
import { isSupportedCurrency } from '@funds/money';
import { HierarchyRepository } from './hierarchy.repository';
import { NodeLevel, NodeStatus, VillageKind, LEVEL_ORDER, LEVEL_TABLE, LEVEL_WORD } from './hierarchy.enums';
import { HierarchyNode } from './hierarchy-node';
import { Country } from './country.entity';
import { Province } from './province.entity';
import { County } from './county.entity';
import { Village } from './village.entity';
import { Fund } from './fund.entity';
import { Group } from './group.entity';
import {
  CreateCountyInput,
  CreateFundInput,
  CreateGroupInput,
  CreateProvinceInput,
  CreateVillageInput,
  FundPolicyInput,
  UpdateFundPolicyInput,
  UpdateNodeInput,
} from './hierarchy.inputs';
import { POLICY_PRESETS, PolicyValues, policyProblem } from '../policy/fund-policy';
import { fundState, nodeEvent, recordMembershipEvents, regionState } from './hierarchy.events';

const S = 'membership';
const LEVEL_ENTITY = { PROVINCE: Province, COUNTY: County, VILLAGE: Village, FUND: Fund, GROUP: Group } as const;

/**
 * Finds a node inside a transaction, checks its level, and locks its row against concurrent moves
 * and archiving. The ref returned is read after the lock is held: a write that derives ancestry
 * from it (a child's, a member's) writes the ancestry the node has until this transaction ends.
 * 'none' only looks the node up, for a row that is referenced but not derived from.
 *
 * With `access`, a node outside the caller's scope is NOT_FOUND with the message of an unknown id
 * (Access: the caller learns nothing of it), and is not locked, so no wait on it tells it exists.
 * Null: a lookup the caller checks itself (a node reached through another id).
 */
export async function requireNode(
  em: EntityManager,
  access: Access | null,
  id: string,
  levels: NodeLevel[],
  field: string,
  lock: 'none' | 'share' | 'update' = 'share',
): Promise<NodeRef> {
  const missing = () => notFound(levels.map((l) => LEVEL_WORD[l]).join(' or '), id, field);
  const hidden = (ref: NodeRef | null | undefined) => !ref || (access !== null && !access.canSee(ref));
  const repo = new HierarchyRepository(em);
  const [found] = isUuid(id) ? await repo.locate([id]) : [];
  if (hidden(found) || !levels.includes(found.level)) throw missing();
  if (lock === 'none') return found;
  const ref = await repo.lockNode(found.level, id, lock);
  if (hidden(ref)) throw missing();
  return ref!;
}

function assertOpen(parent: NodeRef, field: string): void {
  if (parent.status === NodeStatus.ARCHIVED) {
    throw new DomainError('PARENT_ARCHIVED', `The ${LEVEL_WORD[parent.level]} ${parent.id} is archived and takes nothing new`, field);
  }
}

/** The unique index that holds names unique in their parent (migration UniqueNames), and what it is about. */
const NAME_INDEX: Record<string, { what: string; where: string }> = {
  province_name_key: { what: 'province', where: 'country' },
  county_name_key: { what: 'county', where: 'province' },
  village_name_key: { what: 'village', where: 'county' },
  fund_name_key: { what: 'fund', where: 'village' },
  group_name_key: { what: 'group', where: 'fund' },
  partner_name_key: { what: 'partner', where: 'network' },
};

/**
 * Runs a write that gives a node (or a partner) a name. Names are unique in their parent over the
 * normalised name (case, spaces, Arabic and Persian letter forms): the database's unique index
 * decides, also between parallel requests, and its refusal is NAME_TAKEN on `field`.
 */
export async function uniquelyNamed<T>(name: string, field: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const index = Object.keys(NAME_INDEX).find((key) => isUniqueViolation(error, key));
    if (!index) throw error;
    const { what, where } = NAME_INDEX[index];
    throw new DomainError('NAME_TAKEN', `'${name}' is already the name of a ${what} in this ${where}`, field);
  }
}

/**
 * The parent a new node goes under, checked: it exists at the right level, the caller may create
 * under it, and it is not archived. (Whether a sibling has the name, the unique index says.)
 */
async function openParent(
  em: EntityManager,
  access: Access,
  operation: string,
  id: string,
  level: NodeLevel,
  field: string,
): Promise<NodeRef> {
  const parent = await requireNode(em, access, id, [level], field);
  access.authorize(operation, parent, field);
  assertOpen(parent, field);
  return parent;
}

/** Applies overrides to a policy and checks it stays consistent; 0 maxGroups means no limit. */
export function mergePolicy(base: PolicyValues, overrides: FundPolicyInput | undefined, fieldPrefix: string): PolicyValues {
  const merged: PolicyValues = { ...base };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (key === 'fundId' || value === undefined || value === null) continue;
    (merged as unknown as Record<string, unknown>)[key] = key === 'maxGroups' && value === 0 ? null : value;
  }
  const problem = policyProblem(merged);
  if (problem) throw new DomainError('INVALID_POLICY', problem.message, `${fieldPrefix}${problem.field}`);
  return merged;
}

/** Creating, changing, moving, archiving and deleting nodes. Each call is one transaction. */
export class HierarchyService {
  constructor(private readonly db: ScopedDatabase) {}

  createProvince(access: Access, input: CreateProvinceInput): Promise<Province> {
    return this.db.transaction(access.dbScope, async (em) => {
      access.authorize('createProvince', null, 'countryCode');
      const country = await em.findOneBy(Country, { code: input.countryCode });
      if (!country)
        throw new DomainError('UNKNOWN_COUNTRY', `No country ${input.countryCode}; the network works in IR and VN`, 'countryCode');
      const province = em.create(Province, {
        id: uuid7(),
        name: input.name.trim(),
        nameLatin: input.nameLatin ?? null,
        countryCode: input.countryCode,
        status: NodeStatus.ACTIVE,
      });
      await uniquelyNamed(province.name, 'name', () => em.save(province));
      await recordMembershipEvents(em, access, [nodeEvent('Created', province, province.countryCode)]);
      return province;
    });
  }

  createCounty(access: Access, input: CreateCountyInput): Promise<County> {
    return this.db.transaction(access.dbScope, async (em) => {
      const parent = await openParent(em, access, 'createCounty', input.provinceId, NodeLevel.PROVINCE, 'provinceId');
      const county = em.create(County, {
        id: uuid7(),
        name: input.name.trim(),
        nameLatin: input.nameLatin ?? null,
        provinceId: parent.id,
        status: NodeStatus.ACTIVE,
      });
      await uniquelyNamed(county.name, 'name', () => em.save(county));
      await recordMembershipEvents(em, access, [nodeEvent('Created', county, parent.countryCode)]);
      return county;
    });
  }

  createVillage(access: Access, input: CreateVillageInput): Promise<Village> {
    return this.db.transaction(access.dbScope, async (em) => {
      const parent = await openParent(em, access, 'createVillage', input.countyId, NodeLevel.COUNTY, 'countyId');
      const village = em.create(Village, {
        id: uuid7(),
        name: input.name.trim(),
        nameLatin: input.nameLatin ?? null,
        kind: input.kind ?? VillageKind.VILLAGE,
        provinceId: parent.provinceId,
        countyId: parent.id,
        status: NodeStatus.ACTIVE,
      });
      await uniquelyNamed(village.name, 'name', () => em.save(village));
      await recordMembershipEvents(em, access, [nodeEvent('Created', village, parent.countryCode)]);
      return village;
    });
  }

  createFund(access: Access, input: CreateFundInput): Promise<Fund> {
    return this.db.transaction(access.dbScope, async (em) => {
      const parent = await openParent(em, access, 'createFund', input.villageId, NodeLevel.VILLAGE, 'villageId');
      const country = await em.findOneByOrFail(Country, { code: parent.countryCode });
      const currency = input.currency ?? country.currency;
      if (!isSupportedCurrency(currency))
        throw new DomainError('UNSUPPORTED_CURRENCY', `Currency ${currency} is not one the books support`, 'currency');
      const fund = em.create(Fund, {
        id: uuid7(),
        name: input.name.trim(),
        nameLatin: input.nameLatin ?? null,
        methodology: input.methodology,
        currency,
        foundedOn: input.foundedOn ?? null,
        activatedOn: null,
        status: NodeStatus.FORMING,
        provinceId: parent.provinceId,
        countyId: parent.countyId!,
        villageId: parent.id,
      });
      fund.policy = mergePolicy(POLICY_PRESETS[input.methodology], input.policy, 'policy.');
      await uniquelyNamed(fund.name, 'name', () => em.save(fund));
      await recordMembershipEvents(em, access, [nodeEvent('Created', fund, parent.countryCode)]);
      return fund;
    });
  }

  createGroup(access: Access, input: CreateGroupInput): Promise<Group> {
    return this.db.transaction(access.dbScope, async (em) => {
      const parent = await requireNode(em, access, input.fundId, [NodeLevel.FUND], 'fundId', 'update');
      access.authorize('createGroup', parent, 'fundId');
      assertOpen(parent, 'fundId');
      const fund = await em.findOneByOrFail(Fund, { id: parent.id });
      if (fund.policyMaxGroups !== null) {
        const [{ n }] = await em.query(`SELECT count(*)::int AS n FROM ${S}.member_group WHERE fund_id = $1 AND status = 'ACTIVE'`, [
          fund.id,
        ]);
        if (n >= fund.policyMaxGroups) {
          throw new DomainError('GROUP_LIMIT_REACHED', `This fund may have ${fund.policyMaxGroups} group(s) and has ${n}`, 'fundId');
        }
      }
      const group = em.create(Group, {
        id: uuid7(),
        name: input.name.trim(),
        nameLatin: input.nameLatin ?? null,
        status: NodeStatus.ACTIVE,
        provinceId: parent.provinceId,
        countyId: parent.countyId!,
        villageId: parent.villageId!,
        fundId: parent.id,
      });
      await uniquelyNamed(group.name, 'name', () => em.save(group));
      await recordMembershipEvents(em, access, [nodeEvent('Created', group, parent.countryCode)]);
      return group;
    });
  }

  updateNode(access: Access, input: UpdateNodeInput): Promise<HierarchyNode> {
    return this.db.transaction(access.dbScope, async (em) => {
      const ref = await requireNode(
        em,
        access,
        input.id,
        [NodeLevel.PROVINCE, NodeLevel.COUNTY, NodeLevel.VILLAGE, NodeLevel.FUND, NodeLevel.GROUP],
        'id',
        'update',
      );
      access.authorize('updateNode', ref, 'id');
      const entity = LEVEL_ENTITY[ref.level as keyof typeof LEVEL_ENTITY];
      const node = (await em.findOneByOrFail(entity as typeof Province, { id: ref.id })) as HierarchyNode;
      if (input.kind !== undefined && input.kind !== null) {
        if (!(node instanceof Village)) throw new DomainError('NOT_A_VILLAGE', 'Only villages have a kind', 'kind');
        node.kind = input.kind;
      }
      if (input.name) node.name = input.name.trim();
      if (input.nameLatin !== undefined) node.nameLatin = input.nameLatin ?? null;
      await uniquelyNamed(node.name, 'name', () => em.save(node));
      await recordMembershipEvents(em, access, [nodeEvent('Updated', node, ref.countryCode)]);
      return node;
    });
  }

  updateFundPolicy(access: Access, input: UpdateFundPolicyInput): Promise<Fund> {
    return this.db.transaction(access.dbScope, async (em) => {
      const ref = await requireNode(em, access, input.fundId, [NodeLevel.FUND], 'fundId', 'update');
      access.authorize('updateFundPolicy', ref, 'fundId');
      const fund = await em.findOneByOrFail(Fund, { id: ref.id });
      const policy = mergePolicy(fund.policy, input, '');
      const [state] = await em.query(
        `SELECT (SELECT count(*)::int FROM ${S}.member WHERE fund_id = $1 AND status <> 'EXITED') AS members,
                (SELECT coalesce(max(n), 0)::int FROM (SELECT count(*) AS n FROM ${S}.member WHERE fund_id = $1 AND status <> 'EXITED' AND group_id IS NOT NULL GROUP BY group_id) g) AS largest_group,
                (SELECT count(*)::int FROM ${S}.member_group WHERE fund_id = $1 AND status = 'ACTIVE') AS groups`,
        [fund.id],
      );
      if (state.members > policy.maxMembers)
        throw new DomainError(
          'POLICY_CONFLICT',
          `The fund has ${state.members} members; maxMembers ${policy.maxMembers} would put it over its limit`,
          'maxMembers',
        );
      if (state.largest_group > policy.maxGroupSize)
        throw new DomainError(
          'POLICY_CONFLICT',
          `A group has ${state.largest_group} members; maxGroupSize ${policy.maxGroupSize} would put it over`,
          'maxGroupSize',
        );
      if (policy.maxGroups !== null && state.groups > policy.maxGroups)
        throw new DomainError(
          'POLICY_CONFLICT',
          `The fund has ${state.groups} groups; maxGroups ${policy.maxGroups} is fewer`,
          'maxGroups',
        );
      fund.policy = policy;
      await em.save(fund);
      await recordMembershipEvents(em, access, [membershipEvents.build('FundPolicyChanged', { fund: fundState(fund, ref.countryCode) })]);
      return fund;
    });
  }

  /** Moves a county to another province of the same country; its villages, funds, groups and members follow. */
  moveCounty(access: Access, countyId: string, toProvinceId: string): Promise<County> {
    return this.move('moveCounty', access, County, { id: countyId, field: 'countyId' }, { id: toProvinceId, field: 'toProvinceId' });
  }

  /** Moves a village to another county of the same country; its funds, groups and members follow. */
  moveVillage(access: Access, villageId: string, toCountyId: string): Promise<Village> {
    return this.move('moveVillage', access, Village, { id: villageId, field: 'villageId' }, { id: toCountyId, field: 'toCountyId' });
  }

  /** Moves a fund to another village of the same country; its groups and members follow. */
  moveFund(access: Access, fundId: string, toVillageId: string): Promise<Fund> {
    return this.move('moveFund', access, Fund, { id: fundId, field: 'fundId' }, { id: toVillageId, field: 'toVillageId' });
  }

  /**
   * A move: the target parent is locked first, then the node, then everything under it (see
   * lockSubtree), and the node's row is updated once; the database carries the new ancestry down
   * (ON UPDATE CASCADE), so no row under it can keep the old one.
   */
  private move<T extends County | Village | Fund>(
    operation: 'moveCounty' | 'moveVillage' | 'moveFund',
    access: Access,
    entity: { new (): T; LEVEL: NodeLevel },
    node: { id: string; field: string },
    to: { id: string; field: string },
  ): Promise<T> {
    const level = entity.LEVEL;
    const parentLevel = LEVEL_ORDER[LEVEL_ORDER.indexOf(level) - 1];
    return this.db.transaction(access.dbScope, async (em) => {
      await requireNode(em, access, node.id, [level], node.field, 'none'); // an unknown node is named before its target
      const target = await requireNode(em, access, to.id, [parentLevel], to.field);
      const ref = await requireNode(em, access, node.id, [level], node.field, 'update');
      access.authorize(operation, ref, node.field);
      access.authorize(operation, target, to.field);
      assertOpen(target, to.field);
      const what = LEVEL_WORD[level];
      if (target.countryCode !== ref.countryCode)
        throw new DomainError(
          'MOVE_ACROSS_COUNTRY',
          `A ${what} can only move to a ${LEVEL_WORD[parentLevel]} of its own country`,
          to.field,
        );
      const load = () => em.findOneByOrFail(entity as unknown as typeof County, { id: ref.id }) as unknown as Promise<T>;
      const moved = await load();
      if (ancestorAt(ref, parentLevel) !== target.id) {
        const repo = new HierarchyRepository(em);
        await repo.lockSubtree(ref);
        // A sibling in the target with the same name refuses the move.
        await uniquelyNamed(moved.name, to.field, () => repo.reparent(ref, target));
        const after = await load();
        const event =
          after instanceof Fund
            ? membershipEvents.build('FundMoved', {
                fund: fundState(after, ref.countryCode),
                from: { provinceId: ref.provinceId!, countyId: ref.countyId!, villageId: ref.villageId! },
              })
            : membershipEvents.build('NodeMoved', {
                node: regionState(after, ref.countryCode),
                from: { provinceId: ref.provinceId, countyId: level === NodeLevel.VILLAGE ? ref.countyId : null },
              });
        await recordMembershipEvents(em, access, [event]);
      }
      return load();
    });
  }

  /** Archives (closes) a node. Refused while anything live hangs under it. */
  archiveNode(access: Access, id: string): Promise<HierarchyNode> {
    return this.db.transaction(access.dbScope, async (em) => {
      const ref = await requireNode(
        em,
        access,
        id,
        [NodeLevel.PROVINCE, NodeLevel.COUNTY, NodeLevel.VILLAGE, NodeLevel.FUND, NodeLevel.GROUP],
        'id',
        'update',
      );
      access.authorize('archiveNode', ref, 'id');
      const live = await new HierarchyRepository(em).liveChildren(ref);
      if (live.length) {
        const what = live.map((l) => `${l.n} ${l.table}${l.n === 1 ? '' : 's'}`).join(', ');
        throw new DomainError('NODE_NOT_EMPTY', `Archive or move what is under it first: ${what} still live`, 'id', {
          live: live.map((l) => ({ kind: l.table, count: l.n })),
        });
      }
      await em.query(`UPDATE ${S}.${LEVEL_TABLE[ref.level]} SET status = 'ARCHIVED', updated_at = now() WHERE id = $1`, [ref.id]);
      const entity = LEVEL_ENTITY[ref.level as keyof typeof LEVEL_ENTITY];
      const node = (await em.findOneByOrFail(entity as typeof Province, { id: ref.id })) as HierarchyNode;
      await recordMembershipEvents(em, access, [nodeEvent('Archived', node, ref.countryCode)]);
      return node;
    });
  }

  /**
   * Deletes a node created by mistake. Refused when anything at all (even archived) hangs under it.
   * Returns where the node was (the audit log records it there).
   */
  deleteNode(access: Access, id: string): Promise<NodeRef> {
    return this.db.transaction(access.dbScope, async (em) => {
      const ref = await requireNode(
        em,
        access,
        id,
        [NodeLevel.PROVINCE, NodeLevel.COUNTY, NodeLevel.VILLAGE, NodeLevel.FUND, NodeLevel.GROUP],
        'id',
        'update',
      );
      access.authorize('deleteNode', ref, 'id');
      if (await new HierarchyRepository(em).anythingUnder(ref)) {
        throw new DomainError('NODE_NOT_EMPTY', 'Only an empty node can be deleted; archive it instead', 'id');
      }
      if (ref.level === NodeLevel.GROUP) {
        const [{ n }] = await em.query(`SELECT count(*)::int AS n FROM ${S}.member_transfer WHERE from_group_id = $1 OR to_group_id = $1`, [
          ref.id,
        ]);
        if (n) throw new DomainError('NODE_NOT_EMPTY', 'This group appears in member transfer history; archive it instead', 'id');
      }
      const entity = LEVEL_ENTITY[ref.level as keyof typeof LEVEL_ENTITY];
      const node = (await em.findOneByOrFail(entity as typeof Province, { id: ref.id })) as HierarchyNode;
      // What still refers to the node from outside its subtree (a member living in the village,
      // wherever her fund is, even outside the caller's scope) is found by the database itself.
      await em.query(`DELETE FROM ${S}.${LEVEL_TABLE[ref.level]} WHERE id = $1`, [ref.id]).catch((error: unknown) => {
        if (!isReferenceViolation(error)) throw error;
        throw new DomainError(
          'NODE_NOT_EMPTY',
          'Something still refers to this node (members who live in this village, for one); archive it instead',
          'id',
        );
      });
      await recordMembershipEvents(em, access, [nodeEvent('Deleted', node, ref.countryCode)]);
      return ref;
    });
  }
}
