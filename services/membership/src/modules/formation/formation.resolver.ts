import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { MembershipContext } from '../../context';
import { Fund } from '../hierarchy/fund.entity';
import { FormationStep } from './formation-step.entity';
import { FormationStage } from './formation.enums';
import { ActivationReadiness, FormationService } from './formation.service';
import { activationReadinessOf, formationOf } from './formation.loaders';
import { FREE_TEXT_MAX, dateArg, freeTextArg } from '@funds/graphql-kit';
import { partnerLinksOf } from '../partner/partner.loaders';
import { PartnerLink } from '../partner/partner.entity';

@Resolver(() => Fund)
export class FundFormationResolver {
  constructor(private readonly service: FormationService) {}

  @FieldResolver(() => [FormationStep], { description: 'Formation stages completed, in order.' })
  formation(@Root() f: Fund, @Ctx() ctx: MembershipContext) {
    return formationOf(ctx, f.id);
  }

  @FieldResolver(() => ActivationReadiness, {
    description: 'What activation still needs (asks the database per fund: use on one fund, not on lists).',
  })
  async activationReadiness(@Root() f: Fund, @Ctx() ctx: MembershipContext): Promise<ActivationReadiness> {
    return activationReadinessOf(ctx, f);
  }

  @FieldResolver(() => [PartnerLink], { description: 'Partners working with this fund.' })
  partnerLinks(@Root() f: Fund, @Ctx() ctx: MembershipContext) {
    return partnerLinksOf(ctx, f.id);
  }

  @Mutation(() => FormationStep, {
    description:
      'Record a completed formation stage. MEMBERS_RECRUITED, GROUPS_FORMED and BOARD_APPOINTED are refused (STAGE_NOT_MET) until they are true.',
  })
  recordFormationStage(
    @Arg('fundId', () => ID) fundId: string,
    @Arg('stage', () => FormationStage) stage: FormationStage,
    @Arg('completedOn', () => String, { nullable: true, description: 'Default today.' }) completedOn: string | null,
    @Arg('note', () => String, { nullable: true, description: `What was done (at most ${FREE_TEXT_MAX} characters).` }) note: string | null,
    @Ctx() ctx: MembershipContext,
  ) {
    return this.service
      .record(ctx.access, fundId, stage, completedOn == null ? undefined : dateArg(completedOn, 'completedOn'), freeTextArg(note, 'note'))
      .finally(() => ctx.loaders.clearAll());
  }

  @Mutation(() => Fund, {
    description:
      'Activate a FORMING fund. Refused with FUND_NOT_READY, listing the missing stages, until members are recruited, groups formed and the board appointed.',
  })
  activateFund(
    @Arg('fundId', () => ID) fundId: string,
    @Arg('activatedOn', () => String, { nullable: true }) activatedOn: string | null,
    @Ctx() ctx: MembershipContext,
  ) {
    return this.service
      .activate(ctx.access, fundId, activatedOn == null ? undefined : dateArg(activatedOn, 'activatedOn'))
      .finally(() => ctx.loaders.clearAll());
  }
}
