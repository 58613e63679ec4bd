import { DataSource, EntityManager } from 'typeorm';
import { SYSTEM_SCOPE, ScopedDatabase, applicationDatabaseUrl, applicationRoleFromConfig, setTransactionScope, uuid7 } from '@funds/db-kit';
import { createTestDatabase, TestDatabase } from '@funds/testing';
import {
  Consumer,
  EventEnvelope,
  EventHandler,
  OutboxEvent,
  PostgresOutboxSource,
  consumerMetricsText,
  consumerTablesSql,
  membershipEvents,
  recordEvents,
} from '../src';

/**
 * The event kit on real PostgreSQL (a database of its own, cloned from the migrated template):
 * membership's outbox as the producer, a scratch schema `kit` as the consumer's, both reached as
 * the application role (row-level security binds it; only the platform's scope reads the outbox).
 */
let db: TestDatabase;
let owner: DataSource;
let app: DataSource;
let appUrl: string;

beforeAll(async () => {
  db = await createTestDatabase();
  owner = new DataSource({ type: 'postgres', url: db.url });
  await owner.initialize();
  const role = `"${applicationRoleFromConfig().name}"`;
  for (const sql of [
    'CREATE SCHEMA kit',
    ...consumerTablesSql('kit'),
    // What each test's handler did, in order: an event applied twice would show twice.
    'CREATE TABLE kit.applied (n bigserial PRIMARY KEY, consumer text NOT NULL, aggregate_id uuid NOT NULL)',
    `GRANT USAGE ON SCHEMA kit TO ${role}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA kit TO ${role}`,
    `GRANT USAGE ON ALL SEQUENCES IN SCHEMA kit TO ${role}`,
  ]) {
    await owner.query(sql);
  }
  appUrl = applicationDatabaseUrl(db.url);
  app = new DataSource({ type: 'postgres', url: appUrl, poolSize: 10 });
  await app.initialize();
});

afterAll(async () => {
  await app?.destroy();
  await owner?.destroy();
  await db?.drop();
});

/** An event of membership's catalogue about a new partner: its aggregate id tells events apart. */
function partnerEvent(): OutboxEvent {
  return membershipEvents.build('PartnerCreated', { partner: { id: uuid7(), name: 'Plan', kind: 'NGO', countryCode: null } });
}

/** Commits `events` to membership's outbox in one transaction, as a request of membership would. */
async function commit(events: OutboxEvent[]): Promise<string[]> {
  await new ScopedDatabase(app).transaction(SYSTEM_SCOPE, (em) => recordEvents(em, 'membership', events, 'test'));
  return events.map((e) => e.aggregateId);
}

const record =
  (consumer: string): EventHandler =>
  async (em: EntityManager, event: EventEnvelope) => {
    await em.query('INSERT INTO kit.applied (consumer, aggregate_id) VALUES ($1, $2)', [consumer, event.aggregateId]);
  };

function consumerFor(name: string, options: { handle?: EventHandler; batchSize?: number; pollIntervalMs?: number; listen?: boolean } = {}) {
  const source = new PostgresOutboxSource({
    producer: 'membership',
    database: new ScopedDatabase(app),
    listenUrl: options.listen ? appUrl : null,
  });
  const consumer = new Consumer({
    name,
    source,
    database: new ScopedDatabase(app),
    schema: 'kit',
    handle: options.handle ?? record(name),
    batchSize: options.batchSize ?? 3,
    pollIntervalMs: options.pollIntervalMs ?? 50,
  });
  return { consumer, source };
}

/** The aggregate ids a consumer's handler applied, in the order it applied them. */
async function applied(consumer: string): Promise<string[]> {
  const rows: { aggregate_id: string }[] = await owner.query('SELECT aggregate_id FROM kit.applied WHERE consumer = $1 ORDER BY n', [
    consumer,
  ]);
  return rows.map((r) => r.aggregate_id);
}

/** Every event in the outbox, by aggregate id. */
async function outbox(): Promise<string[]> {
  const rows: { aggregate_id: string }[] = await owner.query('SELECT aggregate_id FROM membership.outbox ORDER BY seq');
  return rows.map((r) => r.aggregate_id);
}

/** A transaction of membership's that appends an event and stays open until `commit()`. */
async function openTransaction(event: OutboxEvent) {
  const runner = app.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  await setTransactionScope(runner.manager, SYSTEM_SCOPE);
  await recordEvents(runner.manager, 'membership', [event], 'test');
  return {
    id: event.aggregateId,
    commit: async () => {
      await runner.commitTransaction();
      await runner.release();
    },
  };
}

async function seqOf(ids: string[]): Promise<number[]> {
  const rows: { seq: string }[] = await owner.query(
    'SELECT seq::text AS seq FROM membership.outbox WHERE aggregate_id = ANY($1::uuid[]) ORDER BY array_position($1::uuid[], aggregate_id)',
    [ids],
  );
  return rows.map((r) => Number(r.seq));
}

describe('the outbox race', () => {
  it('is real: a reader of seq > checkpoint loses the event of a transaction that commits after a later seq', async () => {
    const naive = async (after: number) =>
      new ScopedDatabase(app).read(SYSTEM_SCOPE, async (em) => {
        const rows: { aggregate_id: string; seq: string }[] = await em.query(
          'SELECT aggregate_id, seq::text AS seq FROM membership.outbox WHERE seq > $1 ORDER BY seq',
          [after],
        );
        return rows;
      });
    let checkpoint = 0;
    const read = async () => {
      const rows = await naive(checkpoint);
      if (rows.length) checkpoint = Number(rows[rows.length - 1].seq);
      return rows.map((r) => r.aggregate_id);
    };
    const seen = await read();
    const a = await openTransaction(partnerEvent());
    const [b] = await commit([partnerEvent()]);
    seen.push(...(await read()));
    await a.commit();
    seen.push(...(await read()));
    const [seqA, seqB] = await seqOf([a.id, b]);
    expect(seqA).toBeLessThan(seqB);
    expect(seen).toContain(b);
    expect(seen).not.toContain(a.id);
  });

  it('never skips it: A appends and stays open, B appends and commits, the consumer runs, A commits: A is applied', async () => {
    const { consumer } = consumerFor('race');
    await consumer.drain();
    const a = await openTransaction(partnerEvent());
    const [b] = await commit([partnerEvent()]);
    await consumer.drain();
    expect(await applied('race')).toContain(b);
    expect(await applied('race')).not.toContain(a.id);
    await a.commit();
    await consumer.drain();
    const [seqA, seqB] = await seqOf([a.id, b]);
    expect(seqA).toBeLessThan(seqB); // A took its seq first and committed last: the race happened
    const done = await applied('race');
    expect(done).toContain(a.id);
    expect(done.slice(-2)).toEqual([b, a.id]); // in commit order
    expect(new Set(done).size).toBe(done.length);
    expect([...done].sort()).toEqual([...(await outbox())].sort());
  });

  it('delivers a committed event at once, while an older unrelated transaction stays open', async () => {
    const { consumer } = consumerFor('unrelated');
    await consumer.drain();
    const other = owner.createQueryRunner();
    await other.connect();
    await other.startTransaction();
    try {
      await other.query('SELECT pg_current_xact_id()'); // holds an xid older than the event's: the snapshot's xmin stays behind it
      const [id] = await commit([partnerEvent()]);
      await consumer.drain();
      expect(await applied('unrelated')).toContain(id);
    } finally {
      await other.rollbackTransaction();
      await other.release();
    }
  });
});

describe('the consumer', () => {
  it('applies nothing twice and misses nothing when it crashes mid-batch and restarts', async () => {
    const ids = await commit(Array.from({ length: 7 }, partnerEvent));
    let calls = 0;
    const crashing = consumerFor('crash', {
      handle: async (em, event) => {
        calls += 1;
        if (calls === 5) throw new Error('crash in the middle of the second batch');
        await record('crash')(em, event);
      },
    });
    // Drains the events of the earlier tests and of this one, 3 a batch, until the 5th handled event.
    await expect(crashing.consumer.drain()).rejects.toThrow('crash in the middle');
    expect(calls).toBe(5);
    const [checkpoint] = await owner.query(`SELECT applied_events::int AS n FROM kit.event_checkpoint WHERE consumer = 'crash'`);
    expect(checkpoint.n).toBe(3); // the first batch committed, the second rolled back whole
    expect(await applied('crash')).toHaveLength(3);

    const restarted = consumerFor('crash');
    await restarted.consumer.drain();
    const done = await applied('crash');
    expect(done).toEqual(await outbox());
    expect(done).toEqual(expect.arrayContaining(ids));
    expect(new Set(done).size).toBe(done.length);
  });

  it('skips an event it has applied when it is delivered again (a replay from the start)', async () => {
    await commit([partnerEvent(), partnerEvent()]);
    const { consumer } = consumerFor('replay');
    await consumer.drain();
    const once = await applied('replay');
    expect(once).toEqual(await outbox());
    await owner.query(`UPDATE kit.event_checkpoint SET position = NULL WHERE consumer = 'replay'`);
    await consumer.drain();
    expect(await applied('replay')).toEqual(once);
    const [row] = await owner.query(`SELECT position FROM kit.event_checkpoint WHERE consumer = 'replay'`);
    expect(row.position).not.toBeNull();
  });

  it('applies each event once when two processes run the same consumer at the same time', async () => {
    await commit(Array.from({ length: 10 }, partnerEvent));
    const one = consumerFor('pair', { batchSize: 2 });
    const two = consumerFor('pair', { batchSize: 2 });
    await Promise.all([one.consumer.drain(), two.consumer.drain(), one.consumer.drain()]);
    await one.consumer.drain();
    const done = await applied('pair');
    expect(done).toEqual(await outbox());
  });

  it('reports its lag: events committed and not applied, and the age of the oldest', async () => {
    const { consumer } = consumerFor('lag', { batchSize: 2 });
    await consumer.drain();
    expect((await consumer.status()).lag).toEqual({ events: 0, oldestSeconds: 0 });
    await commit([partnerEvent(), partnerEvent(), partnerEvent()]);
    await owner.query(
      `UPDATE membership.outbox SET occurred_at = now() - interval '90 seconds' WHERE seq = (SELECT max(seq) - 2 FROM membership.outbox)`,
    );
    const lagging = await consumer.status();
    expect(lagging).toMatchObject({ consumer: 'lag', producer: 'membership', lag: { events: 3 }, lastError: null });
    expect(lagging.lag.oldestSeconds).toBeGreaterThanOrEqual(90);
    expect(consumerMetricsText([lagging])).toContain('funds_event_consumer_lag_events{consumer="lag",producer="membership"} 3\n');
    await consumer.runOnce(); // 2 of 3, mid-window
    expect((await consumer.status()).lag.events).toBe(1);
    await consumer.drain();
    expect((await consumer.status()).lag).toEqual({ events: 0, oldestSeconds: 0 });
  });

  it('is woken by the outbox notification, long before its poll interval', async () => {
    const { consumer, source } = consumerFor('listen', { pollIntervalMs: 60_000, listen: true, batchSize: 50 });
    consumer.start();
    try {
      for (let i = 0; i < 100 && (await consumer.status()).lag.events > 0; i++) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 200)); // now waiting for a notification
      const [id] = await commit([partnerEvent()]);
      const started = Date.now();
      while (!(await applied('listen')).includes(id) && Date.now() - started < 5000) await new Promise((r) => setTimeout(r, 20));
      expect(await applied('listen')).toContain(id);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await consumer.stop();
      await source.close();
    }
  });
});
