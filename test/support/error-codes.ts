import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ACCOUNT_CODES } from '../../services/savings-loan/src/modules/ledger/chart';

/** `code: '...'` literals that are not error codes: the books' account codes ({ code: 'MEMBER_SAVINGS' }). */
const NOT_ERROR_CODES = new Set<string>(ACCOUNT_CODES);

/**
 * The error codes source code can answer, read from the code itself: literal codes given to
 * DomainError, AuthError and GatewayRefusal, `code: '...'` values errors are built from (a literal
 * under five letters, such as SQL's 'ASC', is not an error code), and NOT_FOUND for `notFound(...)`.
 * Shared by the tests that hold the API guide and the modules' code lists to the code.
 */
const THROWN = /(?:DomainError|AuthError|GatewayRefusal)\(\s*'([A-Z][A-Z0-9_]+)'|\bcode: '([A-Z][A-Z0-9_]{4,})'|\b(notFound)\(/g;

/** The runtime TypeScript files under `dir`: no specs, tests, builds or dependencies. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist' || name === 'test') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Each code the files can answer, with the first file that answers it. */
export function thrownCodes(files: string[]): Map<string, string> {
  const codes = new Map<string, string>();
  for (const file of files) {
    for (const match of readFileSync(file, 'utf8').matchAll(THROWN)) {
      const code = match[1] ?? match[2] ?? 'NOT_FOUND';
      if (match[2] && NOT_ERROR_CODES.has(code)) continue;
      if (!codes.has(code)) codes.set(code, file);
    }
  }
  return codes;
}
