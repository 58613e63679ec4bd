import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '@funds/testing';
import { createMembershipDataSource } from '../../services/membership/src/database';
import { reconcileReporting } from '../../services/reporting/src/modules/operations/reconcile';
import { booksProblems } from '../support/books';
import type { TestPlatform } from '../support/platform';

/**
 * Issue 9's CI smoke: the synthetic network generator (pnpm seed:synthetic) at a tiny scale is
 * deterministic (the same seed gives the same rows, another seed other rows), keeps every invariant
 * of the books and leaves reporting's read models equal to the ledger; and every benchmark scenario
 * runs for a second on it and writes its figures (pnpm bench --smoke). Uses the built scripts.
 */
const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);
const SCALE = '0.002';

interface SeedResult {
  counts: Record<string, number>;
  checksum: Record<string, string>;
}

async function seed(db: TestDatabase, seedNumber: number): Promise<SeedResult> {
  const { stdout } = await run(
    process.execPath,
    [join(ROOT, 'scripts/seed-synthetic.mjs'), '--scale', SCALE, '--seed', String(seedNumber), '--json', '--checksum', '--no-migrate'],
    { env: { ...process.env, DATABASE_URL: db.url }, maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as SeedResult;
}

const dbs: TestDatabase[] = [];
let first: SeedResult;
let again: SeedResult;
let other: SeedResult;
let ds: DataSource;

beforeAll(async () => {
  for (let i = 0; i < 3; i++) dbs.push(await createTestDatabase());
  [first, again, other] = await Promise.all([seed(dbs[0], 7), seed(dbs[1], 7), seed(dbs[2], 8)]);
  ds = createMembershipDataSource(dbs[0].url);
  await ds.initialize();
}, 120_000);

afterAll(async () => {
  await ds?.destroy();
  for (const db of dbs) await db.drop();
});

it('builds the same rows from the same seed, and other rows from another', () => {
  expect(first.counts.members).toBeGreaterThan(500);
  expect(first.counts.postings).toBeGreaterThan(first.counts.members);
  expect(again.checksum).toEqual(first.checksum);
  expect(other.checksum['membership.member']).not.toEqual(first.checksum['membership.member']);
  expect(other.checksum['savings_loan.posting']).not.toEqual(first.checksum['savings_loan.posting']);
});

it('keeps every invariant of the books', async () => {
  expect(await booksProblems({ membershipDb: ds } as unknown as TestPlatform)).toEqual([]);
  // Realistic in shape: loans closed, current, in arrears and written off; both countries.
  const statuses: { status: string }[] = await ds.query(`SELECT DISTINCT status FROM savings_loan.loan ORDER BY status`);
  expect(statuses.map((s) => s.status)).toEqual(expect.arrayContaining(['CLOSED', 'DISBURSED', 'WRITTEN_OFF']));
  const [late] = await ds.query(
    `SELECT count(DISTINCT loan_id)::int AS n FROM savings_loan.loan_instalment WHERE due_on < '2026-10-01' AND principal_paid < principal_due`,
  );
  expect(late.n).toBeGreaterThan(0);
  const currencies: { currency: string }[] = await ds.query(`SELECT DISTINCT currency FROM savings_loan.posting ORDER BY 1`);
  expect(currencies.map((c) => c.currency)).toEqual(['IRR', 'VND']);
});

it("leaves reporting's read models equal to the ledger", async () => {
  const report = await reconcileReporting(ds);
  expect(report.funds).toBe(first.counts.funds);
  expect(report.differences).toEqual([]);
});

it('runs every benchmark scenario on it and writes the figures', async () => {
  const out = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
  try {
    await run(process.execPath, [join(ROOT, 'scripts/bench.mjs'), '--smoke', '--out', join(out, 'latest.json')], {
      env: { ...process.env, BENCH_DATABASE_URL: dbs[0].url, LOG_LEVEL: 'error' },
      maxBuffer: 16 * 1024 * 1024,
    });
    const results = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8')) as {
      scenario: string;
      p50: number;
      p95: number;
      throughput: number;
      floor: { throughput: number };
      ratioToFloor: number;
    }[];
    expect(results.map((r) => r.scenario.split(' ')[0])).toEqual(expect.arrayContaining(['B1', 'B2', 'B3', 'B4', 'B5']));
    for (const r of results) {
      expect(r.p50).toBeGreaterThan(0);
      expect(r.p95).toBeGreaterThanOrEqual(r.p50);
      expect(r.throughput).toBeGreaterThan(0);
      expect(r.floor.throughput).toBeGreaterThan(0);
      expect(r.ratioToFloor).toBeGreaterThan(0);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 120_000);
