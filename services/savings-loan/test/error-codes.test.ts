import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sourceFiles, thrownCodes } from '../../../test/support/error-codes';

/**
 * Each savings-loan module's `*.errors.ts` is its typed list of codes: every code the module's code
 * throws is in its list, and every listed code is in the API guide. Lists are found by file name,
 * so a new module that throws without a list fails the first test.
 */
const MODULES = join(__dirname, '..', 'src', 'modules');
const GUIDE = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'api-guide.md'), 'utf8');

const thrownBy = (module: string): string[] => [...thrownCodes(sourceFiles(join(MODULES, module))).keys()].sort();

/** The codes listed by a module's `*.errors.ts` files (every exported object of them). */
function listed(module: string): Set<string> {
  const codes = new Set<string>();
  for (const file of readdirSync(join(MODULES, module)).filter((name) => name.endsWith('.errors.ts'))) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = require(join(MODULES, module, file)) as Record<string, unknown>;
    for (const value of Object.values(exported)) {
      if (value && typeof value === 'object') for (const code of Object.keys(value)) codes.add(code);
    }
  }
  return codes;
}

const modules = readdirSync(MODULES).filter((module) => thrownBy(module).length > 0);

describe('error codes of each savings-loan module', () => {
  it('has a list for every module that throws', () => {
    expect(modules.filter((module) => listed(module).size === 0)).toEqual([]);
  });

  it.each(modules)('%s throws only the codes in its list', (module) => {
    const list = listed(module);
    expect(thrownBy(module).filter((code) => !list.has(code))).toEqual([]);
  });

  it.each(modules)("%s's codes are all in the API guide", (module) => {
    expect([...listed(module)].filter((code) => !GUIDE.includes(`\`${code}\``))).toEqual([]);
  });
});
