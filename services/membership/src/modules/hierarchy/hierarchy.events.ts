import type { EntityManager } from 'typeorm';
import { FundStateValue, GroupStateValue, OutboxEvent, RegionStateValue, membershipEvents, recordEvents } from '@funds/events';
import type { Access } from '@funds/graphql-kit';
import { Province } from './province.entity';
import { County } from './county.entity';
import { Village } from './village.entity';
import { Fund } from './fund.entity';
import { Group } from './group.entity';
import type { HierarchyNode } from './hierarchy-node';

const S = 'membership';

/** Writes membership's events (built by the catalogue of @funds/events) in the caller's transaction, as `access`'s identity. */
export function recordMembershipEvents(em: EntityManager, access: Access, events: OutboxEvent[]): Promise<void> {
  return recordEvents(em, S, events, access.identity.subject);
}

/** A province, county or village as the events carry it. */
export function regionState(node: Province | County | Village, countryCode: string): RegionStateValue {
  return {
    id: node.id,
    level: node.level as RegionStateValue['level'],
    name: node.name,
    nameLatin: node.nameLatin,
    countryCode,
    provinceId: node instanceof Province ? null : node.provinceId,
    countyId: node instanceof Village ? node.countyId : null,
    villageKind: node instanceof Village ? node.kind : null,
    status: node.status,
  };
}

/** A fund as the events carry it: ancestry, name, methodology, policy values, currency and status. */
export function fundState(fund: Fund, countryCode: string): FundStateValue {
  const p = fund.policy;
  return {
    id: fund.id,
    countryCode,
    provinceId: fund.provinceId,
    countyId: fund.countyId,
    villageId: fund.villageId,
    name: fund.name,
    methodology: fund.methodology,
    policy: {
      minMembers: p.minMembers,
      maxMembers: p.maxMembers,
      minGroupSize: p.minGroupSize,
      maxGroupSize: p.maxGroupSize,
      maxGroups: p.maxGroups,
      minAge: p.minAge,
      maxAge: p.maxAge,
      womenOnly: p.womenOnly,
      residenceRequired: p.residenceRequired,
    },
    currency: fund.currency,
    status: fund.status,
    foundedOn: fund.foundedOn,
    activatedOn: fund.activatedOn,
  };
}

export function groupState(group: Group, countryCode: string): GroupStateValue {
  return {
    id: group.id,
    fundId: group.fundId,
    countryCode,
    provinceId: group.provinceId,
    countyId: group.countyId,
    villageId: group.villageId,
    name: group.name,
    status: group.status,
  };
}

/** The event of a node's creation, change (name), archiving or deletion, of the node's own kind. */
export function nodeEvent(change: 'Created' | 'Updated' | 'Archived' | 'Deleted', node: HierarchyNode, countryCode: string): OutboxEvent {
  if (node instanceof Fund) return membershipEvents.build(`Fund${change}`, { fund: fundState(node, countryCode) });
  if (node instanceof Group) return membershipEvents.build(`Group${change}`, { group: groupState(node, countryCode) });
  if (node instanceof Province || node instanceof County || node instanceof Village) {
    return membershipEvents.build(`Node${change}`, { node: regionState(node, countryCode) });
  }
  throw new Error(`No event for a node of level ${node.level}`);
}
