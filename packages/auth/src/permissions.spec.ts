import { PartnerGrant, Role } from './identity';
import {
  Actor,
  Placement,
  ScopeRule,
  Target,
  actorsOf,
  decide,
  permissionOf,
  refusalFor,
  scopeLevelAllowed,
  targetOf,
} from './permissions';

const target = (allow: Target['allow']): Target => ({ allow, action: 'do it' });
const at = (scopeLevel: Placement['scopeLevel'], inScope = true, isScopeNode = false): Placement => ({ scopeLevel, inScope, isScopeNode });
const PW: Actor = 'PARTNER_APP:FUND_WRITE';
const PR: Actor = 'PARTNER_APP:PORTFOLIO_READ';

describe('the decision of a permission table row', () => {
  it.each([
    ['outside the scope: HIDDEN, before the role is asked', Role.DASHBOARD_VIEWER, {}, at('COUNTY', false), 'HIDDEN'],
    ['no cell for the actor: ROLE', Role.DASHBOARD_VIEWER, { REGIONAL_ADMIN: ScopeRule.AT_OR_BELOW }, at('COUNTY'), 'ROLE'],
    ['no cell and no target: ROLE', Role.FUND_OFFICER, { NATIONAL_ADMIN: ScopeRule.ANYWHERE }, null, 'ROLE'],
    [
      'AT_OR_BELOW on the scope node itself',
      Role.REGIONAL_ADMIN,
      { REGIONAL_ADMIN: ScopeRule.AT_OR_BELOW },
      at('COUNTY', true, true),
      null,
    ],
    [
      'STRICTLY_BELOW on the scope node itself: OWN_NODE',
      Role.REGIONAL_ADMIN,
      { REGIONAL_ADMIN: ScopeRule.STRICTLY_BELOW },
      at('COUNTY', true, true),
      'OWN_NODE',
    ],
    ['STRICTLY_BELOW under the scope node', Role.REGIONAL_ADMIN, { REGIONAL_ADMIN: ScopeRule.STRICTLY_BELOW }, at('COUNTY'), null],
    ['IN_FUND from a fund', Role.FUND_OFFICER, { FUND_OFFICER: ScopeRule.IN_FUND }, at('FUND', true, true), null],
    ['IN_FUND from a village: NOT_A_FUND', Role.FUND_OFFICER, { FUND_OFFICER: ScopeRule.IN_FUND }, at('VILLAGE'), 'NOT_A_FUND'],
    ['ANYWHERE for the whole network', Role.NATIONAL_ADMIN, { NATIONAL_ADMIN: ScopeRule.ANYWHERE }, at(null), null],
  ] as const)('%s', (_what, actor, allow, placement, refusal) => {
    expect(refusalFor(actor, target(allow), placement)).toBe(refusal);
  });

  it('lets a partner app act per grant, and one with two grants do what either allows', () => {
    expect(actorsOf({ role: Role.PARTNER_APP, grants: [PartnerGrant.PORTFOLIO_READ, PartnerGrant.FUND_WRITE] })).toEqual([PR, PW]);
    expect(actorsOf({ role: Role.FUND_OFFICER })).toEqual([Role.FUND_OFFICER]);
    const enrol = targetOf(permissionOf('enrolMember'), 'fundId', 'FUND');
    expect(decide([PR], enrol, at('FUND', true, true))).toBe('ROLE');
    expect(decide([PR, PW], enrol, at('FUND', true, true))).toBeNull();
  });

  it('never lets a partner app read a national id or a phone, and lets a FUND_WRITE app open its members', () => {
    for (const field of ['Member.nationalId', 'Member.phone']) {
      const rule = targetOf(permissionOf(field), undefined, 'MEMBER');
      expect(decide([PR, PW], rule, at('FUND', true))).toBe('ROLE');
      expect(decide([Role.FUND_OFFICER], rule, at('FUND', true))).toBeNull();
    }
    expect(decide([PW], targetOf(permissionOf('Fund.members'), undefined, 'FUND'), at('FUND', true, true))).toBeNull();
    expect(decide([PR], targetOf(permissionOf('Fund.members'), undefined, 'FUND'), at('FUND', true, true))).toBe('ROLE');
  });

  it('picks the rule of the target level (a group is the fund’s, a fund is governed, the rest is the hierarchy’s)', () => {
    const archive = permissionOf('archiveNode');
    expect(targetOf(archive, 'id', 'GROUP').allow.FUND_OFFICER).toBe(ScopeRule.IN_FUND);
    expect(targetOf(archive, 'id', 'FUND').allow.REGIONAL_ADMIN).toBe(ScopeRule.AT_OR_BELOW);
    expect(targetOf(archive, 'id', 'VILLAGE').allow.REGIONAL_ADMIN).toBe(ScopeRule.STRICTLY_BELOW);
    expect(() => permissionOf('noSuchOperation')).toThrow(/no row for 'noSuchOperation'/);
  });

  it('places each role where it works', () => {
    expect(scopeLevelAllowed([Role.REGIONAL_ADMIN], 'COUNTY')).toBe(true);
    expect(scopeLevelAllowed([Role.REGIONAL_ADMIN], 'GROUP')).toBe(false);
    expect(scopeLevelAllowed([Role.FUND_OFFICER], 'FUND')).toBe(true);
    expect(scopeLevelAllowed([PR, PW], 'COUNTY')).toBe(false);
    expect(scopeLevelAllowed([PR, PW], 'FUND')).toBe(true);
    expect(scopeLevelAllowed([], 'FUND')).toBe(false);
  });
});
