// Prints each subgraph's SDL to services/<name>/schema.graphql (from the built code).
// With --check, exits 1 when a committed file differs from what the code prints.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SERVICES } from './lib/services.mjs';

const check = process.argv.includes('--check');
let stale = [];
for (const s of SERVICES) {
  const sdl = `${(await (await s.load()).printSchema()).trim()}\n`;
  const file = join(ROOT, s.dir, 'schema.graphql');
  const current = existsSync(file) ? readFileSync(file, 'utf8') : null;
  if (check) {
    if (current !== sdl) stale.push(`${s.dir}/schema.graphql`);
  } else if (current !== sdl) {
    writeFileSync(file, sdl);
    console.log(`wrote ${s.dir}/schema.graphql`);
  }
}
if (stale.length) {
  console.error(`Printed subgraph schemas are stale: ${stale.join(', ')}. Run: pnpm schema:compose`);
  process.exit(1);
}
