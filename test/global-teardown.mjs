import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const handle = globalThis.__FUNDS_TEST_PG__;
  if (!handle) return;
  await handle.server.stop();
  rmSync(handle.dataDir, { recursive: true, force: true });
}
