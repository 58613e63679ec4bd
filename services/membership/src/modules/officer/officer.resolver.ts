import { ancestorRefOf } from '@funds/graphql-kit';
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { MembershipContext } from '../../context';
import { NodeLevel } from '../hierarchy/hierarchy.enums';
import { Fund } from '../hierarchy/fund.entity';
import { entityLoader } from '../hierarchy/hierarchy.loaders';
import { Member } from '../member/member.entity';
import { Officer } from './officer.entity';
import { AppointOfficerInput } from './officer.inputs';
import { OfficerService } from './officer.service';
import { officersOf } from './officer.loaders';

@Resolver(() => Officer)
export class OfficerResolver {
  constructor(private readonly service: OfficerService) {}

  @FieldResolver(() => Member, { nullable: true, description: 'The member holding the role (hidden from dashboard viewers).' })
  async member(@Root() o: Officer, @Ctx() ctx: MembershipContext) {
    // The member row carries the fund's ancestry, which a scope above the fund needs to be checked.
    const member = await entityLoader(ctx, Member).load(o.memberId);
    if (!member || !ctx.access.canSee(ancestorRefOf(NodeLevel.FUND, member))) return null;
    ctx.access.authorize('Officer.member', ancestorRefOf(NodeLevel.FUND, member), 'member');
    return member;
  }

  @Mutation(() => Officer, {
    description:
      'Appoint a board member. Refused when the role is held (ROLE_TAKEN), not used by the methodology, or the person is not an active member of the fund (OFFICER_NOT_MEMBER).',
  })
  appointOfficer(@Arg('input', () => AppointOfficerInput) input: AppointOfficerInput, @Ctx() ctx: MembershipContext) {
    return this.service.appoint(ctx.access, input).finally(() => ctx.loaders.clearAll());
  }

  @Mutation(() => Officer, { description: 'End a board term (default today).' })
  endOfficerTerm(
    @Arg('officerId', () => ID) officerId: string,
    @Arg('endedOn', () => String, { nullable: true }) endedOn: string | null,
    @Ctx() ctx: MembershipContext,
  ) {
    return this.service.endTerm(ctx.access, officerId, endedOn ?? undefined).finally(() => ctx.loaders.clearAll());
  }
}

@Resolver(() => Fund)
export class FundOfficersResolver {
  @FieldResolver(() => [Officer], { description: 'Board members: current ones, or the whole history with current: false.' })
  officers(@Root() f: Fund, @Arg('current', () => Boolean, { defaultValue: true }) current: boolean, @Ctx() ctx: MembershipContext) {
    return officersOf(ctx, f.id, current);
  }
}
