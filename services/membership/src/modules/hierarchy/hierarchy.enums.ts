import { registerEnumType } from 'type-graphql';
import { LEVEL_ORDER, LEVEL_WORD, NodeLevel } from '@funds/graphql-kit';

export { LEVEL_ORDER, LEVEL_WORD, NodeLevel };

export enum NodeStatus {
  FORMING = 'FORMING',
  ACTIVE = 'ACTIVE',
  ARCHIVED = 'ARCHIVED',
}

export enum VillageKind {
  VILLAGE = 'VILLAGE',
  NEIGHBORHOOD = 'NEIGHBORHOOD',
}

registerEnumType(NodeLevel, {
  name: 'NodeLevel',
  description: 'The fixed levels of the network. Countries label them differently (see Country.levelLabels).',
});
registerEnumType(NodeStatus, {
  name: 'NodeStatus',
  description: 'Life of a node.',
  valuesConfig: {
    FORMING: { description: 'A fund being formed: it may enrol members but is not yet active.' },
    ACTIVE: { description: 'In operation.' },
    ARCHIVED: { description: 'Closed or archived: kept for history, takes no new children or members.' },
  },
});
registerEnumType(VillageKind, {
  name: 'VillageKind',
  description: 'A rural village or an urban neighbourhood.',
  valuesConfig: { VILLAGE: { description: 'Rural village (or commune).' }, NEIGHBORHOOD: { description: 'Urban neighbourhood.' } },
});

/** The ancestry column that holds a node of each level, on every table below it. */
export const LEVEL_COLUMN: Record<Exclude<NodeLevel, NodeLevel.MEMBER>, string> = {
  PROVINCE: 'province_id',
  COUNTY: 'county_id',
  VILLAGE: 'village_id',
  FUND: 'fund_id',
  GROUP: 'group_id',
};

/** The table each level's rows live in. */
export const LEVEL_TABLE: Record<NodeLevel, string> = {
  PROVINCE: 'province',
  COUNTY: 'county',
  VILLAGE: 'village',
  FUND: 'fund',
  GROUP: 'member_group',
  MEMBER: 'member',
};
