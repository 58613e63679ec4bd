import http from 'node:http';
import { TestPlatform, startTestPlatform } from '../support/platform';
import { addSyntheticGrid } from '../../services/membership/src/demo/synthetic-grid';

/**
 * A streamed export (GET /exports/members.csv?all=true, one COPY) whose client goes away after its
 * first bytes: membership reads and drops the rest of the COPY and gives its connection back, so
 * more aborted streams than the pool has connections leave every later request answered in full.
 */
let p: TestPlatform;
let province: string;
const MEMBERS = 60_000;
const POOL = 3;

beforeAll(async () => {
  p = await startTestPlatform({ membershipPoolSize: POOL });
  // A province of one fund of 60,000 members: about 10 MB of CSV, more than the sockets and
  // buffers between membership, the gateway and the client hold, so the client is gone while the
  // COPY still has rows to write.
  await addSyntheticGrid((sql, params) => p.membershipDb.query(sql, params), { tag: 'abort', size: 1, members: MEMBERS, idDigit: 7 });
  const [row] = await p.membershipDb.query(`SELECT id FROM membership.province WHERE name LIKE 'abort%' ORDER BY name LIMIT 1`);
  province = row.id;
});
afterAll(() => p.stop());

const exportUrl = () => `${p.gatewayUrl.replace(/\/graphql$/, '')}/exports/members.csv?areaId=${province}&all=true`;

/** Starts the streamed export, reads its first chunk, then goes away; the bytes it had. */
function abortAfterFirstChunk(): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(exportUrl(), { headers: { authorization: `Bearer ${p.national}` } }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}`));
      res.once('data', (chunk: Buffer) => {
        req.destroy();
        resolve(chunk.length);
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
  });
}

/** The whole streamed export: its member lines. */
async function wholeExport(): Promise<number> {
  const res = await fetch(exportUrl(), { headers: { authorization: `Bearer ${p.national}` } });
  expect(res.status).toBe(200);
  const text = await res.text();
  return text.split('\r\n').length - 2;
}

it('more aborted streams than pool connections: each COPY is read to its end and its connection given back', async () => {
  expect(await wholeExport()).toBe(MEMBERS);
  for (let i = 0; i < POOL * 3; i++) {
    const first = await abortAfterFirstChunk();
    expect(first).toBeGreaterThan(0);
  }
  // Every later request is answered in full, on the same three connections.
  expect(await Promise.all(Array.from({ length: POOL + 1 }, () => wholeExport()))).toEqual(Array.from({ length: POOL + 1 }, () => MEMBERS));
  // And no COPY is left running.
  const running = async () =>
    (await p.membershipDb.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'COPY (SELECT%'`))[0]
      .n as number;
  for (let waited = 0; (await running()) > 0 && waited < 50; waited++) await new Promise((r) => setTimeout(r, 100));
  expect(await running()).toBe(0);
});
