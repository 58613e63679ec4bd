import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { ancestorRefOf, connectionType, EXPORT_PAGE_SIZE, FREE_TEXT_MAX, freeTextArg, pageSize, refOf } from '@funds/graphql-kit';
import type { MembershipContext } from '../../context';
import { NodeLevel } from '../hierarchy/hierarchy.enums';
import { Fund } from '../hierarchy/fund.entity';
import { Group } from '../hierarchy/group.entity';
import { Village } from '../hierarchy/village.entity';
import { Province } from '../hierarchy/province.entity';
import { County } from '../hierarchy/county.entity';
import { countryZoneLoader, entityLoader, listConnection } from '../hierarchy/hierarchy.loaders';
import { BusinessCalendar } from '../hierarchy/business-calendar';
import { Partner } from '../partner/partner.entity';
import { Member } from './member.entity';
import { MemberTransfer } from './member-transfer.entity';
import { MemberStatus } from './member.enums';
import { AreaMemberArgs, EnrolMemberInput, ExitMemberInput, MemberListArgs, TransferMemberInput, UpdateMemberInput } from './member.inputs';
import { MemberService } from './member.service';
import { AREA_LISTS, MEMBER_LIST, areaMemberCount, areaMemberPage, memberColumnsFor, transfersOf } from './member.loaders';
import { ageOn } from './eligibility';

export const MemberConnection = connectionType(Member, 'Member');

async function members(
  ctx: MembershipContext,
  parentColumn: 'fund_id' | 'group_id',
  parent: { id: string },
  level: NodeLevel,
  args: MemberListArgs,
) {
  ctx.access.authorize(level === NodeLevel.FUND ? 'Fund.members' : 'Group.members', refOf(level, parent as never), 'id');
  return new MemberConnection(await listConnection(ctx, MEMBER_LIST, parentColumn, parent.id, args));
}

type AreaLevel = NodeLevel.PROVINCE | NodeLevel.COUNTY | NodeLevel.VILLAGE;
const AREA_TYPE: Record<AreaLevel, string> = { PROVINCE: 'Province', COUNTY: 'County', VILLAGE: 'Village' };

/**
 * Every member of an area, in id order, up to EXPORT_PAGE_SIZE a page: exports by regional admins
 * (and any caller the permission table lets open members there). One statement per page.
 */
async function areaMembers(ctx: MembershipContext, level: AreaLevel, area: { id: string }, args: AreaMemberArgs, info: GraphQLResolveInfo) {
  ctx.access.authorize(`${AREA_TYPE[level]}.members`, refOf(level, area as never), 'id');
  const list = AREA_LISTS[level];
  const request = {
    first: pageSize(args.first, EXPORT_PAGE_SIZE),
    after: args.after ?? null,
    statuses: args.status ?? null,
    columns: memberColumnsFor(info),
  };
  const page = await areaMemberPage(ctx, list, area.id, request);
  return new MemberConnection({ page, count: () => areaMemberCount(ctx, list, area.id, request.statuses), cursor: list.cursor });
}

const AREA_MEMBERS = (where: string) =>
  `Every member whose fund lies in this ${where}, any status unless filtered, ordered by member id (a stable keyset: members enrolled during an export come after or between pages already read, never shift them), up to ${EXPORT_PAGE_SIZE} a page: for exports. Not for dashboard viewers or portfolio apps (personal data).`;

@Resolver(() => Province)
export class ProvinceMembersResolver {
  @FieldResolver(() => MemberConnection, { description: AREA_MEMBERS('province') })
  members(@Root() province: Province, @Args() args: AreaMemberArgs, @Ctx() ctx: MembershipContext, @Info() info: GraphQLResolveInfo) {
    return areaMembers(ctx, NodeLevel.PROVINCE, province, args, info);
  }
}

@Resolver(() => County)
export class CountyMembersResolver {
  @FieldResolver(() => MemberConnection, { description: AREA_MEMBERS('county') })
  members(@Root() county: County, @Args() args: AreaMemberArgs, @Ctx() ctx: MembershipContext, @Info() info: GraphQLResolveInfo) {
    return areaMembers(ctx, NodeLevel.COUNTY, county, args, info);
  }
}

@Resolver(() => Village)
export class VillageMembersResolver {
  @FieldResolver(() => MemberConnection, { description: AREA_MEMBERS('village') })
  members(@Root() village: Village, @Args() args: AreaMemberArgs, @Ctx() ctx: MembershipContext, @Info() info: GraphQLResolveInfo) {
    return areaMembers(ctx, NodeLevel.VILLAGE, village, args, info);
  }
}

@Resolver(() => Fund)
export class FundMembersResolver {
  @FieldResolver(() => MemberConnection, { description: 'Members of the fund, by family name. Not for dashboard viewers (personal data).' })
  members(@Root() fund: Fund, @Args() args: MemberListArgs, @Ctx() ctx: MembershipContext) {
    return members(ctx, 'fund_id', fund, NodeLevel.FUND, args);
  }
}

@Resolver(() => Group)
export class GroupMembersResolver {
  @FieldResolver(() => MemberConnection, {
    description: 'Members of the group, by family name. Not for dashboard viewers (personal data).',
  })
  members(@Root() group: Group, @Args() args: MemberListArgs, @Ctx() ctx: MembershipContext) {
    return members(ctx, 'group_id', group, NodeLevel.GROUP, args);
  }
}

@Resolver(() => Member)
export class MemberResolver {
  constructor(
    private readonly service: MemberService,
    private readonly calendar: BusinessCalendar,
  ) {}

  @FieldResolver(() => Int, {
    description: "Age in whole years today in the fund's country (Country.timeZone), or on the day the member left.",
  })
  async age(@Root() m: Member, @Ctx() ctx: MembershipContext): Promise<number> {
    return ageOn(m.birthDate, m.exitedOn ?? this.calendar.todayIn(await countryZoneLoader(ctx).load(m.countryCode)));
  }

  @FieldResolver(() => Fund, { nullable: true, description: 'The fund of this membership.' })
  fund(@Root() m: Member, @Ctx() ctx: MembershipContext) {
    return ctx.access.canSee(ancestorRefOf(NodeLevel.FUND, m)) ? entityLoader(ctx, Fund).load(m.fundId) : null;
  }

  @FieldResolver(() => Group, { nullable: true, description: 'The group the member belongs to, if placed in one.' })
  group(@Root() m: Member, @Ctx() ctx: MembershipContext) {
    return m.groupId && ctx.access.canSee(ancestorRefOf(NodeLevel.GROUP, m)) ? entityLoader(ctx, Group).load(m.groupId) : null;
  }

  @FieldResolver(() => Village, {
    nullable: true,
    description: 'Village the member lives in; null when it lies outside your scope (as node(id) would answer).',
  })
  async residenceVillage(@Root() m: Member, @Ctx() ctx: MembershipContext) {
    const village = m.residenceVillageId ? await entityLoader(ctx, Village).load(m.residenceVillageId) : null;
    return village && ctx.access.canSee(refOf(NodeLevel.VILLAGE, village)) ? village : null;
  }

  @FieldResolver(() => Partner, { nullable: true, description: 'Partner that referred the member.' })
  referredBy(@Root() m: Member, @Ctx() ctx: MembershipContext) {
    return m.referredByPartnerId ? entityLoader(ctx, Partner).load(m.referredByPartnerId) : null;
  }

  @FieldResolver(() => [MemberTransfer], {
    description: 'Moves between groups and funds, oldest first, including the move that opened this membership.',
  })
  transfers(@Root() m: Member, @Ctx() ctx: MembershipContext) {
    return transfersOf(ctx, m.id);
  }

  @Mutation(() => Member, {
    description:
      "Enrol a person in a fund. Checks the fund's policy (age on the joining day, sex, residence, member limit, group size), the national id, and one live membership per person across the network.",
  })
  enrolMember(@Arg('input', () => EnrolMemberInput) input: EnrolMemberInput, @Ctx() ctx: MembershipContext) {
    return this.service.enrol(ctx.access, input).finally(() => ctx.loaders.clearAll());
  }

  @Mutation(() => Member, { description: "Change a member's details." })
  updateMember(@Arg('input', () => UpdateMemberInput) input: UpdateMemberInput, @Ctx() ctx: MembershipContext) {
    return this.service.update(ctx.access, input).finally(() => ctx.loaders.clearAll());
  }

  @Mutation(() => Member, { description: 'Suspend an active member.' })
  suspendMember(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String, { nullable: true, description: `Why (at most ${FREE_TEXT_MAX} characters).` }) reason: string | null,
    @Ctx() ctx: MembershipContext,
  ) {
    return this.service
      .setStatus(ctx.access, id, MemberStatus.SUSPENDED, freeTextArg(reason, 'reason'))
      .finally(() => ctx.loaders.clearAll());
  }

  @Mutation(() => Member, { description: 'Lift a suspension.' })
  reinstateMember(@Arg('id', () => ID) id: string, @Ctx() ctx: MembershipContext) {
    return this.service.setStatus(ctx.access, id, MemberStatus.ACTIVE, null).finally(() => ctx.loaders.clearAll());
  }

  @Mutation(() => Member, { description: 'A member leaves the fund; board terms they hold end that day.' })
  exitMember(@Arg('input', () => ExitMemberInput) input: ExitMemberInput, @Ctx() ctx: MembershipContext) {
    return this.service.exit(ctx.access, input).finally(() => ctx.loaders.clearAll());
  }

  @Mutation(() => Member, {
    description: 'Move a member to another group. Returns the membership after the move (a new one when the fund changes).',
  })
  transferMember(@Arg('input', () => TransferMemberInput) input: TransferMemberInput, @Ctx() ctx: MembershipContext) {
    return this.service.transfer(ctx.access, input).finally(() => ctx.loaders.clearAll());
  }
}
