// Prints docs/permissions.md from the permission table (packages/auth/src/permissions.ts, built to
// packages/auth/dist: run `npx tsc -b tsconfig.build.json` first). With --check, exits 1 when the
// committed page differs from the table (the test packages/auth/src/permissions-doc.spec.ts
// checks the same from the sources).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { ROOT } from './lib/services.mjs';

const require = createRequire(import.meta.url);
const { permissionsMarkdown } = require(join(ROOT, 'packages', 'auth', 'dist', 'permissions-doc.js'));
const file = join(ROOT, 'docs', 'permissions.md');
const page = permissionsMarkdown();
const current = existsSync(file) ? readFileSync(file, 'utf8') : null;
if (process.argv.includes('--check')) {
  if (current !== page) {
    console.error('docs/permissions.md differs from the permission table. Run: pnpm docs:permissions');
    process.exit(1);
  }
} else if (current !== page) {
  writeFileSync(file, page);
  console.log('wrote docs/permissions.md');
}
