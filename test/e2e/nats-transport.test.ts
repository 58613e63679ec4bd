import { randomUUID } from 'node:crypto';
import { connect } from 'nats';
import { Role } from '@funds/auth';
import { natsStreamOf } from '@funds/events';
import { TestNatsServer, natsServerAvailable, startNatsServer } from '@funds/testing';
import { reconcileReporting } from '../../services/reporting/src/modules/operations/reconcile';
import { TestPlatform, ok, startTestPlatform } from '../support/platform';
import { booksProblems } from '../support/books';
import { Tree, createTree, enrol } from '../../services/membership/test/support/factories';

/**
 * The platform with its events on NATS JetStream (EVENTS_TRANSPORT=nats, issue 9): membership and
 * savings-loan relay their outboxes to a real `nats-server -js` (on a free loopback port),
 * savings-loan's and reporting's consumers read the streams; what is done through the gateway
 * reaches the books' reference tables and reporting's read models, and each consumer's lag (and
 * each relay's backlog) is on /health and /metrics, also while the broker is down.
 * Locally a missing nats-server skips the file with a notice; CI installs it and always runs it.
 */
const describeNats = natsServerAvailable || process.env.CI ? describe : describe.skip;
if (!natsServerAvailable && !process.env.CI) console.warn('NATS platform tests skipped: no nats-server (apt-get install nats-server)');

const DEPOSIT = `mutation($input: MemberMoneyInput!) { deposit(input: $input) { id } }`;
const today = '2026-06-10';
const clock = { now: () => new Date(`${today}T08:00:00Z`) };

type Lag = { consumer: string; producer: string; lag: { events: number; oldestSeconds: number } | null; lastError: string | null };
const base = (graphqlUrl: string) => graphqlUrl.replace(/\/graphql$/, '');
const health = async (graphqlUrl: string) =>
  (await (await fetch(`${base(graphqlUrl)}/health`)).json()) as { events?: Lag[]; relay?: Lag[] };
const metrics = async (graphqlUrl: string) => (await fetch(`${base(graphqlUrl)}/metrics`)).text();

describeNats('the platform with events on NATS JetStream', () => {
  let nats: TestNatsServer;
  let p: TestPlatform;
  let tree: Tree;
  let officer: string;
  const members: string[] = [];

  beforeAll(async () => {
    nats = await startNatsServer();
    p = await startTestPlatform({ clock, natsUrl: nats.url });
    tree = await createTree(p);
    for (let i = 0; i < 3; i++) members.push(ok(await enrol(p, tree.fundId, { groupId: tree.groupId })).enrolMember.id);
    await p.eventsSettled();
    officer = p.token(Role.FUND_OFFICER, tree.fundId);
  });

  afterAll(async () => {
    expect(await booksProblems(p)).toEqual([]);
    await p.stop();
    await nats.dispose();
  });

  async function streamMessages(producer: string): Promise<number> {
    const nc = await connect({ servers: nats.url });
    try {
      return (await (await nc.jetstreamManager()).streams.info(natsStreamOf(producer))).state.messages;
    } finally {
      await nc.close();
    }
  }

  it("carries membership's and the books' events through the streams: once each, read models equal to the ledger", async () => {
    for (const memberId of members)
      ok(await p.gql(officer, DEPOSIT, { input: { memberId, amount: '2000000', idempotencyKey: randomUUID() } }));
    await p.reportingSettled();
    const [{ membership, books }] = await p.membershipDb.query(
      `SELECT (SELECT count(*)::int FROM membership.outbox) AS membership, (SELECT count(*)::int FROM savings_loan.outbox) AS books`,
    );
    expect(books).toBeGreaterThanOrEqual(3);
    expect(await streamMessages('membership')).toBe(membership);
    expect(await streamMessages('savings-loan')).toBe(books);
    const [{ applied }] = await p.membershipDb.query(
      `SELECT count(*)::int AS applied FROM reporting.applied_event WHERE consumer = 'reporting.books'`,
    );
    expect(applied).toBe(books);
    expect((await reconcileReporting(p.membershipDb)).differences).toEqual([]);
  });

  it("tells each consumer's lag and each relay's backlog on /health and /metrics, also while the broker is down", async () => {
    const settled = { lag: { events: 0, oldestSeconds: 0 }, lastError: null };
    expect((await health(p.reportingUrl)).events).toEqual([
      { consumer: 'reporting.membership', producer: 'membership', ...settled },
      { consumer: 'reporting.books', producer: 'savings-loan', ...settled },
    ]);
    expect(await health(p.membershipUrl)).toMatchObject({ relay: [{ consumer: 'nats-relay.membership', ...settled }] });
    expect(await health(p.savingsLoanUrl)).toMatchObject({
      events: [{ consumer: 'savings-loan.reference', producer: 'membership', ...settled }],
      relay: [{ consumer: 'nats-relay.savings-loan', producer: 'savings-loan', ...settled }],
    });
    expect(await metrics(p.reportingUrl)).toContain(
      'funds_event_consumer_lag_events{consumer="reporting.books",producer="savings-loan"} 0\n',
    );
    expect(await metrics(p.savingsLoanUrl)).toContain(
      'funds_event_consumer_lag_events{consumer="nats-relay.savings-loan",producer="savings-loan"} 0\n',
    );

    await nats.stop();
    try {
      // The books take the deposit (the outbox is in their transaction); the relay cannot publish it.
      ok(await p.gql(officer, DEPOSIT, { input: { memberId: members[0], amount: '500000', idempotencyKey: randomUUID() } }));
      const down = await health(p.savingsLoanUrl);
      expect(down.relay).toEqual([
        expect.objectContaining({ consumer: 'nats-relay.savings-loan', lag: expect.objectContaining({ events: 1 }) }),
      ]);
      expect(await metrics(p.savingsLoanUrl)).toContain(
        'funds_event_consumer_lag_events{consumer="nats-relay.savings-loan",producer="savings-loan"} 1\n',
      );
      // reporting cannot read the stream: said, not a failed health check.
      const reportingDown = await fetch(`${base(p.reportingUrl)}/health`);
      expect(reportingDown.status).toBe(200);
      const books = ((await reportingDown.json()) as { events: Lag[] }).events.find((c) => c.consumer === 'reporting.books');
      expect(books).toMatchObject({ lag: null, lastError: expect.any(String) });
    } finally {
      await nats.start();
    }
    await p.reportingSettled(20_000);
    expect((await reconcileReporting(p.membershipDb)).differences).toEqual([]);
    expect((await health(p.savingsLoanUrl)).relay).toEqual([expect.objectContaining({ lag: { events: 0, oldestSeconds: 0 } })]);
  });
});
