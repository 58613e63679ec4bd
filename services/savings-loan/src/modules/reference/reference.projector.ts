import type { EntityManager } from 'typeorm';
import { EventEnvelope, MembershipEvent, membershipEvents } from '@funds/events';
import { openFundBooks } from '../ledger/chart';
import { ReferenceRepository } from './reference.repository';

/**
 * Applies membership's events to savings-loan's reference tables, in the consumer's transaction
 * (the platform's scope). Idempotent: every event carries the state after its change, and each
 * write sets values (upserts, updates), so an event applied twice, or replayed, changes nothing.
 *
 * - a fund: inserted when it first appears, with its books opened (openFundBooks, idempotent);
 *   later events update its name, methodology, policy, currency and status;
 * - a move (of the fund, or of the county or village above it) is one UPDATE of the ancestry of
 *   the funds under the moved node; their groups, members and books follow by ON UPDATE CASCADE;
 * - a group or a membership takes its fund's ancestry from fund_ref;
 * - a deleted fund or group (only ever empty ones) is kept, with status DELETED: the books may
 *   reference it;
 * - events the books have no use for (provinces', counties' and villages' own, officers, partner
 *   links, API keys, formation stages) are passed over, as are types this catalogue does not know.
 */
export async function applyMembershipEvent(em: EntityManager, envelope: EventEnvelope): Promise<void> {
  const event = membershipEvents.decode(envelope);
  if (event) await project(new ReferenceRepository(em), em, event);
}

async function project(repo: ReferenceRepository, em: EntityManager, event: MembershipEvent): Promise<void> {
  switch (event.type) {
    case 'FundCreated':
    case 'FundUpdated':
    case 'FundPolicyChanged':
    case 'FundActivated':
    case 'FundArchived':
      await repo.upsertFund(event.payload.fund);
      await openFundBooks(em, event.payload.fund.id);
      return;
    case 'FundMoved':
      await repo.upsertFund(event.payload.fund);
      await repo.moveFund(event.payload.fund);
      await openFundBooks(em, event.payload.fund.id);
      return;
    case 'FundDeleted':
      await repo.setFundStatus(event.payload.fund.id, 'DELETED');
      return;
    case 'NodeMoved': {
      const node = event.payload.node;
      if (node.level === 'COUNTY' && node.provinceId) await repo.moveCounty(node.id, node.provinceId);
      if (node.level === 'VILLAGE' && node.provinceId && node.countyId) await repo.moveVillage(node.id, node.countyId, node.provinceId);
      return;
    }
    case 'GroupCreated':
    case 'GroupUpdated':
    case 'GroupArchived':
      await repo.upsertGroup(event.payload.group);
      return;
    case 'GroupDeleted':
      await repo.upsertGroup(event.payload.group, 'DELETED');
      return;
    case 'MemberEnrolled':
    case 'MemberUpdated':
    case 'MemberSuspended':
    case 'MemberReinstated':
    case 'MemberExited':
      await repo.upsertMember(event.payload.member);
      return;
    case 'MemberTransferred':
      // The membership left (EXITED, or the same one in its new group), then the one in the target group.
      await repo.upsertMember(event.payload.member);
      await repo.upsertMember(event.payload.to);
      return;
    case 'PartnerCreated':
      await repo.upsertPartner(event.payload.partner);
      return;
    case 'NodeCreated':
    case 'NodeUpdated':
    case 'NodeArchived':
    case 'NodeDeleted':
    case 'FormationStageRecorded':
    case 'PartnerLinked':
    case 'PartnerLinkEnded':
    case 'OfficerAppointed':
    case 'OfficerTermEnded':
    case 'ApiKeyCreated':
    case 'ApiKeyRevoked':
      return;
    default: {
      const unhandled: never = event;
      throw new Error(`No projection for ${(unhandled as { type: string }).type}`);
    }
  }
}
