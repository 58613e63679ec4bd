import type { EntityManager } from 'typeorm';
import { EventEnvelope, MemberStateValue, MembershipEvent, membershipEvents } from '@funds/events';
import { invalidateAllSnapshots, invalidateFundSnapshots } from '../portfolio/snapshot.service';
import { ProjectionRepository } from './projection.repository';

/**
 * Applies membership's events to reporting's node tree and member facts, in the consumer's
 * transaction (the platform's scope). Every event carries the state after its change, and every
 * write sets values, so an event applied twice, or replayed, changes nothing.
 *
 * - provinces, counties, villages, funds and groups: their row as it stands (a deleted fund or
 *   group, only ever an empty one, is kept with status DELETED);
 * - a move (of a fund, county or village) is one UPDATE of the ancestry under the moved node;
 *   every read-model row of a fund follows its fund's row by ON UPDATE CASCADE;
 * - memberships: their facts as they stand (a transfer writes the membership left and the one opened);
 * - events reporting has no use for yet (formation stages, partners, officers, API keys) are
 *   passed over, as are types this catalogue does not know.
 */
export async function applyMembershipEvent(em: EntityManager, envelope: EventEnvelope): Promise<void> {
  const event = membershipEvents.decode(envelope);
  if (!event) return;
  const repo = new ProjectionRepository(em);
  await project(em, repo, event, envelope.occurredAt);
  // The node the event is about carries its time up its ancestry (members' events did it themselves).
  const payload = event.payload as { node?: { id: string }; fund?: { id: string }; group?: { id: string } };
  const nodeId = payload.node?.id ?? payload.fund?.id ?? payload.group?.id;
  if (nodeId) await repo.touchNode(nodeId, envelope.occurredAt);
}

/** A membership's facts; its fund's snapshots (and its ancestors') from the day it first counted, or now counts. */
async function upsertMember(em: EntityManager, repo: ProjectionRepository, member: MemberStateValue, at: Date): Promise<void> {
  const before = await repo.memberJoinedOn(member.id);
  await repo.upsertMember(member);
  await repo.touchNode(member.fundId, at);
  await invalidateFundSnapshots(em, member.fundId, before !== null && before < member.joinedOn ? before : member.joinedOn);
}

async function project(em: EntityManager, repo: ProjectionRepository, event: MembershipEvent, at: Date): Promise<void> {
  switch (event.type) {
    case 'NodeCreated':
    case 'NodeUpdated':
    case 'NodeArchived':
      await repo.upsertRegion(event.payload.node, at);
      return;
    case 'NodeDeleted':
      await repo.setNodeStatus(event.payload.node.id, 'DELETED', at);
      return;
    case 'NodeMoved':
      await repo.upsertRegion(event.payload.node, at);
      await repo.moveRegion(event.payload.node);
      await invalidateAllSnapshots(em);
      return;
    case 'FundCreated':
    case 'FundUpdated':
    case 'FundPolicyChanged':
    case 'FundActivated':
    case 'FundArchived':
      await repo.upsertFund(event.payload.fund, at);
      await invalidateFundSnapshots(em, event.payload.fund.id, null);
      return;
    case 'FundMoved':
      await repo.upsertFund(event.payload.fund, at);
      await invalidateAllSnapshots(em);
      return;
    case 'FundDeleted':
      await repo.upsertFund(event.payload.fund, at, 'DELETED');
      await invalidateFundSnapshots(em, event.payload.fund.id, null);
      return;
    case 'GroupCreated':
    case 'GroupUpdated':
    case 'GroupArchived':
      await repo.upsertGroup(event.payload.group, at);
      return;
    case 'GroupDeleted':
      await repo.upsertGroup(event.payload.group, at, 'DELETED');
      return;
    case 'MemberEnrolled':
    case 'MemberUpdated':
    case 'MemberSuspended':
    case 'MemberReinstated':
    case 'MemberExited':
      await upsertMember(em, repo, event.payload.member, at);
      return;
    case 'MemberTransferred':
      await upsertMember(em, repo, event.payload.member, at);
      await upsertMember(em, repo, event.payload.to, at);
      return;
    case 'FormationStageRecorded':
    case 'PartnerCreated':
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
