import { NodeLevel } from './levels';

/** Where a node sits: its level and the ids of itself and every ancestor. */
export interface NodeRef {
  level: NodeLevel;
  id: string;
  countryCode: string;
  provinceId: string;
  countyId: string | null;
  villageId: string | null;
  fundId: string | null;
  groupId: string | null;
  status: string;
}

/** The id a node's row holds for the given ancestor level (the node's own id at its own level). */
export function ancestorAt(ref: NodeRef, level: NodeLevel): string | null {
  switch (level) {
    case NodeLevel.PROVINCE:
      return ref.provinceId;
    case NodeLevel.COUNTY:
      return ref.countyId;
    case NodeLevel.VILLAGE:
      return ref.villageId;
    case NodeLevel.FUND:
      return ref.fundId;
    case NodeLevel.GROUP:
      return ref.groupId;
    case NodeLevel.MEMBER:
      return ref.level === NodeLevel.MEMBER ? ref.id : null;
  }
}
