import { existsSync } from 'node:fs';
import { Browser, chromium } from 'playwright-core';

/** Debian's Chromium, driven by playwright-core (no browser download). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];
export const BROWSER_TIMEOUT_MS = 60_000;

/** Locally a missing browser skips the file with a notice; in CI it must run (and fails without a browser). */
export const describeBrowser: jest.Describe = existsSync(CHROMIUM) || process.env.CI ? describe : describe.skip;
if (!existsSync(CHROMIUM) && !process.env.CI) console.warn(`browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}

/** True for URLs that stay on this machine (inline data and blob workers included). */
export function isLocal(url: string): boolean {
  if (url.startsWith('data:')) return true;
  const parsed = new URL(url.startsWith('blob:') ? url.slice('blob:'.length) : url);
  return ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
}
