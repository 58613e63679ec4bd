import type { GraphQLResolveInfo } from 'graphql';
import { AncestryColumns, ancestorRefOf } from '@funds/graphql-kit';
import { Arg, Args, ClassType, Ctx, Field, FieldResolver, ID, Info, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Role } from '@funds/auth';
import type { MembershipContext } from '../../context';
import { HierarchyNode } from './hierarchy-node';
import { LEVEL_ORDER, NodeLevel } from './hierarchy.enums';
import { Country, LevelLabels } from './country.entity';
import { Province } from './province.entity';
import { County } from './county.entity';
import { Village } from './village.entity';
import { Fund } from './fund.entity';
import { Group } from './group.entity';
import {
  AncestorRef,
  CountyConnection,
  FundConnection,
  GroupConnection,
  NodeListArgs,
  NodeStats,
  ProvinceConnection,
  VillageConnection,
} from './hierarchy.types';
import {
  LISTS,
  allCountries,
  countryLoader,
  entityLoader,
  openLoader,
  listArgs,
  listConnection,
  provinceConnection,
  refLoader,
  statsLoader,
} from './hierarchy.loaders';
import { READ_STATS, WithStats } from './hierarchy.loaders';
import { HierarchyService } from './hierarchy.service';
import {
  CreateCountyInput,
  CreateFundInput,
  CreateGroupInput,
  CreateProvinceInput,
  CreateVillageInput,
  UpdateFundPolicyInput,
  UpdateNodeInput,
} from './hierarchy.inputs';
import { FundPolicy, presetPolicy } from '../policy/fund-policy';
import { Methodology } from '../policy/methodology';

/** The entity class of each level of the hierarchy (members are the member module's). */
export const ENTITY_OF = { PROVINCE: Province, COUNTY: County, VILLAGE: Village, FUND: Fund, GROUP: Group } as const;

/** A parent field: the parent when the caller may see it, else null. */
async function visibleParent<T>(
  ctx: MembershipContext,
  level: NodeLevel,
  row: AncestryColumns,
  entity: { new (): T; name: string },
): Promise<T | null> {
  const ref = ancestorRefOf(level, row);
  if (!ref.id || !ctx.access.canSee(ref)) return null;
  return entityLoader(ctx, entity as never).load(ref.id) as Promise<T | null>;
}

/** Fields every level has: counts and breadcrumbs. */
function nodeFields<T extends HierarchyNode>(type: ClassType<T>, level: NodeLevel) {
  @Resolver(() => type)
  abstract class NodeFields {
    @FieldResolver(() => NodeStats, { description: 'Counts under this node (funds, groups, members by sex and priority flags).' })
    stats(@Root() node: T, @Ctx() ctx: MembershipContext) {
      // Read with the node's own row (a page or node(id)): no promise for each of hundreds of nodes.
      return (node as WithStats)[READ_STATS] ?? statsLoader(ctx, level).load(node.id);
    }

    @FieldResolver(() => [AncestorRef], { description: 'Province down to the parent of this node.' })
    async ancestry(@Root() node: T, @Ctx() ctx: MembershipContext): Promise<AncestorRef[]> {
      const row = node as unknown as AncestryColumns;
      const chain: [NodeLevel, string | null | undefined][] = [
        [NodeLevel.PROVINCE, row.provinceId],
        [NodeLevel.COUNTY, row.countyId],
        [NodeLevel.VILLAGE, row.villageId],
        [NodeLevel.FUND, row.fundId],
      ];
      const above = chain.slice(0, LEVEL_ORDER.indexOf(level));
      // Rows above the caller's scope node are readable (row-level security's chain policy); its
      // breadcrumbs show their names though node(id) does not open them.
      const loaded = await Promise.all(
        above.map(async ([l, id]) =>
          id
            ? ((await entityLoader(ctx, ENTITY_OF[l as keyof typeof ENTITY_OF] as typeof Province).load(id)) as HierarchyNode | null)
            : null,
        ),
      );
      return above.flatMap(([l], i) => {
        const node = loaded[i];
        return node ? [{ id: node.id, level: l, name: node.name, nameLatin: node.nameLatin }] : [];
      });
    }
  }
  return NodeFields;
}

@ObjectType({ description: 'The caller, as the gateway verified it.' })
class Viewer {
  @Field(() => String, { description: 'Subject of the token.' }) subject!: string;
  @Field(() => Role, { description: 'Role of the caller.' }) role!: Role;
  @Field(() => HierarchyNode, {
    nullable: true,
    description: 'The node the caller is limited to; null for a national admin. Start browsing here.',
  })
  scopeNode!: HierarchyNode | null;
}

@Resolver()
export class HierarchyQueryResolver {
  constructor(private readonly service: HierarchyService) {}

  @Query(() => Viewer, { description: 'Who you are and where your scope starts.' })
  async viewer(@Ctx() ctx: MembershipContext): Promise<Viewer> {
    const { identity } = ctx;
    let scopeNode: HierarchyNode | null = null;
    if (identity.scopeNodeId) {
      const ref = await refLoader(ctx).load(identity.scopeNodeId);
      if (ref && ref.level !== NodeLevel.MEMBER)
        scopeNode = (await entityLoader(ctx, ENTITY_OF[ref.level as keyof typeof ENTITY_OF] as never).load(ref.id)) as HierarchyNode;
    }
    return { subject: identity.subject, role: identity.role, scopeNode };
  }

  @Query(() => ProvinceConnection, {
    description:
      'Provinces wholly inside your scope (all for a national admin; your own for a province-level identity; none below that: start from viewer.scopeNode).',
  })
  async provinces(@Args() args: NodeListArgs, @Ctx() ctx: MembershipContext) {
    const access = ctx.access;
    let only: string[] | null = null;
    if (!access.isNational) only = access.scopeLevel === NodeLevel.PROVINCE ? [ctx.identity.scopeNodeId!] : [];
    return new ProvinceConnection(await provinceConnection(ctx, only, listArgs(args)));
  }

  @Query(() => [Country], { description: 'The countries of the network, with their level labels.' })
  countries(@Ctx() ctx: MembershipContext): Promise<Country[]> {
    return allCountries(ctx);
  }

  @Query(() => [FundPolicy], { description: 'The preset policy of each methodology.' })
  fundPolicyPresets(): FundPolicy[] {
    return Object.values(Methodology).map(presetPolicy);
  }

  @Mutation(() => Province, { description: 'Create a province (national admins).' })
  createProvince(@Arg('input', () => CreateProvinceInput) input: CreateProvinceInput, @Ctx() ctx: MembershipContext) {
    return this.service.createProvince(ctx.access, input).finally(() => ctx.loaders.clearAll());
  }

  @Mutation(() => County, { description: 'Create a county in a province.' })
  createCounty(@Arg('input', () => CreateCountyInput) input: CreateCountyInput, @Ctx() ctx: MembershipContext) {
    return this.service.createCounty(ctx.access, input).finally(() => ctx.loaders.clearAll());
  }

  @Mutation(() => Village, { description: 'Create a village or neighbourhood in a county.' })
  createVillage(@Arg('input', () => CreateVillageInput) input: CreateVillageInput, @Ctx() ctx: MembershipContext) {
    return this.service.createVillage(ctx.access, input).finally(() => ctx.loaders.clearAll());
  }

  @Mutation(() => Fund, {
    description: "Create a fund in a village. It starts FORMING with its methodology's preset policy and any overrides.",
  })
  createFund(@Arg('input', () => CreateFundInput) input: CreateFundInput, @Ctx() ctx: MembershipContext) {
    return this.service.createFund(ctx.access, input).finally(() => ctx.loaders.clearAll());
  }

  @Mutation(() => Group, { description: 'Create a group in a fund (within the policy’s maxGroups).' })
  createGroup(@Arg('input', () => CreateGroupInput) input: CreateGroupInput, @Ctx() ctx: MembershipContext) {
    return this.service.createGroup(ctx.access, input).finally(() => ctx.loaders.clearAll());
  }

  @Mutation(() => HierarchyNode, { description: 'Rename a node, or change a village’s kind.' })
  updateNode(@Arg('input', () => UpdateNodeInput) input: UpdateNodeInput, @Ctx() ctx: MembershipContext) {
    return this.service.updateNode(ctx.access, input).finally(() => ctx.loaders.clearAll());
  }

  @Mutation(() => Fund, {
    description: "Override a fund's policy. Refused when the fund's members or groups already exceed the new limits.",
  })
  updateFundPolicy(@Arg('input', () => UpdateFundPolicyInput) input: UpdateFundPolicyInput, @Ctx() ctx: MembershipContext) {
    return this.service.updateFundPolicy(ctx.access, input).finally(() => ctx.loaders.clearAll());
  }

  @Mutation(() => County, {
    description: 'Move a county to another province of the same country; its villages, funds, groups and members follow.',
  })
  moveCounty(
    @Arg('countyId', () => ID) countyId: string,
    @Arg('toProvinceId', () => ID) toProvinceId: string,
    @Ctx() ctx: MembershipContext,
  ) {
    return this.service.moveCounty(ctx.access, countyId, toProvinceId).finally(() => ctx.loaders.clearAll());
  }

  @Mutation(() => Village, { description: 'Move a village to another county of the same country; its funds, groups and members follow.' })
  moveVillage(
    @Arg('villageId', () => ID) villageId: string,
    @Arg('toCountyId', () => ID) toCountyId: string,
    @Ctx() ctx: MembershipContext,
  ) {
    return this.service.moveVillage(ctx.access, villageId, toCountyId).finally(() => ctx.loaders.clearAll());
  }

  @Mutation(() => Fund, { description: 'Move a fund to another village of the same country; its groups and members follow.' })
  moveFund(@Arg('fundId', () => ID) fundId: string, @Arg('toVillageId', () => ID) toVillageId: string, @Ctx() ctx: MembershipContext) {
    return this.service.moveFund(ctx.access, fundId, toVillageId).finally(() => ctx.loaders.clearAll());
  }

  @Mutation(() => HierarchyNode, {
    description: 'Archive (close) a node. Refused with NODE_NOT_EMPTY while live nodes or members hang under it.',
  })
  archiveNode(@Arg('id', () => ID) id: string, @Ctx() ctx: MembershipContext) {
    return this.service.archiveNode(ctx.access, id).finally(() => ctx.loaders.clearAll());
  }

  @Mutation(() => ID, {
    description: 'Delete a node created by mistake. Only an empty node: anything under it, even archived, refuses (NODE_NOT_EMPTY).',
  })
  deleteNode(@Arg('id', () => ID) id: string, @Ctx() ctx: MembershipContext) {
    return this.service
      .deleteNode(ctx.access, id)
      .then((deleted) => deleted.id)
      .finally(() => ctx.loaders.clearAll());
  }
}

@Resolver(() => Province)
export class ProvinceResolver extends nodeFields(Province, NodeLevel.PROVINCE) {
  @FieldResolver(() => Country)
  async country(@Root() p: Province, @Ctx() ctx: MembershipContext) {
    return countryLoader(ctx).load(p.countryCode);
  }

  @FieldResolver(() => CountyConnection, { description: 'Counties of this province.' })
  async counties(@Root() p: Province, @Args() args: NodeListArgs, @Ctx() ctx: MembershipContext, @Info() info: GraphQLResolveInfo) {
    return new CountyConnection(await listConnection(ctx, LISTS.county, 'province_id', p.id, args, info));
  }
}

@Resolver(() => County)
export class CountyResolver extends nodeFields(County, NodeLevel.COUNTY) {
  @FieldResolver(() => Province, { nullable: true, description: 'The province, when it is inside your scope.' })
  province(@Root() c: County, @Ctx() ctx: MembershipContext) {
    return visibleParent(ctx, NodeLevel.PROVINCE, c, Province);
  }

  @FieldResolver(() => VillageConnection, { description: 'Villages and neighbourhoods of this county.' })
  async villages(@Root() c: County, @Args() args: NodeListArgs, @Ctx() ctx: MembershipContext, @Info() info: GraphQLResolveInfo) {
    return new VillageConnection(await listConnection(ctx, LISTS.village, 'county_id', c.id, args, info));
  }
}

@Resolver(() => Village)
export class VillageResolver extends nodeFields(Village, NodeLevel.VILLAGE) {
  @FieldResolver(() => County, { nullable: true, description: 'The county, when it is inside your scope.' })
  county(@Root() v: Village, @Ctx() ctx: MembershipContext) {
    return visibleParent(ctx, NodeLevel.COUNTY, v, County);
  }

  @FieldResolver(() => FundConnection, { description: 'Funds in this village.' })
  async funds(@Root() v: Village, @Args() args: NodeListArgs, @Ctx() ctx: MembershipContext, @Info() info: GraphQLResolveInfo) {
    return new FundConnection(await listConnection(ctx, LISTS.fund, 'village_id', v.id, args, info));
  }
}

@Resolver(() => Fund)
export class FundResolver extends nodeFields(Fund, NodeLevel.FUND) {
  @FieldResolver(() => Village, { nullable: true, description: 'The village, when it is inside your scope.' })
  village(@Root() f: Fund, @Ctx() ctx: MembershipContext) {
    return visibleParent(ctx, NodeLevel.VILLAGE, f, Village);
  }

  @FieldResolver(() => FundPolicy, { description: "The fund's membership rules." })
  policy(@Root() f: Fund): FundPolicy {
    return f.policy;
  }

  @FieldResolver(() => GroupConnection, { description: 'Groups of this fund.' })
  async groups(@Root() f: Fund, @Args() args: NodeListArgs, @Ctx() ctx: MembershipContext, @Info() info: GraphQLResolveInfo) {
    return new GroupConnection(await listConnection(ctx, LISTS.group, 'fund_id', f.id, args, info));
  }
}

@Resolver(() => Group)
export class GroupResolver extends nodeFields(Group, NodeLevel.GROUP) {
  @FieldResolver(() => Fund, { nullable: true, description: 'The fund, when it is inside your scope.' })
  fund(@Root() g: Group, @Ctx() ctx: MembershipContext) {
    return visibleParent(ctx, NodeLevel.FUND, g, Fund);
  }
}

@Resolver(() => Country)
export class CountryResolver {
  @FieldResolver(() => LevelLabels, { description: 'What this country calls each level.' })
  levelLabels(@Root() c: Country): LevelLabels {
    return c.levelLabels;
  }
}

/** Entity references from other subgraphs: batched, and limited to the caller's scope like node(id) (null outside it). */
export function hierarchyReferenceResolvers() {
  const resolve = (level: NodeLevel) => async (reference: { id: string }, ctx: MembershipContext) => {
    const ref = await openLoader(ctx).load(reference.id);
    if (!ref || ref.level !== level || !ctx.access.canSee(ref)) return null;
    return entityLoader(ctx, ENTITY_OF[level as keyof typeof ENTITY_OF] as never).load(ref.id);
  };
  return {
    Province: { __resolveReference: resolve(NodeLevel.PROVINCE) },
    County: { __resolveReference: resolve(NodeLevel.COUNTY) },
    Village: { __resolveReference: resolve(NodeLevel.VILLAGE) },
    Fund: { __resolveReference: resolve(NodeLevel.FUND) },
    Group: { __resolveReference: resolve(NodeLevel.GROUP) },
  };
}
