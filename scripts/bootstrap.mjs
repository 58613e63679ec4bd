// Installs the workspace's dependencies with the pinned pnpm, using only Node and npm.
// Uses pnpm from PATH when its version matches package.json's engines.pnpm, else `npx pnpm@<pinned>`.
// (Not `packageManager`: pnpm 12 cannot record that pin in the lockfile, which breaks --frozen-lockfile.)
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines.pnpm;

function localPnpmVersion() {
  try {
    return execFileSync('pnpm', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

const [cmd, prefix] = localPnpmVersion() === pinned ? ['pnpm', []] : ['npx', ['--yes', `pnpm@${pinned}`]];
const args = [...prefix, 'install', ...(process.env.CI ? ['--frozen-lockfile'] : [])];
const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  console.error(`bootstrap: '${cmd} ${args.join(' ')}' failed`);
  process.exit(result.status ?? 1);
}
