import { isUuid, uuid7, ScopedDatabase } from '@funds/db-kit';
import { membershipEvents } from '@funds/events';
import { Access, DomainError, notFound } from '@funds/graphql-kit';
import { NodeLevel } from '../hierarchy/hierarchy.enums';
import { requireNode, uniquelyNamed } from '../hierarchy/hierarchy.service';
import { recordMembershipEvents } from '../hierarchy/hierarchy.events';
import { Country } from '../hierarchy/country.entity';
import { Partner, PartnerLink } from './partner.entity';
import { CreatePartnerInput, LinkPartnerInput } from './partner.inputs';
import { dateArg } from '@funds/graphql-kit';

export class PartnerService {
  constructor(private readonly db: ScopedDatabase) {}

  create(access: Access, input: CreatePartnerInput): Promise<Partner> {
    return this.db.transaction(access.dbScope, async (em) => {
      access.authorize('createPartner', null);
      if (input.countryCode && !(await em.existsBy(Country, { code: input.countryCode }))) {
        throw new DomainError('UNKNOWN_COUNTRY', `No country ${input.countryCode}`, 'countryCode');
      }
      const partner = em.create(Partner, {
        id: uuid7(),
        name: input.name.trim(),
        nameLatin: input.nameLatin ?? null,
        kind: input.kind,
        countryCode: input.countryCode ?? null,
      });
      await uniquelyNamed(partner.name, 'name', () => em.insert(Partner, partner));
      await recordMembershipEvents(em, access, [
        membershipEvents.build('PartnerCreated', {
          partner: { id: partner.id, name: partner.name, kind: partner.kind, countryCode: partner.countryCode },
        }),
      ]);
      return partner;
    });
  }

  link(access: Access, input: LinkPartnerInput): Promise<PartnerLink> {
    return this.db.transaction(access.dbScope, async (em) => {
      const partner = await em.findOneBy(Partner, { id: input.partnerId });
      if (!partner) throw notFound('partner', input.partnerId, 'partnerId');
      const node = await requireNode(
        em,
        access,
        input.nodeId,
        [NodeLevel.PROVINCE, NodeLevel.COUNTY, NodeLevel.VILLAGE, NodeLevel.FUND, NodeLevel.GROUP],
        'nodeId',
      );
      access.authorize('linkPartner', node, 'nodeId');
      if (input.endsOn && input.endsOn < input.startsOn)
        throw new DomainError('INVALID_DATE', 'The relationship ends before it starts', 'endsOn');
      if (partner.countryCode && partner.countryCode !== node.countryCode)
        throw new DomainError('PARTNER_COUNTRY_MISMATCH', `This partner works in ${partner.countryCode}`, 'nodeId');
      const link = em.create(PartnerLink, {
        id: uuid7(),
        partnerId: partner.id,
        nodeId: node.id,
        nodeLevel: node.level,
        kind: input.kind,
        startsOn: input.startsOn,
        endsOn: input.endsOn ?? null,
      });
      await em.insert(PartnerLink, link);
      await recordMembershipEvents(em, access, [membershipEvents.build('PartnerLinked', { link: linkState(link, node.fundId) })]);
      return link;
    });
  }

  endLink(access: Access, linkId: string, endsOn: string): Promise<PartnerLink> {
    return this.db.transaction(access.dbScope, async (em) => {
      dateArg(endsOn, 'endsOn');
      const link = isUuid(linkId) ? await em.findOneBy(PartnerLink, { id: linkId }) : null;
      if (!link) throw notFound('partner link', linkId, 'linkId');
      // A link of a node outside the caller's scope is answered as one that does not exist.
      if (!access.canSee(await requireNode(em, null, link.nodeId, [link.nodeLevel], 'linkId', 'none')))
        throw notFound('partner link', linkId, 'linkId');
      const node = await requireNode(em, null, link.nodeId, [link.nodeLevel], 'linkId');
      access.authorize('endPartnerLink', node, 'linkId');
      if (endsOn < link.startsOn) throw new DomainError('INVALID_DATE', 'The relationship cannot end before it starts', 'endsOn');
      link.endsOn = endsOn;
      await em.save(link);
      await recordMembershipEvents(em, access, [membershipEvents.build('PartnerLinkEnded', { link: linkState(link, node.fundId) })]);
      return link;
    });
  }
}

/** A partner's link to a node as the events carry it. */
function linkState(link: PartnerLink, fundId: string | null) {
  return {
    id: link.id,
    partnerId: link.partnerId,
    nodeId: link.nodeId,
    nodeLevel: link.nodeLevel,
    fundId,
    kind: link.kind,
    startsOn: link.startsOn,
    endsOn: link.endsOn,
  };
}
