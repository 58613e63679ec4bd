import { appendEvents, isUuid, uuid7, ScopedDatabase } from '@funds/db-kit';
import { DomainError, notFound } from '@funds/graphql-kit';
import type { Access } from '../../access/access';
import { NodeLevel } from '../hierarchy/hierarchy.enums';
import { requireNode, uniquelyNamed } from '../hierarchy/hierarchy.service';
import { Country } from '../hierarchy/country.entity';
import { Partner, PartnerLink } from './partner.entity';
import { CreatePartnerInput, LinkPartnerInput } from './partner.inputs';
import { dateArg } from '@funds/graphql-kit';

const S = 'membership';

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
      await appendEvents(em, S, [
        {
          type: 'PartnerCreated',
          aggregateType: 'PARTNER',
          aggregateId: partner.id,
          actor: access.identity.subject,
          payload: { name: partner.name, kind: partner.kind },
        },
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
      await appendEvents(em, S, [
        {
          type: 'PartnerLinked',
          aggregateType: node.level,
          aggregateId: node.id,
          fundId: node.fundId,
          actor: access.identity.subject,
          payload: { partnerId: partner.id, kind: input.kind, startsOn: input.startsOn, endsOn: link.endsOn },
        },
      ]);
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
      await appendEvents(em, S, [
        {
          type: 'PartnerLinkEnded',
          aggregateType: node.level,
          aggregateId: node.id,
          fundId: node.fundId,
          actor: access.identity.subject,
          payload: { linkId: link.id, partnerId: link.partnerId, endsOn },
        },
      ]);
      return link;
    });
  }
}
