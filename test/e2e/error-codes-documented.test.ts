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

/**
 * The gateway's refusals are in the guide's table of gateway codes with the HTTP status the code
 * answers them with: each `new GatewayRefusal('CODE', message, status)` and
 * `sendGraphQLError(req, res, status, 'CODE', ...)` with literal code and status in gateway/src.
 */
describe('gateway refusals', () => {
  const GATEWAY_ANSWERS = [
    /GatewayRefusal\(\s*'(?<code>[A-Z][A-Z0-9_]+)',\s*(?:'(?:[^'\\]|\\.)*'|`[^`]*`|[\w.[\]]+),\s*(?<status>\d{3})\b/g,
    /sendGraphQLError\(\s*\w+,\s*\w+,\s*(?<status>\d{3}),\s*'(?<code>[A-Z][A-Z0-9_]+)'/g,
  ];
  const answers = sourceFiles(join(ROOT, 'gateway/src')).flatMap((file) => {
    const source = readFileSync(file, 'utf8');
    return GATEWAY_ANSWERS.flatMap((pattern) =>
      [...source.matchAll(pattern)].map((m) => ({ code: m.groups!.code, status: m.groups!.status, file: relative(ROOT, file) })),
    );
  });
  const guide = readFileSync(join(ROOT, 'docs', 'api-guide.md'), 'utf8');
  const table = guide.slice(guide.indexOf('Codes the gateway itself answers'), guide.indexOf('Codes the services answer'));
  /** Code -> the HTTP status its row gives. */
  const documented = new Map(
    [...table.matchAll(/^\|([^|]+)\|\s*(\d{3})\s*\|/gm)].flatMap(([, codes, status]) =>
      [...codes.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map(([, code]) => [code, status] as const),
    ),
  );

  it('finds the refusals (the scan itself works)', () => {
    expect(answers).toEqual(
      expect.arrayContaining([
        { code: 'TIMEOUT', status: '504', file: 'gateway/src/deadline.ts' },
        { code: 'INVALID_PAGE_SIZE', status: '400', file: 'gateway/src/cost.ts' },
        { code: 'RATE_LIMITED', status: '429', file: 'gateway/src/rate-limit.ts' },
      ]),
    );
    expect(documented.get('UNAUTHENTICATED')).toBe('401');
  });

  it('lists each in the table of gateway codes with its HTTP status', () => {
    const wrong = answers
      .filter(({ code, status }) => documented.get(code) !== status)
      .map(({ code, status, file }) => `${code} ${status} (${file}): the guide says ${documented.get(code) ?? 'nothing'}`);
    expect(wrong).toEqual([]);
  });

  it('gives the same status in the table of limits, which names the page size and time limits', () => {
    const limits = guide.slice(guide.indexOf('## Limits'), guide.indexOf('\n## ', guide.indexOf('## Limits') + 1));
    const stated = [...limits.matchAll(/`([A-Z][A-Z0-9_]+)`(?:, HTTP | \()(\d{3})/g)].map(([, code, status]) => ({ code, status }));
    expect(stated.map((s) => s.code)).toEqual(expect.arrayContaining(['INVALID_PAGE_SIZE', 'TIMEOUT', 'COST_LIMIT_EXCEEDED']));
    expect(stated.filter(({ code, status }) => documented.get(code) !== status)).toEqual([]);
  });
});
