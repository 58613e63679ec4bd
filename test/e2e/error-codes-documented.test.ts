import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Every error code the platform can answer is listed in the API guide: the guide is what a
 * partner app's developer codes against. The test reads the code literals thrown by the services,
 * the shared packages and the gateway (DomainError, AuthError, GatewayRefusal and the HTTP layer's
 * `code:`; a `code:` literal under five letters, such as SQL's 'ASC', is not an error code), so a new code without a row in docs/api-guide.md fails here, naming it and its file.
 */
const ROOT = join(__dirname, '..', '..');
const SOURCES = ['packages', 'gateway/src', 'services'];
const THROWN = /(?:DomainError|AuthError|GatewayRefusal)\(\s*'([A-Z][A-Z0-9_]+)'|\bcode: '([A-Z][A-Z0-9_]{4,})'/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist' || name === 'test') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

function thrownCodes(): Map<string, string> {
  const codes = new Map<string, string>();
  for (const file of SOURCES.flatMap((dir) => sourceFiles(join(ROOT, dir)))) {
    for (const match of readFileSync(file, 'utf8').matchAll(THROWN)) {
      const code = match[1] ?? match[2];
      if (!codes.has(code)) codes.set(code, relative(ROOT, file));
    }
  }
  return codes;
}

describe('error codes', () => {
  const guide = readFileSync(join(ROOT, 'docs', 'api-guide.md'), 'utf8');
  const codes = thrownCodes();

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
