/** The codes the hierarchy module answers, each with what it means (the API guide lists them too). */
export const HIERARCHY_ERRORS = {
  NOT_FOUND: 'no such node, or one outside your scope (the two are not told apart)',
  NAME_TAKEN: 'a sibling already has this name (compared normalised)',
  NODE_NOT_EMPTY: 'the node still has live children and cannot be deleted or archived',
  PARENT_ARCHIVED: 'the parent is archived and takes no new children',
  MOVE_ACROSS_COUNTRY: 'a node can only move under a parent of its own country',
  NOT_A_VILLAGE: 'only villages have a kind',
  UNKNOWN_COUNTRY: 'the network works in IR and VN',
  UNSUPPORTED_CURRENCY: 'a currency the books do not support',
  INVALID_POLICY: 'a fund policy setting outside its limits',
  POLICY_CONFLICT: 'a policy change that existing members or groups already break',
  GROUP_LIMIT_REACHED: 'the fund has maxGroups groups',
} as const;

export type HierarchyErrorCode = keyof typeof HIERARCHY_ERRORS;
