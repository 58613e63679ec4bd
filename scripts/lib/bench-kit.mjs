// What the benchmarks share: the machine's description, percentiles, a fixed-time load loop, and
// reporting's snapshot warm-up after a synthetic load.
import { cpus, totalmem } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './services.mjs';

const require = createRequire(import.meta.url);

export function machine() {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

export function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : NaN;
}

/** `clients` loops calling `once(client, n)` for `seconds` (after `warmup` calls each): latencies in ms and calls per second. */
export async function load(once, { clients = 1, seconds = 5, warmup = 3 } = {}) {
  for (let c = 0; c < clients; c++) for (let i = 0; i < warmup; i++) await once(c, -1 - i);
  const samples = [];
  const started = Date.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let n = 0; Date.now() < until; n++) {
        const t = process.hrtime.bigint();
        await once(c, n);
        samples.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  samples.sort((a, b) => a - b);
  return {
    n: samples.length,
    perSecond: samples.length / elapsed,
    p50: percentile(samples, 0.5),
    p95: percentile(samples, 0.95),
    p99: percentile(samples, 0.99),
  };
}

/**
 * Reporting's daily snapshots (warmPortfolioSnapshots, when the reporting package exports it) for a
 * network loaded straight into the read models. Returns the seconds it took, or null when reporting
 * has no such function.
 */
export async function warmSnapshots(url, log = () => {}) {
  const reporting = require(join(ROOT, 'services/reporting/dist/index.js'));
  if (typeof reporting.warmPortfolioSnapshots !== 'function') return null;
  const ds = reporting.createReportingDataSource(url);
  await ds.initialize();
  try {
    const started = Date.now();
    await reporting.warmPortfolioSnapshots(ds);
    const seconds = (Date.now() - started) / 1000;
    log(`reporting snapshots warmed in ${seconds.toFixed(1)}s`);
    return seconds;
  } finally {
    await ds.destroy();
  }
}
