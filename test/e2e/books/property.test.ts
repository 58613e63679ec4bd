import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Role } from '@funds/auth';
import { Dec } from '@funds/money';
import { TestPlatform, failure, ok, startTestPlatform } from '../../support/platform';
import { booksProblems, settleBooks } from '../../support/books';
import { Tree, createTree, enrol } from '../../../services/membership/test/support/factories';

/**
 * Random sequences of money operations through the gateway against a small in-memory model of the
 * balances they must leave (issue 7, "Tests"): deposits, withdrawals (refused beyond her savings),
 * share purchases (at the share value, at most five per member in one meeting), social fund
 * contributions and payouts (refused beyond what it holds), and resends of an earlier request with
 * its key (the first result again, nothing posted). Every operation's outcome - posted, or the
 * refusal code the model predicts - and every balance afterwards must match the model. On a
 * failure fast-check prints the seed and the shrunk sequence; rerun one with FC_SEED=<seed>.
 */
const SHARE_VALUE = 50000;
const MAX_SHARES = 5;
const MEMBERS = 3;

type Op =
  | { kind: 'deposit' | 'withdraw'; member: number; amount: number }
  | { kind: 'buyShares'; member: number; shares: number; meeting: number }
  | { kind: 'contribute' | 'payout'; member: number; amount: number }
  | { kind: 'resend'; back: number };

interface Model {
  savings: Dec[];
  shares: Dec[];
  social: Dec;
  cash: Dec;
  /** Shares each member bought in each of this run's meetings. */
  bought: Map<string, number>;
}

const amount = fc.integer({ min: 1, max: 60 }).map((n) => n * 10000);
const member = fc.integer({ min: 0, max: MEMBERS - 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('deposit' as const), member, amount }),
  fc.record({ kind: fc.constant('withdraw' as const), member, amount }),
  fc.record({
    kind: fc.constant('buyShares' as const),
    member,
    shares: fc.integer({ min: 1, max: 6 }),
    meeting: fc.integer({ min: 0, max: 1 }),
  }),
  fc.record({ kind: fc.constant('contribute' as const), member, amount }),
  fc.record({ kind: fc.constant('payout' as const), member, amount }),
  fc.record({ kind: fc.constant('resend' as const), back: fc.integer({ min: 1, max: 4 }) }),
);

const MUTATION: Record<Exclude<Op['kind'], 'resend'>, string> = {
  deposit: `mutation($input: MemberMoneyInput!) { result: deposit(input: $input) { id } }`,
  withdraw: `mutation($input: MemberMoneyInput!) { result: withdraw(input: $input) { id } }`,
  buyShares: `mutation($input: BuySharesInput!) { result: buyShares(input: $input) { id } }`,
  contribute: `mutation($input: SocialFundInput!) { result: contributeToSocialFund(input: $input) { id } }`,
  payout: `mutation($input: SocialFundInput!) { result: payFromSocialFund(input: $input) { id } }`,
};
const MEMBER = `query($id: ID!) { node(id: $id) { ... on Member { accounts { savings { amount } shares { amount } } } } }`;
const FUND = `query($id: ID!) { node(id: $id) { ... on Fund { books { cash { amount } socialFund { amount } memberSavings { amount } memberShares { amount } } } } }`;

let p: TestPlatform;
let tree: Tree;
let officer: string;
const members: string[] = [];

beforeAll(async () => {
  p = await startTestPlatform();
  tree = await createTree(p, { methodology: 'SAVINGS_GROUP' });
  for (let i = 0; i < MEMBERS; i++) members.push(ok(await enrol(p, tree.fundId, { groupId: tree.groupId })).enrolMember.id);
  await settleBooks(p);
  officer = p.token(Role.FUND_OFFICER, tree.fundId);
  const admin = p.token(Role.REGIONAL_ADMIN, tree.countyId);
  ok(
    await p.gql(admin, `mutation($input: SavingsTermsInput!) { setSavingsTerms(input: $input) { setAt } }`, {
      input: { fundId: tree.fundId, shareValue: String(SHARE_VALUE), maxSharesPerMeeting: MAX_SHARES, socialFundPerMeeting: '10000' },
    }),
  );
});

afterAll(async () => {
  expect(await booksProblems(p)).toEqual([]);
  await p.stop();
});

/** The balances as the gateway reports them, in the model's shape. */
async function observed(): Promise<Omit<Model, 'bought'>> {
  const accounts = await Promise.all(members.map(async (id) => ok(await p.gql(officer, MEMBER, { id })).node.accounts));
  const books = ok(await p.gql(officer, FUND, { id: tree.fundId })).node.books;
  return {
    savings: accounts.map((a) => new Dec(a.savings.amount)),
    shares: accounts.map((a) => new Dec(a.shares.amount)),
    social: new Dec(books.socialFund.amount),
    cash: new Dec(books.cash.amount),
  };
}

const show = (m: Omit<Model, 'bought'>) => ({
  savings: m.savings.map(String),
  shares: m.shares.map(String),
  social: String(m.social),
  cash: String(m.cash),
});

/** Applies an operation to the model: the refusal code it predicts, or null when it posts. */
function predict(m: Model, o: Exclude<Op, { kind: 'resend' }>, meetings: string[]): string | null {
  switch (o.kind) {
    case 'deposit':
      m.savings[o.member] = m.savings[o.member].plus(o.amount);
      m.cash = m.cash.plus(o.amount);
      return null;
    case 'withdraw':
      if (m.savings[o.member].lessThan(o.amount)) return 'INSUFFICIENT_SAVINGS';
      m.savings[o.member] = m.savings[o.member].minus(o.amount);
      m.cash = m.cash.minus(o.amount);
      return null;
    case 'buyShares': {
      const key = `${o.member}/${meetings[o.meeting]}`;
      const already = m.bought.get(key) ?? 0;
      if (already + o.shares > MAX_SHARES) return 'SHARE_LIMIT_PER_MEETING';
      m.bought.set(key, already + o.shares);
      m.shares[o.member] = m.shares[o.member].plus(o.shares * SHARE_VALUE);
      m.cash = m.cash.plus(o.shares * SHARE_VALUE);
      return null;
    }
    case 'contribute':
      m.social = m.social.plus(o.amount);
      m.cash = m.cash.plus(o.amount);
      return null;
    case 'payout':
      if (m.social.lessThan(o.amount)) return 'INSUFFICIENT_SOCIAL_FUND';
      m.social = m.social.minus(o.amount);
      m.cash = m.cash.minus(o.amount);
      return null;
  }
}

function inputOf(o: Exclude<Op, { kind: 'resend' }>, meetings: string[], idempotencyKey: string): Record<string, unknown> {
  const memberId = members[o.member];
  if (o.kind === 'buyShares') return { memberId, shares: o.shares, meetingId: meetings[o.meeting], idempotencyKey };
  return { memberId, amount: String(o.amount), idempotencyKey };
}

it('random sequences of deposits, withdrawals, shares, social fund and resends leave exactly the modelled balances', async () => {
  const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
      const start = await observed();
      const model: Model = { ...start, savings: [...start.savings], shares: [...start.shares], bought: new Map() };
      const meetings = [randomUUID(), randomUUID()];
      const sent: { op: Exclude<Op, { kind: 'resend' }>; input: Record<string, unknown>; id: string | null }[] = [];
      for (const o of ops) {
        const resend = o.kind === 'resend' ? sent[sent.length - o.back] : undefined;
        if (o.kind === 'resend' && !resend) continue;
        const step = resend ?? { op: o as Exclude<Op, { kind: 'resend' }>, input: {}, id: null };
        if (!resend) step.input = inputOf(step.op, meetings, randomUUID());
        const result = await p.gql(officer, MUTATION[step.op.kind], { input: step.input });
        if (step.id) {
          // The same request with the same key after it posted: its entry again, nothing posted.
          expect(ok(result).result.id).toBe(step.id);
          continue;
        }
        // A new request, or the resend of a refused one (a refusal rolls its key back with
        // everything else, so the resend is decided afresh against the balances of now).
        const expected = predict(model, step.op, meetings);
        if (expected === null) step.id = ok(result).result.id;
        else expect(failure(result).code).toBe(expected);
        if (!resend) sent.push(step);
      }
      const after = await observed();
      expect(show(after)).toEqual(show(model));
      const books = ok(await p.gql(officer, FUND, { id: tree.fundId })).node.books;
      expect(books.memberSavings.amount).toBe(String(model.savings.reduce((a, b) => a.plus(b), new Dec(0))));
      expect(books.memberShares.amount).toBe(String(model.shares.reduce((a, b) => a.plus(b), new Dec(0))));
    }),
    { numRuns: 40, seed, verbose: 1 },
  );
}, 300_000);
