import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { connectionType } from '@funds/graphql-kit';
import type { MembershipContext } from '../../context';
import { entityLoader } from '../hierarchy/hierarchy.loaders';
import { Partner, PartnerLink } from './partner.entity';
import { CreatePartnerInput, LinkPartnerInput, PartnerListArgs } from './partner.inputs';
import { PartnerService } from './partner.service';
import { partnerById, partnerConnection } from './partner.loaders';

export const PartnerConnection = connectionType(Partner, 'Partner');

@Resolver(() => Partner)
export class PartnerResolver {
  constructor(private readonly service: PartnerService) {}

  @Query(() => PartnerConnection, { description: 'Partner organisations of the network, by name.' })
  async partners(@Args() args: PartnerListArgs, @Ctx() ctx: MembershipContext) {
    return new PartnerConnection(await partnerConnection(ctx, args));
  }

  @Mutation(() => Partner, { description: 'Register a partner organisation (admins).' })
  createPartner(@Arg('input', () => CreatePartnerInput) input: CreatePartnerInput, @Ctx() ctx: MembershipContext) {
    return this.service.create(ctx.access, input).finally(() => ctx.loaders.clearAll());
  }

  @Mutation(() => PartnerLink, { description: 'Record a relationship between a partner and a node in your scope.' })
  linkPartner(@Arg('input', () => LinkPartnerInput) input: LinkPartnerInput, @Ctx() ctx: MembershipContext) {
    return this.service.link(ctx.access, input).finally(() => ctx.loaders.clearAll());
  }

  @Mutation(() => PartnerLink, { description: 'End a partner relationship on a date.' })
  endPartnerLink(@Arg('linkId', () => ID) linkId: string, @Arg('endsOn', () => String) endsOn: string, @Ctx() ctx: MembershipContext) {
    return this.service.endLink(ctx.access, linkId, endsOn).finally(() => ctx.loaders.clearAll());
  }
}

@Resolver(() => PartnerLink)
export class PartnerLinkResolver {
  @FieldResolver(() => Partner)
  partner(@Root() link: PartnerLink, @Ctx() ctx: MembershipContext) {
    return entityLoader(ctx, Partner).load(link.partnerId);
  }
}

/**
 * `Partner` is an entity (`@key(fields: "id")`): another subgraph that stores a partner id returns
 * `{ __typename: "Partner", id }` and the gateway asks this subgraph for the rest through `_entities`.
 * Partners are network-wide reference data that every verified caller reads through `partners`,
 * so a reference resolves for every caller this subgraph admits (the same rule as the list); an
 * unknown or malformed id resolves to null. Batched with `Member.referredBy` and
 * `PartnerLink.partner`: one statement for all the references of a request.
 */
export function partnerReferenceResolvers() {
  return {
    Partner: {
      __resolveReference: (reference: { id: unknown }, ctx: MembershipContext) => partnerById(ctx, reference.id),
    },
  };
}
