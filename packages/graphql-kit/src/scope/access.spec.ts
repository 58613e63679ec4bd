import { Identity, PERSONAL_MEMBER_FIELDS, PartnerGrant, Role } from '@funds/auth';
import { Access } from './access';
import { NodeLevel } from './levels';
import type { NodeRef } from './node-ref';

// A province with two counties; the first has a village with a fund, a group, and members in and
// outside the group; the second has one member.
const id = (n: number) => `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const [P, C, C2, V, V2, F, F2, G] = [1, 2, 3, 4, 5, 6, 7, 8].map(id);
const ref = (level: NodeLevel, self: string, ancestry: Partial<NodeRef>): NodeRef => ({
  level,
  id: self,
  countryCode: 'IR',
  provinceId: P,
  countyId: null,
  villageId: null,
  fundId: null,
  groupId: null,
  status: 'ACTIVE',
  ...ancestry,
});
const NODES: Record<string, NodeRef> = {
  province: ref(NodeLevel.PROVINCE, P, {}),
  county: ref(NodeLevel.COUNTY, C, { countyId: C }),
  village: ref(NodeLevel.VILLAGE, V, { countyId: C, villageId: V }),
  fund: ref(NodeLevel.FUND, F, { countyId: C, villageId: V, fundId: F }),
  group: ref(NodeLevel.GROUP, G, { countyId: C, villageId: V, fundId: F, groupId: G }),
  otherCounty: ref(NodeLevel.COUNTY, C2, { countyId: C2 }),
  otherVillage: ref(NodeLevel.VILLAGE, V2, { countyId: C2, villageId: V2 }),
  otherFund: ref(NodeLevel.FUND, F2, { countyId: C2, villageId: V2, fundId: F2 }),
};
const MEMBERS: NodeRef[] = [
  ref(NodeLevel.MEMBER, id(20), { countyId: C, villageId: V, fundId: F, groupId: G }),
  ref(NodeLevel.MEMBER, id(21), { countyId: C, villageId: V, fundId: F }),
  ref(NodeLevel.MEMBER, id(22), { countyId: C2, villageId: V2, fundId: F2 }),
];
const AREAS = [NODES.province, NODES.county, NODES.village, NODES.otherCounty, NODES.otherVillage];
const under = (area: NodeRef, member: NodeRef) =>
  area.level === NodeLevel.PROVINCE
    ? member.provinceId === area.id
    : area.level === NodeLevel.COUNTY
      ? member.countyId === area.id
      : member.villageId === area.id;

/** What authorize answers: null, or the refusal's code. */
const outcome = (check: () => void): string | null => {
  try {
    check();
    return null;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
};

const identities: [string, Identity, NodeLevel | null][] = [
  ['national admin', { subject: 'n', role: Role.NATIONAL_ADMIN, scopeNodeId: null }, null],
  ...(['province', 'county', 'village'] as const).map((at): [string, Identity, NodeLevel] => [
    `regional admin of the ${at}`,
    { subject: 'r', role: Role.REGIONAL_ADMIN, scopeNodeId: NODES[at].id },
    NODES[at].level,
  ]),
  ['fund officer', { subject: 'f', role: Role.FUND_OFFICER, scopeNodeId: F }, NodeLevel.FUND],
  ['dashboard viewer of the county', { subject: 'd', role: Role.DASHBOARD_VIEWER, scopeNodeId: C }, NodeLevel.COUNTY],
  [
    'portfolio app of the province',
    { subject: 'a', role: Role.PARTNER_APP, scopeNodeId: P, grants: [PartnerGrant.PORTFOLIO_READ] },
    NodeLevel.PROVINCE,
  ],
  ['fund-writing app', { subject: 'w', role: Role.PARTNER_APP, scopeNodeId: F, grants: [PartnerGrant.FUND_WRITE] }, NodeLevel.FUND],
];

describe('Access.authorizeBelow: one decision for every member of a visible area', () => {
  it.each(identities)('%s: the same answer as for each member of the area, field by field', (_, identity, level) => {
    const access = new Access(identity, level);
    let compared = 0;
    for (const area of AREAS.filter((a) => access.canSee(a))) {
      for (const field of PERSONAL_MEMBER_FIELDS) {
        const once = outcome(() => access.authorizeBelow(`Member.${field}`, area, NodeLevel.MEMBER, field));
        for (const member of MEMBERS.filter((m) => under(area, m))) {
          expect([area.level, field, once]).toEqual([area.level, field, outcome(() => access.authorize(`Member.${field}`, member, field))]);
          compared++;
        }
      }
    }
    // Every identity that sees an area compares something (a fund officer sees none: its scope is below them).
    expect(compared > 0).toBe(identity.role !== Role.FUND_OFFICER && !identity.grants?.includes(PartnerGrant.FUND_WRITE));
  });

  it('refuses what the member rule refuses: a dashboard viewer and a portfolio app never read national ids', () => {
    const viewer = new Access({ subject: 'd', role: Role.DASHBOARD_VIEWER, scopeNodeId: C }, NodeLevel.COUNTY);
    expect(outcome(() => viewer.authorizeBelow('Member.nationalId', NODES.county, NodeLevel.MEMBER, 'nationalId'))).toBe('FORBIDDEN');
    const admin = new Access({ subject: 'r', role: Role.REGIONAL_ADMIN, scopeNodeId: P }, NodeLevel.PROVINCE);
    expect(outcome(() => admin.authorizeBelow('Member.nationalId', NODES.county, NodeLevel.MEMBER, 'nationalId'))).toBeNull();
  });
});
