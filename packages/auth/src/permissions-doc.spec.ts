import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { permissionsMarkdown } from './permissions-doc';
import { ACTORS, PERMISSIONS, PERSONAL_MEMBER_FIELDS, ScopeRule } from './permissions';

describe('the permission table', () => {
  it('is what docs/permissions.md shows (regenerate: pnpm docs:permissions)', () => {
    const committed = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'permissions.md'), 'utf8');
    expect(committed).toBe(permissionsMarkdown());
  });

  it('has one row per operation, and every cell names a known actor and scope rule', () => {
    const names = PERMISSIONS.map((p) => p.operation);
    expect(new Set(names).size).toBe(names.length);
    for (const p of PERMISSIONS) {
      expect(p.targets.length).toBeGreaterThan(0);
      for (const t of p.targets) {
        for (const [actor, rule] of Object.entries(t.allow)) {
          expect(ACTORS).toContain(actor);
          expect(Object.values(ScopeRule)).toContain(rule);
        }
      }
    }
  });

  it('never lets a partner app read personal data, whatever its grant', () => {
    // (A member's money, Member.accounts and Member.statement, is the fund's record: its FUND_WRITE
    // app, the officers' own app, reads it in its fund; a portfolio app never does.)
    for (const p of PERMISSIONS.filter((p) => PERSONAL_MEMBER_FIELDS.some((f) => p.operation === `Member.${f}`))) {
      for (const t of p.targets) expect(Object.keys(t.allow).filter((a) => a.startsWith('PARTNER_APP'))).toEqual([]);
    }
  });
});
