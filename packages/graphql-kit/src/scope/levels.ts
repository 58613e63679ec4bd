/**
 * The fixed levels of the network, shared by every service's scope rules. Membership registers
 * the enum with its GraphQL schema (NodeLevel); other services use it without exposing it.
 */
export enum NodeLevel {
  PROVINCE = 'PROVINCE',
  COUNTY = 'COUNTY',
  VILLAGE = 'VILLAGE',
  FUND = 'FUND',
  GROUP = 'GROUP',
  MEMBER = 'MEMBER',
}

/** Top to bottom. */
export const LEVEL_ORDER: NodeLevel[] = [
  NodeLevel.PROVINCE,
  NodeLevel.COUNTY,
  NodeLevel.VILLAGE,
  NodeLevel.FUND,
  NodeLevel.GROUP,
  NodeLevel.MEMBER,
];

/** A level in words, for messages. */
export const LEVEL_WORD: Record<NodeLevel, string> = {
  PROVINCE: 'province',
  COUNTY: 'county',
  VILLAGE: 'village',
  FUND: 'fund',
  GROUP: 'group',
  MEMBER: 'member',
};
