import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CursorCodec, connectionType, pageSize, toPage } from '@funds/graphql-kit';
import type { MembershipContext } from '../../context';
import { entityLoader } from '../hierarchy/hierarchy.loaders';
import { Partner, PartnerLink } from './partner.entity';
import { CreatePartnerInput, LinkPartnerInput, PartnerListArgs } from './partner.inputs';
import { PartnerService } from './partner.service';
import { partnerById } from './partner.loaders';

export const PartnerConnection = connectionType(Partner, 'Partner');

/** Partners are listed by name, then id. */
const PARTNER_CURSOR = new CursorCodec<Partner>('partner', [
  { kind: 'text', of: (p) => p.name },
  { kind: 'uuid', of: (p) => p.id },
]);

/** Links of many nodes in one statement. */
export function partnerLinksOf(ctx: MembershipContext, nodeId: string): Promise<PartnerLink[]> {
  return ctx.loaders
    .get<string, PartnerLink[]>('partnerLinks', async (ids) => {
      const rows = await ctx.db
        .getRepository(PartnerLink)
        .createQueryBuilder('l')
        .where('l.node_id = ANY(:ids)', { ids })
        .orderBy('l.starts_on')
        .getMany();
      return ids.map((id) => rows.filter((l) => l.nodeId === id));
    })
    .load(nodeId);
}

@Resolver(() => Partner)
export class PartnerResolver {
  constructor(private readonly service: PartnerService) {}

  @Query(() => PartnerConnection, { description: 'Partner organisations of the network, by name.' })
  async partners(@Args() args: PartnerListArgs, @Ctx() ctx: MembershipContext) {
    const first = pageSize(args.first);
    const qb = ctx.db
      .getRepository(Partner)
      .createQueryBuilder('p')
      .orderBy('p.name')
      .addOrderBy('p.id')
      .limit(first + 1);
    // The list and its count match the same escaped pattern (a bare % or _ in the search is a character, not a wildcard).
    const pattern = args.search ? `%${args.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    if (pattern) qb.andWhere('(p.name ILIKE :s OR p.name_latin ILIKE :s)', { s: pattern });
    if (args.after) {
      const [name, id] = PARTNER_CURSOR.decode(args.after);
      qb.andWhere('(p.name, p.id) > (:name, :id)', { name, id });
    }
    const page = toPage(await qb.getMany(), first, PARTNER_CURSOR);
    const countQb = ctx.db.getRepository(Partner).createQueryBuilder('p');
    if (pattern) countQb.where('(p.name ILIKE :s OR p.name_latin ILIKE :s)', { s: pattern });
    return new PartnerConnection({ page, count: () => countQb.getCount(), cursor: PARTNER_CURSOR });
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
