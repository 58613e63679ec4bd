import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sourceFiles, thrownCodes } from '../support/error-codes';

/**
 * Every error code the platform can answer is listed in the API guide: the guide is what a
 * partner app's developer codes against. The test reads the code literals thrown by the services,
 * the shared packages and the gateway (test/support/error-codes.ts says which), so a new code
 * without a row in docs/api-guide.md fails here, naming it and its file.
 */
const ROOT = join(__dirname, '..', '..');
const SOURCES = ['packages', 'gateway/src', 'services'];

describe('error codes', () => {
  const guide = readFileSync(join(ROOT, 'docs', 'api-guide.md'), 'utf8');
  const codes = new Map(
    [...thrownCodes(SOURCES.flatMap((dir) => sourceFiles(join(ROOT, dir))))].map(([code, file]) => [code, relative(ROOT, file)]),
  );

  it('finds the codes the platform throws (the scan itself works)', () => {
    for (const code of ['NOT_ELIGIBLE_AGE', 'INVALID_TOKEN', 'COST_LIMIT_EXCEEDED', 'PAYLOAD_TOO_LARGE', 'NAME_TAKEN']) {
      expect(codes.has(code)).toBe(true);
    }
  });

  it('lists every code the platform can answer in docs/api-guide.md', () => {
    const missing = [...codes].filter(([code]) => !guide.includes(`\`${code}\``)).map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
  });
});
