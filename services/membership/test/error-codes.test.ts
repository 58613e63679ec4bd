import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sourceFiles, thrownCodes } from '../../../test/support/error-codes';
import { API_KEY_ERRORS } from '../src/modules/api-key/api-key.errors';
import { AUDIT_ERRORS } from '../src/modules/audit/audit.errors';
import { FORMATION_ERRORS } from '../src/modules/formation/formation.errors';
import { HIERARCHY_ERRORS } from '../src/modules/hierarchy/hierarchy.errors';
import { MEMBER_ERRORS } from '../src/modules/member/member.errors';
import { OFFICER_ERRORS } from '../src/modules/officer/officer.errors';
import { PARTNER_ERRORS } from '../src/modules/partner/partner.errors';

/**
 * Each module's `*.errors.ts` is its typed list of codes: every code the module's code throws is
 * in its list (so the list is the module's whole contract), and every listed code is in the API guide.
 */
const MODULES = join(__dirname, '..', 'src', 'modules');
const GUIDE = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'api-guide.md'), 'utf8');
const LISTS: Record<string, Record<string, string>> = {
  'api-key': API_KEY_ERRORS,
  audit: AUDIT_ERRORS,
  formation: FORMATION_ERRORS,
  hierarchy: HIERARCHY_ERRORS,
  member: MEMBER_ERRORS,
  officer: OFFICER_ERRORS,
  partner: PARTNER_ERRORS,
};

/** Codes a module's code can answer. */
const thrownBy = (module: string): string[] => [...thrownCodes(sourceFiles(join(MODULES, module))).keys()].sort();

describe('error codes of each membership module', () => {
  it('has a list for every module that throws', () => {
    const throwing = readdirSync(MODULES).filter((module) => thrownBy(module).length > 0);
    expect(throwing.filter((module) => !LISTS[module])).toEqual([]);
  });

  it.each(Object.keys(LISTS))('%s throws only the codes in its list', (module) => {
    expect(thrownBy(module).filter((code) => !(code in LISTS[module]))).toEqual([]);
  });

  it.each(Object.keys(LISTS))("%s's codes are all in the API guide", (module) => {
    expect(Object.keys(LISTS[module]).filter((code) => !GUIDE.includes(`\`${code}\``))).toEqual([]);
  });
});
