import { LEVEL_ORDER, NodeLevel } from './levels';
import type { NodeRef } from './node-ref';

/** The id and ancestry columns every hierarchy row (and member) carries. */
export interface AncestryColumns {
  id: string;
  status?: string;
  provinceId?: string;
  countyId?: string | null;
  villageId?: string | null;
  fundId?: string | null;
  groupId?: string | null;
}

/** The ref of a loaded row, without asking the database: every row carries its ancestry. */
export function refOf(level: NodeLevel, row: AncestryColumns): NodeRef {
  const self = (l: NodeLevel, value: string | null | undefined) => (level === l ? row.id : (value ?? null));
  return {
    level,
    id: row.id,
    countryCode: '',
    provinceId: self(NodeLevel.PROVINCE, row.provinceId) as string,
    countyId: self(NodeLevel.COUNTY, row.countyId),
    villageId: self(NodeLevel.VILLAGE, row.villageId),
    fundId: self(NodeLevel.FUND, row.fundId),
    groupId: self(NodeLevel.GROUP, row.groupId),
    status: row.status ?? '',
  };
}

/** The ref of an ancestor of a row, at `level`. */
export function ancestorRefOf(level: NodeLevel, row: AncestryColumns): NodeRef {
  const id = { PROVINCE: row.provinceId, COUNTY: row.countyId, VILLAGE: row.villageId, FUND: row.fundId, GROUP: row.groupId, MEMBER: null }[
    level
  ];
  const cut = (l: NodeLevel, value: string | null | undefined) =>
    LEVEL_ORDER.indexOf(l) <= LEVEL_ORDER.indexOf(level) ? (value ?? null) : null;
  return {
    level,
    id: id as string,
    countryCode: '',
    provinceId: row.provinceId as string,
    countyId: cut(NodeLevel.COUNTY, row.countyId),
    villageId: cut(NodeLevel.VILLAGE, row.villageId),
    fundId: cut(NodeLevel.FUND, row.fundId),
    groupId: cut(NodeLevel.GROUP, row.groupId),
    status: '',
  };
}
