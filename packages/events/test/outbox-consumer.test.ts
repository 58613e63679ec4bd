import { DataSource, EntityManager } from 'typeorm';
import { connect } from 'nats';
import { SYSTEM_SCOPE, ScopedDatabase, applicationDatabaseUrl, applicationRoleFromConfig, setTransactionScope, uuid7 } from '@funds/db-kit';
import { TestNatsServer, TestDatabase, createTestDatabase, natsServerAvailable, startNatsServer } from '@funds/testing';
import {
  Consumer,
  EventEnvelope,
  EventHandler,
  EventSource,
  OutboxEvent,
  OutboxRelay,
  TransportSettings,
  consumerMetricsText,
  consumerTablesSql,
  membershipEvents,
  natsStreamOf,
  openEventSource,
  recordEvents,
} from '../src';

/**
 * The event kit on real PostgreSQL (a database of its own, cloned from the migrated template):
 * membership's outbox as the producer, a scratch schema `kit` as the consumer's, both reached as
 * the application role (row-level security binds it; only the platform's scope reads the outbox).
 * The consumer's tests run on both transports: the Postgres outbox, and NATS JetStream (a real
 * `nats-server -js` on a free loopback port, fed by the outbox relay). Locally a missing
 * nats-server skips the NATS run with a notice; CI installs it and always runs it.
 */
const TRANSPORTS: ('postgres' | 'nats')[] = natsServerAvailable || process.env.CI ? ['postgres', 'nats'] : ['postgres'];
if (!TRANSPORTS.includes('nats')) console.warn('NATS transport tests skipped: no nats-server (apt-get install nats-server)');
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
});

describe.each(TRANSPORTS)('on the %s transport', (kind) => {
  let nats: TestNatsServer | null = null;
  let transport: TransportSettings = { kind: 'postgres' };
  let relay: OutboxRelay | null = null;
  const sources: EventSource[] = [];

  beforeAll(async () => {
    if (kind !== 'nats') return;
    nats = await startNatsServer();
    // A short ack wait: a delivery lost with a fetch that got no answer comes again within the test.
    transport = { kind: 'nats', nats: { url: nats.url, ackWaitMs: 2000 } };
    relay = await OutboxRelay.open({
      producer: 'membership',
      database: new ScopedDatabase(app),
      listenUrl: appUrl,
      nats: transport.nats,
      batchSize: 4,
      pollIntervalMs: 50,
    });
  });

  afterAll(async () => {
    for (const source of sources) await source.close();
    await relay?.close();
    await nats?.dispose();
  });

  /** A consumer of membership's events on this transport (its name prefixed with the transport's). */
  async function consumerFor(
    name: string,
    options: { handle?: EventHandler; batchSize?: number; pollIntervalMs?: number; listen?: boolean } = {},
  ) {
    const source = await openEventSource({
      producer: 'membership',
      consumer: `${kind}-${name}`,
      database: new ScopedDatabase(app),
      listenUrl: options.listen ? appUrl : null,
      batchSize: options.batchSize ?? 3,
      transport,
    });
    sources.push(source);
    const consumer = new Consumer({
      name: `${kind}-${name}`,
      source,
      database: new ScopedDatabase(app),
      schema: 'kit',
      handle: options.handle ?? record(`${kind}-${name}`),
      batchSize: options.batchSize ?? 3,
      pollIntervalMs: options.pollIntervalMs ?? 50,
    });
    return { consumer, source };
  }

  /** NATS: the relay publishes what the outbox holds (the Postgres transport reads the outbox itself). */
  const deliver = async () => {
    await relay?.drain();
  };
  /** Delivers, then applies everything: the consumer's drain. */
  const drain = async (consumer: Consumer) => {
    await deliver();
    await consumer.drain();
  };
  const appliedBy = (name: string) => applied(`${kind}-${name}`);

  /**
   * Every event in the order a consumer starting from zero gets them: the outbox's (one window,
   * seq order) on Postgres; the stream's on NATS (the relay published them window by window, in
   * commit order: the race above committed A after B).
   */
  async function deliveryOrder(): Promise<string[]> {
    if (!nats) return outbox();
    const nc = await connect({ servers: nats.url });
    try {
      const jsm = await nc.jetstreamManager();
      const stream = natsStreamOf('membership');
      const { state } = await jsm.streams.info(stream);
      const ids: string[] = [];
      for (let seq = state.first_seq; seq <= state.last_seq; seq++) {
        ids.push((JSON.parse((await jsm.streams.getMessage(stream, { seq })).string()) as EventEnvelope).aggregateId);
      }
      return ids;
    } finally {
      await nc.close();
    }
  }

  describe('the outbox race', () => {
    it('never skips it: A appends and stays open, B appends and commits, the consumer runs, A commits: A is applied', async () => {
      const { consumer } = await consumerFor('race');
      await drain(consumer);
      const a = await openTransaction(partnerEvent());
      const [b] = await commit([partnerEvent()]);
      await drain(consumer);
      expect(await appliedBy('race')).toContain(b);
      expect(await appliedBy('race')).not.toContain(a.id);
      await a.commit();
      await drain(consumer);
      const [seqA, seqB] = await seqOf([a.id, b]);
      expect(seqA).toBeLessThan(seqB); // A took its seq first and committed last: the race happened
      const done = await appliedBy('race');
      expect(done).toContain(a.id);
      expect(done.slice(-2)).toEqual([b, a.id]); // in commit order
      expect(new Set(done).size).toBe(done.length);
      expect([...done].sort()).toEqual([...(await outbox())].sort());
    });

    it('delivers a committed event at once, while an older unrelated transaction stays open', async () => {
      const { consumer } = await consumerFor('unrelated');
      await drain(consumer);
      const other = owner.createQueryRunner();
      await other.connect();
      await other.startTransaction();
      try {
        await other.query('SELECT pg_current_xact_id()'); // holds an xid older than the event's: the snapshot's xmin stays behind it
        const [id] = await commit([partnerEvent()]);
        await drain(consumer);
        expect(await appliedBy('unrelated')).toContain(id);
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
      const crashing = await consumerFor('crash', {
        handle: async (em, event) => {
          calls += 1;
          if (calls === 5) throw new Error('crash in the middle of the second batch');
          await record(`${kind}-crash`)(em, event);
        },
      });
      // Drains the events of the earlier tests and of this one, 3 a batch, until the 5th handled event.
      await deliver();
      await expect(crashing.consumer.drain()).rejects.toThrow('crash in the middle');
      expect(calls).toBe(5);
      const [checkpoint] = await owner.query(`SELECT applied_events::int AS n FROM kit.event_checkpoint WHERE consumer = $1`, [
        `${kind}-crash`,
      ]);
      expect(checkpoint.n).toBe(3); // the first batch committed, the second rolled back whole
      expect(await appliedBy('crash')).toHaveLength(3);

      const restarted = await consumerFor('crash');
      await drain(restarted.consumer);
      const done = await appliedBy('crash');
      expect(done).toEqual(await deliveryOrder());
      expect(done).toEqual(expect.arrayContaining(ids));
      expect(new Set(done).size).toBe(done.length);
    });

    it('skips an event it has applied when it is delivered again (a replay from the start)', async () => {
      await commit([partnerEvent(), partnerEvent()]);
      const { consumer } = await consumerFor('replay');
      await drain(consumer);
      const once = await appliedBy('replay');
      expect(once).toEqual(await deliveryOrder());
      await owner.query(`UPDATE kit.event_checkpoint SET position = NULL WHERE consumer = $1`, [`${kind}-replay`]);
      await drain(consumer);
      expect(await appliedBy('replay')).toEqual(once);
      const [row] = await owner.query(`SELECT position FROM kit.event_checkpoint WHERE consumer = $1`, [`${kind}-replay`]);
      expect(row.position).not.toBeNull();
    });

    it('applies each event once, in order, when two processes run the same consumer at the same time', async () => {
      await commit(Array.from({ length: 10 }, partnerEvent));
      await deliver();
      // Two replicas' loops, small batches: they race for every batch.
      const one = await consumerFor('pair', { batchSize: 2, pollIntervalMs: 20 });
      const two = await consumerFor('pair', { batchSize: 2, pollIntervalMs: 20 });
      const all = (await outbox()).length;
      one.consumer.start();
      two.consumer.start();
      try {
        const started = Date.now();
        while ((await appliedBy('pair')).length < all && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 50));
      } finally {
        await one.consumer.stop();
        await two.consumer.stop();
      }
      const done = await appliedBy('pair');
      expect(done).toEqual(await deliveryOrder());
      expect([...done].sort()).toEqual([...(await outbox())].sort());
    });

    it('reports its lag: events committed and not applied, and the age of the oldest', async () => {
      const { consumer } = await consumerFor('lag', { batchSize: 2 });
      await drain(consumer);
      expect((await consumer.status()).lag).toEqual({ events: 0, oldestSeconds: 0 });
      await commit([partnerEvent(), partnerEvent(), partnerEvent()]);
      await owner.query(
        `UPDATE membership.outbox SET occurred_at = now() - interval '90 seconds' WHERE seq = (SELECT max(seq) - 2 FROM membership.outbox)`,
      );
      // NATS: first counted in the outbox (the relay has not published them), then in the stream.
      for (const step of ['committed', 'delivered']) {
        if (step === 'delivered') await deliver();
        const lagging = await consumer.status();
        expect(lagging).toMatchObject({ consumer: `${kind}-lag`, producer: 'membership', lag: { events: 3 }, lastError: null });
        expect(lagging.lag.oldestSeconds).toBeGreaterThanOrEqual(90);
        expect(consumerMetricsText([lagging])).toContain(
          `funds_event_consumer_lag_events{consumer="${kind}-lag",producer="membership"} 3\n`,
        );
      }
      await consumer.runOnce(); // 2 of 3, mid-window
      expect((await consumer.status()).lag.events).toBe(1);
      await drain(consumer);
      expect((await consumer.status()).lag).toEqual({ events: 0, oldestSeconds: 0 });
    });

    it('is woken by the outbox notification (NATS: by the stream), long before its poll interval', async () => {
      const { consumer, source } = await consumerFor('listen', { pollIntervalMs: 60_000, listen: true, batchSize: 50 });
      // NATS: the relay runs in the background (woken by the outbox's notification); the consumer is woken by the stream.
      relay?.start();
      consumer.start();
      try {
        for (let i = 0; i < 100 && (await consumer.status()).lag.events > 0; i++) await new Promise((r) => setTimeout(r, 20));
        await new Promise((r) => setTimeout(r, 200)); // now waiting for a notification
        const [id] = await commit([partnerEvent()]);
        const started = Date.now();
        while (!(await appliedBy('listen')).includes(id) && Date.now() - started < 5000) await new Promise((r) => setTimeout(r, 20));
        expect(await appliedBy('listen')).toContain(id);
        expect(Date.now() - started).toBeLessThan(5000);
      } finally {
        await consumer.stop();
        await relay?.stop();
        await source.close();
      }
    });
  });

  if (kind === 'nats') {
    describe('the relay to JetStream', () => {
      const streamIds = async () => [...(await deliveryOrder())].sort();

      it('has published every outbox event once; publishing all again from zero adds nothing (msg-id dedupe)', async () => {
        await commit([partnerEvent(), partnerEvent()]);
        await deliver();
        expect(await streamIds()).toEqual([...(await outbox())].sort());
        const nc = await connect({ servers: nats!.url });
        try {
          const kv = await nc.jetstream().views.kv('funds_events_relay');
          expect((await kv.get('membership'))?.string()).toMatch(/^\{"from"/);
          await kv.purge('membership'); // the relay's checkpoint lost: it publishes the whole outbox again
          await deliver();
          expect((await kv.get('membership'))?.string()).toMatch(/^\{"from"/);
        } finally {
          await nc.close();
        }
        expect(await streamIds()).toEqual([...(await outbox())].sort());
      });

      it('waits out a broker restart: what committed meanwhile is published once when it is back, and consumed', async () => {
        const { consumer } = await consumerFor('restart');
        await drain(consumer);
        await nats!.stop();
        const ids = await commit([partnerEvent(), partnerEvent(), partnerEvent()]);
        await expect(relay!.runOnce()).rejects.toThrow();
        await expect(consumer.runOnce()).rejects.toThrow();
        await nats!.start();
        const deadline = Date.now() + 15_000;
        for (;;) {
          try {
            await drain(consumer);
            break;
          } catch (error) {
            if (Date.now() > deadline) throw error;
            await new Promise((r) => setTimeout(r, 100));
          }
        }
        expect(await appliedBy('restart')).toEqual(expect.arrayContaining(ids));
        expect(await appliedBy('restart')).toEqual(await deliveryOrder());
        expect(await streamIds()).toEqual([...(await outbox())].sort());
        expect((await consumer.status()).lag).toEqual({ events: 0, oldestSeconds: 0 });
      });
    });
  }
});
