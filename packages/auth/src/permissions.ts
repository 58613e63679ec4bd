import { Identity, PartnerGrant, Role } from './identity';

/**
 * The one permission table: for every root query, every mutation and every field that carries
 * personal data, which callers may do it and the scope rule each uses. The resolvers authorize by
 * operation name against it (services/membership/src/access/access.ts), docs/permissions.md is
 * printed from it (scripts/permissions-doc.mjs), and the permission matrix test
 * (test/e2e/permission-matrix.test.ts) computes every cell it expects from it.
 *
 * A caller is an actor: a person's role, or a partner app by one of its grants (an app with two
 * grants may do what either allows).
 */
export type Actor =
  Role.NATIONAL_ADMIN | Role.REGIONAL_ADMIN | Role.FUND_OFFICER | Role.DASHBOARD_VIEWER | `${Role.PARTNER_APP}:${PartnerGrant}`;

export const ACTORS: readonly Actor[] = [
  Role.NATIONAL_ADMIN,
  Role.REGIONAL_ADMIN,
  Role.FUND_OFFICER,
  Role.DASHBOARD_VIEWER,
  `${Role.PARTNER_APP}:${PartnerGrant.PORTFOLIO_READ}`,
  `${Role.PARTNER_APP}:${PartnerGrant.FUND_WRITE}`,
];

/**
 * Where each actor's scope node may be (DESIGN.md section 6): regional admins work at a province,
 * county or village, fund officers and FUND_WRITE apps in one fund, viewers and PORTFOLIO_READ apps
 * at any node; a national admin has no node (the whole network). An identity placed anywhere else
 * is refused (INVALID_TOKEN), so no rule below is ever asked about, say, an admin scoped to a group.
 */
export const SCOPE_LEVELS: Readonly<Record<Actor, readonly TargetLevel[]>> = {
  NATIONAL_ADMIN: [],
  REGIONAL_ADMIN: ['PROVINCE', 'COUNTY', 'VILLAGE'],
  FUND_OFFICER: ['FUND'],
  DASHBOARD_VIEWER: ['PROVINCE', 'COUNTY', 'VILLAGE', 'FUND', 'GROUP'],
  'PARTNER_APP:PORTFOLIO_READ': ['PROVINCE', 'COUNTY', 'VILLAGE', 'FUND', 'GROUP'],
  'PARTNER_APP:FUND_WRITE': ['FUND'],
};

/** Whether every actor of an identity may have its scope node at `level` (a key with two grants: both). */
export function scopeLevelAllowed(actors: readonly Actor[], level: TargetLevel): boolean {
  return actors.length > 0 && actors.every((a) => SCOPE_LEVELS[a].includes(level));
}

/** The actors an identity acts as: its role, or one per grant for a partner app. */
export function actorsOf(identity: Pick<Identity, 'role' | 'grants'>): Actor[] {
  if (identity.role === Role.PARTNER_APP) return (identity.grants ?? []).map((g) => `${Role.PARTNER_APP}:${g}` as Actor);
  return [identity.role as Actor];
}

/**
 * Where the target must lie for the actor to be allowed, relative to the caller's scope node (a
 * national admin's scope is the whole network). Whatever the rule, a target outside the scope is
 * answered as one that does not exist (NOT_FOUND, or null for a read): the existence rule.
 */
export enum ScopeRule {
  /** No node is targeted (reference data, the caller itself, a network-wide registry): allowed wherever the caller sits. */
  ANYWHERE = 'ANYWHERE',
  /** A list: it answers only what lies inside the caller's scope, and never refuses. */
  IN_SCOPE = 'IN_SCOPE',
  /** The target is the caller's scope node or lies under it. */
  AT_OR_BELOW = 'AT_OR_BELOW',
  /** The target lies under the caller's scope node, not on it (a node is managed from the level above). */
  STRICTLY_BELOW = 'STRICTLY_BELOW',
  /** The caller's scope node is a fund and the target is that fund or lies in it. */
  IN_FUND = 'IN_FUND',
}

/** The level of a targeted node (the hierarchy's levels and members). */
export type TargetLevel = 'PROVINCE' | 'COUNTY' | 'VILLAGE' | 'FUND' | 'GROUP' | 'MEMBER';

export type Cells = Partial<Record<Actor, ScopeRule>>;

/** One node an operation acts on, named by its argument, and who may act on it. */
export interface Target {
  /** The argument (or input field) holding the node's id; refusals name it. Absent: the operation targets no node. */
  arg?: string;
  /** What the node is, for the docs ("the parent province"). */
  node?: string;
  /** The rule holds only for targets at these levels (another Target of the same arg covers the others). */
  levels?: readonly TargetLevel[];
  /** Who may, and the scope rule each uses; an actor not named is refused (FORBIDDEN). */
  allow: Cells;
  /** What a refused actor is told it may not do: "The <role> role may not <action>". */
  action: string;
}

export type OperationKind = 'query' | 'mutation' | 'field';

export interface Permission {
  /** The GraphQL name: a root query or mutation field ("createCounty"), or "Type.field" for a field rule. */
  operation: string;
  kind: OperationKind;
  /** The nodes it acts on, in the order they are checked. One Target without arg: no node. */
  targets: readonly Target[];
  /** Refusals worded for one actor instead of the action's, given on the target's argument. */
  refusals?: Partial<Record<Actor, string>>;
  /** Why the rule is what it is (printed in docs/permissions.md). */
  why: string;
  /** The subgraph whose schema has the operation (membership unless named). */
  service?: 'membership' | 'savings-loan' | 'reporting';
}

const NA = Role.NATIONAL_ADMIN;
const RA = Role.REGIONAL_ADMIN;
const FO = Role.FUND_OFFICER;
const DV = Role.DASHBOARD_VIEWER;
const PR: Actor = `${Role.PARTNER_APP}:${PartnerGrant.PORTFOLIO_READ}`;
const PW: Actor = `${Role.PARTNER_APP}:${PartnerGrant.FUND_WRITE}`;
const { ANYWHERE, IN_SCOPE, AT_OR_BELOW, STRICTLY_BELOW, IN_FUND } = ScopeRule;

const everyone = (rule: ScopeRule): Cells => Object.fromEntries(ACTORS.map((a) => [a, rule]));

/** Creating a node under a parent: national admins anywhere, regional admins in their subtree. */
const CREATE_UNDER: Cells = { [NA]: ANYWHERE, [RA]: AT_OR_BELOW };
/** Renaming, moving, archiving, deleting a node above the funds: regional admins only strictly below their own node. */
const MANAGE_NODE: Cells = { [NA]: ANYWHERE, [RA]: STRICTLY_BELOW };
/** A fund's own records (groups, members, board, formation): its officers and FUND_WRITE apps, and the admins above. */
const MANAGE_FUND: Cells = { [NA]: ANYWHERE, [RA]: AT_OR_BELOW, [FO]: IN_FUND, [PW]: IN_FUND };
/** Decisions about a fund (its policy, activation, closing): admins, not the fund itself. */
const GOVERN_FUND: Cells = { [NA]: ANYWHERE, [RA]: AT_OR_BELOW };
/** Opening members at all (names, status, group): who works with the people of the fund. */
const READ_MEMBERS: Cells = { [NA]: ANYWHERE, [RA]: AT_OR_BELOW, [FO]: IN_FUND, [PW]: IN_FUND };
/** Personal data proper: people who need them, never apps. */
const READ_PERSONAL: Cells = { [NA]: ANYWHERE, [RA]: AT_OR_BELOW, [FO]: IN_FUND };
/** Partner apps' keys and the audit log: admins, within their scope. */
const ADMINS: Cells = { [NA]: ANYWHERE, [RA]: AT_OR_BELOW };

const HIERARCHY = 'change the hierarchy';
const FUND = 'change a fund';
const GOVERN = 'activate or close a fund';

const COUNTS_NOT_PEOPLE: Partial<Record<Actor, string>> = {
  [DV]: "Dashboard viewers read counts, not members' personal data",
  [PR]: "Portfolio apps read counts, not members' personal data",
};

const open = (operation: string, kind: OperationKind, why: string, rule: ScopeRule = ANYWHERE): Permission => ({
  operation,
  kind,
  targets: [{ allow: everyone(rule), action: `call ${operation}` }],
  why,
});

/** Per level of the node argument `arg` of a hierarchy mutation: groups are the fund's, funds are governed, the rest is the hierarchy's. */
const byLevel = (arg: string, fund: 'manage' | 'govern' | 'node'): Target[] => [
  { arg, node: 'the group', levels: ['GROUP'], allow: MANAGE_FUND, action: FUND },
  ...(fund === 'govern' ? [{ arg, node: 'the fund', levels: ['FUND'] as const, allow: GOVERN_FUND, action: GOVERN }] : []),
  { arg, node: 'the node', allow: MANAGE_NODE, action: HIERARCHY },
];

/** Field rules on Member: what is personal, and for whom. */
const PERSONAL_FIELDS: [string, string][] = [
  ['nationalId', 'identifies the person across the country'],
  ['phone', 'reaches the person directly'],
  ['birthDate', 'with the name, identifies the person (age is given instead)'],
  ['hasDisability', 'health data, a special category'],
  ['baselineMonthlyIncome', "the household's financial situation"],
  ['suspensionReason', 'free text an officer wrote about the person'],
];

/** The Member fields the table holds as personal data proper (for masking them wherever they travel). */
export const PERSONAL_MEMBER_FIELDS: readonly string[] = PERSONAL_FIELDS.map(([field]) => field);

export const PERMISSIONS: readonly Permission[] = [
  // ---- Root queries
  open('viewer', 'query', 'Who the caller is and where its scope starts; says nothing of anyone else.'),
  open('provinces', 'query', 'Lists only provinces wholly inside the scope (none for a scope below a province).', IN_SCOPE),
  open('countries', 'query', 'Reference data: countries and their level labels.'),
  open('fundPolicyPresets', 'query', 'Reference data: the preset policy of each methodology.'),
  open('partners', 'query', 'Partner organisations are network-wide reference data (names and kinds), no personal data.'),
  open('reportingStatus', 'query', 'Service status; no data.'),
  open('savingsLoanStatus', 'query', 'Service status; no data.'),
  {
    operation: 'node',
    kind: 'query',
    targets: [
      { arg: 'id', node: 'a member', levels: ['MEMBER'], allow: READ_MEMBERS, action: "read members' personal data" },
      { arg: 'id', node: 'a province, county, village, fund or group', allow: everyone(AT_OR_BELOW), action: 'read nodes' },
    ],
    refusals: COUNTS_NOT_PEOPLE,
    why: 'Any node of the scope, null outside it. A member is a person: viewers and portfolio apps read counts, not people.',
  },
  // ---- The hierarchy
  {
    operation: 'createProvince',
    kind: 'mutation',
    targets: [{ allow: { [NA]: ANYWHERE }, action: HIERARCHY }],
    refusals: { [RA]: 'Only a national admin creates provinces' },
    why: 'Provinces are the top of the network: only the national level adds one.',
  },
  {
    operation: 'createCounty',
    kind: 'mutation',
    targets: [{ arg: 'provinceId', node: 'the parent province', allow: CREATE_UNDER, action: HIERARCHY }],
    why: 'A regional admin grows the hierarchy under its own node.',
  },
  {
    operation: 'createVillage',
    kind: 'mutation',
    targets: [{ arg: 'countyId', node: 'the parent county', allow: CREATE_UNDER, action: HIERARCHY }],
    why: 'A regional admin grows the hierarchy under its own node.',
  },
  {
    operation: 'createFund',
    kind: 'mutation',
    targets: [{ arg: 'villageId', node: 'the parent village', allow: CREATE_UNDER, action: HIERARCHY }],
    why: 'A regional admin grows the hierarchy under its own node.',
  },
  {
    operation: 'createGroup',
    kind: 'mutation',
    targets: [{ arg: 'fundId', node: 'the fund', allow: MANAGE_FUND, action: FUND }],
    why: "Groups are the fund's own organisation: its officers form them.",
  },
  {
    operation: 'updateNode',
    kind: 'mutation',
    targets: byLevel('id', 'node'),
    why: "A group is renamed by its fund; other nodes from the level above them (a regional admin's own node is not its to rename).",
  },
  {
    operation: 'updateFundPolicy',
    kind: 'mutation',
    targets: [{ arg: 'fundId', node: 'the fund', allow: GOVERN_FUND, action: GOVERN }],
    why: "A fund's limits are set by the admins who supervise it, not by the fund.",
  },
  {
    operation: 'moveCounty',
    kind: 'mutation',
    targets: [
      { arg: 'countyId', node: 'the county', allow: MANAGE_NODE, action: HIERARCHY },
      { arg: 'toProvinceId', node: 'the new province', allow: CREATE_UNDER, action: HIERARCHY },
    ],
    why: 'Moving is managing the node (from above it) and creating under the new parent (inside the scope).',
  },
  {
    operation: 'moveVillage',
    kind: 'mutation',
    targets: [
      { arg: 'villageId', node: 'the village', allow: MANAGE_NODE, action: HIERARCHY },
      { arg: 'toCountyId', node: 'the new county', allow: CREATE_UNDER, action: HIERARCHY },
    ],
    why: 'Moving is managing the node (from above it) and creating under the new parent (inside the scope).',
  },
  {
    operation: 'moveFund',
    kind: 'mutation',
    targets: [
      { arg: 'fundId', node: 'the fund', allow: MANAGE_NODE, action: HIERARCHY },
      { arg: 'toVillageId', node: 'the new village', allow: CREATE_UNDER, action: HIERARCHY },
    ],
    why: 'Moving is managing the node (from above it) and creating under the new parent (inside the scope).',
  },
  {
    operation: 'archiveNode',
    kind: 'mutation',
    targets: byLevel('id', 'govern'),
    why: 'A group is closed by its fund; closing a fund is an admin decision; other nodes are managed from above.',
  },
  {
    operation: 'deleteNode',
    kind: 'mutation',
    targets: byLevel('id', 'node'),
    why: 'A group made by mistake is removed by its fund; other nodes are managed from above.',
  },
  // ---- Members, officers, formation
  ...(
    [
      ['enrolMember', 'fundId', 'the fund'],
      ['updateMember', 'id', "the member's fund"],
      ['suspendMember', 'id', "the member's fund"],
      ['reinstateMember', 'id', "the member's fund"],
      ['exitMember', 'id', "the member's fund"],
    ] as const
  ).map(([operation, arg, node]): Permission => ({
    operation,
    kind: 'mutation',
    targets: [{ arg, node, allow: MANAGE_FUND, action: FUND }],
    why: "Membership is the fund's own record: its officers (and its FUND_WRITE app) keep it.",
  })),
  {
    operation: 'transferMember',
    kind: 'mutation',
    targets: [
      { arg: 'memberId', node: "the member's fund", allow: MANAGE_FUND, action: FUND },
      { arg: 'toGroupId', node: 'the new group', allow: MANAGE_FUND, action: FUND },
    ],
    why: 'Both funds must be ones the caller manages.',
  },
  {
    operation: 'appointOfficer',
    kind: 'mutation',
    targets: [{ arg: 'fundId', node: 'the fund', allow: MANAGE_FUND, action: FUND }],
    why: 'The board is the fund’s own record.',
  },
  {
    operation: 'endOfficerTerm',
    kind: 'mutation',
    targets: [{ arg: 'officerId', node: "the officer's fund", allow: MANAGE_FUND, action: FUND }],
    why: 'The board is the fund’s own record.',
  },
  {
    operation: 'recordFormationStage',
    kind: 'mutation',
    targets: [{ arg: 'fundId', node: 'the fund', allow: MANAGE_FUND, action: FUND }],
    why: 'The fund records the steps of its own formation.',
  },
  {
    operation: 'activateFund',
    kind: 'mutation',
    targets: [{ arg: 'fundId', node: 'the fund', allow: GOVERN_FUND, action: GOVERN }],
    why: 'Activating a fund is an admin decision, not the fund’s own.',
  },
  // ---- Partners
  {
    operation: 'createPartner',
    kind: 'mutation',
    targets: [{ allow: { [NA]: ANYWHERE, [RA]: ANYWHERE }, action: 'register partners' }],
    why: 'Partners are a network-wide registry that admins keep.',
  },
  {
    operation: 'linkPartner',
    kind: 'mutation',
    targets: [{ arg: 'nodeId', node: 'the node', allow: ADMINS, action: 'link partners' }],
    why: 'Admins record which partner works with which node of their scope.',
  },
  {
    operation: 'endPartnerLink',
    kind: 'mutation',
    targets: [{ arg: 'linkId', node: "the link's node", allow: ADMINS, action: 'end partner links' }],
    why: 'Admins record which partner works with which node of their scope.',
  },
  // ---- The audit log
  {
    operation: 'auditEvents',
    kind: 'query',
    targets: [{ allow: ADMINS, action: 'read the audit log' }],
    why: 'Who did what, where: for the admins who supervise the scope (it lists only what lies in it). Officers, viewers and partner apps never.',
  },
  // ---- Partner apps' API keys
  {
    operation: 'apiKeys',
    kind: 'query',
    targets: [{ allow: ADMINS, action: 'manage API keys' }],
    why: 'The keys granted nodes of the scope (it lists only those): for the admins who create and revoke them. Partner apps never manage keys.',
  },
  {
    operation: 'createApiKey',
    kind: 'mutation',
    targets: [{ arg: 'nodeId', node: 'the node the key is granted', allow: ADMINS, action: 'manage API keys' }],
    why: 'An admin gives a partner app a key at a node of its own scope (FUND_WRITE on a fund only). Partner apps never make keys.',
  },
  {
    operation: 'revokeApiKey',
    kind: 'mutation',
    targets: [{ arg: 'id', node: "the key's node", allow: ADMINS, action: 'manage API keys' }],
    why: 'The admins of the scope the key was granted in revoke it; it is refused from the next request on.',
  },
  // ---- The books (savings-loan)
  ...(
    [
      [
        'deposit',
        'input.memberId',
        "the member's fund",
        'Savings are recorded by the fund that keeps them: its officers (and its FUND_WRITE app) and the admins above.',
      ],
      [
        'withdraw',
        'input.memberId',
        "the member's fund",
        'Savings are recorded by the fund that keeps them: its officers (and its FUND_WRITE app) and the admins above.',
      ],
      ['reverseEntry', 'entryId', "the entry's fund", 'A mistake is corrected by whoever may record in that fund.'],
      ['closeMonth', 'fundId', 'the fund', "The fund's accountant closes its months; the admins above may too."],
    ] as const
  ).map(([operation, arg, node, why]): Permission => ({
    operation,
    kind: 'mutation',
    targets: [{ arg: arg.replace('input.', ''), node, allow: MANAGE_FUND, action: "record a fund's money" }],
    why,
    service: 'savings-loan',
  })),
  // Savings groups' terms (the fund's admins decide them), shares and the social fund (recorded by the fund).
  {
    operation: 'setSavingsTerms',
    kind: 'mutation',
    targets: [{ arg: 'fundId', node: 'the fund', allow: GOVERN_FUND, action: "set a savings group's terms" }],
    why: "The share value, the most shares per meeting and the social fund contribution are the fund's rules: its admins set them, as its policy.",
    service: 'savings-loan',
  },
  ...(['buyShares', 'contributeToSocialFund', 'payFromSocialFund'] as const).map((operation): Permission => ({
    operation,
    kind: 'mutation',
    targets: [{ arg: 'memberId', node: "the member's fund", allow: MANAGE_FUND, action: "record a fund's money" }],
    why: 'Shares and the social fund are recorded by the fund that keeps them: its officers (and its FUND_WRITE app) and the admins above.',
    service: 'savings-loan',
  })),
  {
    operation: 'recordMeeting',
    kind: 'mutation',
    targets: [{ arg: 'groupId', node: "the group's fund", allow: MANAGE_FUND, action: "record a fund's money" }],
    why: "A group meeting's collection sheet is recorded by the fund that keeps the money: its officers (and its FUND_WRITE app, the field app) and the admins above.",
    service: 'savings-loan',
  },
  ...(['receiveGrant', 'receiveTrustCapital', 'repayTrustCapital', 'drawCreditLine', 'repayCreditLine'] as const).map(
    (operation): Permission => ({
      operation,
      kind: 'mutation',
      targets: [{ arg: 'fundId', node: 'the fund', allow: MANAGE_FUND, action: "record a fund's money" }],
      why: "Partners' capital is money the fund keeps: recorded, as it arrives or goes back, by the fund's officers (and its FUND_WRITE app) and the admins above.",
      service: 'savings-loan',
    }),
  ),
  {
    operation: 'closeCycle',
    kind: 'mutation',
    targets: [{ arg: 'fundId', node: 'the fund', allow: MANAGE_FUND, action: "record a fund's money" }],
    why: "A savings group closes its cycle and shares out at its own meeting: the fund's officers record it (and its FUND_WRITE app), the admins above may too.",
    service: 'savings-loan',
  },
  // Loans: the fund's admins set its products (its lending policy); its officers (and its FUND_WRITE
  // app) record applications, disbursements, repayments and reschedulings; approving and refusing
  // are people's decisions (officers and admins, never an app); a write-off is the admins' decision.
  ...(['createLoanProduct', 'updateLoanProduct'] as const).map((operation): Permission => ({
    operation,
    kind: 'mutation',
    targets: [
      {
        arg: operation === 'createLoanProduct' ? 'fundId' : 'productId',
        node: 'the fund',
        allow: GOVERN_FUND,
        action: "set a fund's loan products",
      },
    ],
    why: "A fund's loan products are its lending policy: its admins decide them, as its policy; officers read them.",
    service: 'savings-loan',
  })),
  ...(
    [
      ['applyForLoan', 'memberId', "the member's fund"],
      ['disburseLoan', 'loanId', "the loan's fund"],
      ['repayLoan', 'loanId', "the loan's fund"],
      ['rescheduleLoan', 'loanId', "the loan's fund"],
    ] as const
  ).map(([operation, arg, node]): Permission => ({
    operation,
    kind: 'mutation',
    targets: [{ arg, node, allow: MANAGE_FUND, action: "record a fund's loans" }],
    why: "A loan's application, payment out, repayments and rescheduling are recorded by the fund that lends: its officers (and its FUND_WRITE app) and the admins above.",
    service: 'savings-loan',
  })),
  ...(['approveLoan', 'rejectLoan'] as const).map((operation): Permission => ({
    operation,
    kind: 'mutation',
    targets: [{ arg: 'loanId', node: "the loan's fund", allow: READ_PERSONAL, action: 'decide on a loan' }],
    why: 'Approving or refusing a loan is a person’s decision, recorded with who made it: the fund’s officers and the admins above, never an app.',
    service: 'savings-loan',
  })),
  {
    operation: 'writeOffLoan',
    kind: 'mutation',
    targets: [{ arg: 'loanId', node: "the loan's fund", allow: GOVERN_FUND, action: 'write a loan off' }],
    why: "Giving up a loan's principal as lost is a decision about the fund's money: its admins take it, not the fund's officers.",
    service: 'savings-loan',
  },
  ...(
    [
      ['FundBooks.journal', 'the fund'],
      ['Group.meetings', "the group's fund"],
      ['FundBooks.cycles', 'the fund'],
      ['Member.accounts', "the member's fund"],
      ['Member.statement', "the member's fund"],
      ['Member.loans', "the member's fund"],
      ['Fund.loans', 'the fund'],
    ] as const
  ).map(([operation, node]): Permission => ({
    operation,
    kind: 'field',
    targets: [{ node, allow: READ_MEMBERS, action: "read members' money" }],
    refusals: {
      [DV]: "Dashboard viewers read a fund's totals, not members' money",
      [PR]: "Portfolio apps read a fund's totals, not members' money",
    },
    why: "A member's balances and movements are her financial data: her fund's people and admins read them; viewers and portfolio apps read the fund's totals.",
    service: 'savings-loan',
  })),
  // ---- Fields: members are people
  ...(
    [
      ['Province.members', 'the province'],
      ['County.members', 'the county'],
      ['Village.members', 'the village'],
      ['Fund.members', 'the fund'],
      ['Group.members', 'the group'],
      ['Officer.member', "the officer's fund"],
    ] as const
  ).map(([operation, node]): Permission => ({
    operation,
    kind: 'field',
    targets: [{ node, allow: READ_MEMBERS, action: "read members' personal data" }],
    refusals: COUNTS_NOT_PEOPLE,
    why: 'Members are people: viewers and portfolio apps read counts. A FUND_WRITE app opens its fund’s members (names, status, group) to record their transactions.',
  })),
  ...PERSONAL_FIELDS.map(([field, what]): Permission => ({
    operation: `Member.${field}`,
    kind: 'field',
    targets: [{ node: "the member's fund", allow: READ_PERSONAL, action: `read Member.${field}` }],
    why: `Personal data (${what}): read by the admins and officers who work with the person; never by a partner app, whatever its grant.`,
  })),
];

const BY_NAME = new Map(PERMISSIONS.map((p) => [p.operation, p]));

/** The table's row for an operation; throws for one the table does not name (every operation must have a row). */
export function permissionOf(operation: string): Permission {
  const permission = BY_NAME.get(operation);
  if (!permission) throw new Error(`The permission table has no row for '${operation}'`);
  return permission;
}

/** The Target of `permission` that covers argument `arg` of a node at `level`. */
export function targetOf(permission: Permission, arg: string | undefined, level: TargetLevel | null): Target {
  const target = permission.targets.find(
    (t) => (t.arg === undefined || arg === undefined || t.arg === arg) && (!t.levels || (level !== null && t.levels.includes(level))),
  );
  if (!target)
    throw new Error(`The permission table's row '${permission.operation}' has no target for ${arg ?? 'no argument'} at ${level}`);
  return target;
}

/** Where the target lies for the caller: what a decision needs to know. */
export interface Placement {
  /** Level of the caller's scope node; null for a national admin (the whole network). */
  scopeLevel: TargetLevel | null;
  /** The target is the caller's scope node or lies under it (always true for a national admin). */
  inScope: boolean;
  /** The target is the caller's scope node itself. */
  isScopeNode: boolean;
}

/**
 * Why a caller is refused: HIDDEN (outside the scope: NOT_FOUND, as an id that does not exist),
 * ROLE (no cell for the actor: FORBIDDEN), OWN_NODE (STRICTLY_BELOW on the scope node itself:
 * FORBIDDEN), NOT_A_FUND (IN_FUND for a caller whose scope node is not a fund: FORBIDDEN).
 */
export type Refusal = 'HIDDEN' | 'ROLE' | 'OWN_NODE' | 'NOT_A_FUND';

/** The decision of the table for one actor on one target; null: allowed. */
export function refusalFor(actor: Actor, target: Target, placement: Placement | null): Refusal | null {
  const rule = target.allow[actor];
  if (placement && !placement.inScope) return 'HIDDEN';
  if (!rule) return 'ROLE';
  if (!placement) return null;
  switch (rule) {
    case ScopeRule.ANYWHERE:
    case ScopeRule.IN_SCOPE:
    case ScopeRule.AT_OR_BELOW:
      return null;
    case ScopeRule.STRICTLY_BELOW:
      return placement.isScopeNode ? 'OWN_NODE' : null;
    case ScopeRule.IN_FUND:
      return placement.scopeLevel === 'FUND' ? null : 'NOT_A_FUND';
  }
}

/** The decision for a caller acting as several actors (a partner app with two grants): allowed when one is; else the first refusal. */
export function decide(actors: readonly Actor[], target: Target, placement: Placement | null): Refusal | null {
  const refusals = actors.map((a) => refusalFor(a, target, placement));
  return refusals.includes(null) ? null : (refusals[0] ?? 'ROLE');
}
