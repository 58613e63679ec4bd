import { Role } from '@funds/auth';
import { Dec } from '@funds/money';
import { GraphQLResult, TestPlatform, failure, ok, raceBehindLock, startTestPlatform } from '../../support/platform';
import { booksProblems, settleBooks } from '../../support/books';
import { Tree, createTree, enrol } from '../../../services/membership/test/support/factories';

/**
 * Money mutations racing each other through the gateway (issue 7, "Safety"), the races made
 * certain with held locks: the owner's connection holds a lock the requests need, releases it only
 * when every request is waiting on it inside its transaction, so they all run the contested part
 * together. Checked by hand to fail without the wall each test names (see each comment).
 */
let p: TestPlatform;
let tree: Tree;
let officer: string;
let amina: string;
let zahra: string;

const DEPOSIT = `mutation($input: MemberMoneyInput!) { deposit(input: $input) { id } }`;
const WITHDRAW = `mutation($input: MemberMoneyInput!) { withdraw(input: $input) { id } }`;
const ACCOUNTS = `query($id: ID!) { node(id: $id) { ... on Member { accounts { savings { amount } available { amount } } } } }`;
const CASH = `query($id: ID!) { node(id: $id) { ... on Fund { books { cash { amount } memberSavings { amount } } } } }`;

let keys = 0;
const money = (query: string, memberId: string, amount: string, idempotencyKey = `race-${++keys}-key`) =>
  p.gql(officer, query, { input: { memberId, amount, idempotencyKey } });
const savingsOf = async (memberId: string) => ok(await p.gql(officer, ACCOUNTS, { id: memberId })).node.accounts.savings.amount as string;
const cash = async () => ok(await p.gql(officer, CASH, { id: tree.fundId })).node.books.cash.amount as string;

/** The id of a member's account (`code`), or the fund's own (no member), as the owner reads it. */
async function accountId(code: string, memberId: string | null): Promise<string> {
  const [row] = await p.membershipDb.query(
    `SELECT id FROM savings_loan.account WHERE fund_id = $1 AND code = $2 AND member_id IS NOT DISTINCT FROM $3`,
    [tree.fundId, code, memberId],
  );
  return row.id;
}

/** Holds `SELECT ... FOR UPDATE` on one account row while the requests start (raceBehindLock). */
const raceBehindRowLock = (account: string, waiters: number, start: () => Promise<GraphQLResult>[]) =>
  raceBehindLock(p, { sql: `SELECT 1 FROM savings_loan.account WHERE id = $1 FOR UPDATE`, params: [account] }, waiters, start);

beforeAll(async () => {
  p = await startTestPlatform();
  tree = await createTree(p);
  amina = ok(await enrol(p, tree.fundId, { groupId: tree.groupId })).enrolMember.id;
  zahra = ok(await enrol(p, tree.fundId, { groupId: tree.groupId })).enrolMember.id;
  await settleBooks(p);
  officer = p.token(Role.FUND_OFFICER, tree.fundId);
});

afterAll(async () => {
  expect(await booksProblems(p)).toEqual([]);
  await p.stop();
});

it('two withdrawals that together exceed her savings, forced to interleave: one succeeds, the other is INSUFFICIENT_SAVINGS', async () => {
  // Walls: the fund's money lock (FUND_MONEY_LOCK: money mutations in a fund run one at a time) and
  // the row lock the withdrawal reads her balance under (lock_accounts). Before the fund lock,
  // this test was run without that row lock: both read 1,000,000 and passed the rule, and the loser
  // was stopped only by the database's CHECK, as INSUFFICIENT_FUNDS instead of INSUFFICIENT_SAVINGS.
  ok(await money(DEPOSIT, amina, '1000000'));
  const savings = await accountId('MEMBER_SAVINGS', amina);
  const results = await raceBehindRowLock(savings, 2, () => [money(WITHDRAW, amina, '600000'), money(WITHDRAW, amina, '600000')]);
  expect(results.map((r) => r.status)).toEqual([200, 200]);
  const won = results.filter((r) => !r.errors);
  const lost = results.filter((r) => r.errors);
  expect(won).toHaveLength(1);
  expect(lost).toHaveLength(1);
  expect(failure(lost[0])).toMatchObject({
    code: 'INSUFFICIENT_SAVINGS',
    field: 'amount',
    details: { savings: '400000', available: '400000', heldAsGuarantee: '0' },
  });
  expect(await savingsOf(amina)).toBe('400000');
  expect(await cash()).toBe('400000');
  const [{ n }] = await p.membershipDb.query(
    `SELECT count(*)::int AS n FROM savings_loan.journal_entry WHERE member_id = $1 AND kind = 'WITHDRAWAL'`,
    [amina],
  );
  expect(n).toBe(1);
});

it('the same deposit sent 6 times at once with one key posts one entry, and every request gets it', async () => {
  // Wall: the key's row is inserted before the work (idempotent()), so a duplicate waits on the
  // first one's uncommitted primary key and then reads its result. Checked by running this test
  // with idempotent() reordered to look the key up, do the work, then insert the key (ON CONFLICT
  // DO NOTHING): behind the same held lock all 6 found no key and posted, 6 entries - so it fails.
  const before = await savingsOf(zahra);
  const input = { memberId: zahra, amount: '250000', idempotencyKey: 'race-duplicate-key-0001' };
  // Every request waits to insert its key (the table is share-locked), then they go at once.
  const results = await raceBehindLock(p, 'savings_loan.idempotency_key', 6, () =>
    Array.from({ length: 6 }, () => p.gql(officer, DEPOSIT, { input })),
  );
  const ids = results.map((r) => ok(r).deposit.id as string);
  expect(new Set(ids).size).toBe(1);
  const [{ n }] = await p.membershipDb.query(
    `SELECT count(*)::int AS n FROM savings_loan.journal_entry WHERE member_id = $1 AND kind = 'DEPOSIT'`,
    [zahra],
  );
  expect(n).toBe(1);
  expect(await savingsOf(zahra)).toBe(new Dec(before).plus(250000).toString());
});

it('a deposit and a withdrawal racing on the fund’s cash: both post, and cash moves by exactly both', async () => {
  // Wall: each posting moves the balance with one UPDATE ... balance + amount under the row's lock
  // (apply_posting), never a value read earlier; a lost update would leave cash off by one of them
  // (and booksProblems would see a balance that is not the sum of its postings).
  const cashBefore = new Dec(await cash());
  const cashAccount = await accountId('CASH', null);
  const results = await raceBehindRowLock(cashAccount, 2, () => [money(DEPOSIT, amina, '300000'), money(WITHDRAW, zahra, '200000')]);
  results.forEach((r) => ok(r));
  expect(await cash()).toBe(cashBefore.plus(100000).toString());
  expect(await savingsOf(amina)).toBe('700000');
  expect(await savingsOf(zahra)).toBe('50000');
});

it('twenty deposits and withdrawals at once on two members: every balance is the sum of what succeeded', async () => {
  // Without the fund's money lock this failed two ways: deadlocks (a withdrawal holds her savings
  // and waits for cash; a deposit holds cash and waits for her savings) surfacing as internal errors
  // once the retries ran out, and a posting numbered before it waited for its account's lock,
  // leaving an account whose last posting's running balance is not its balance (booksProblems).
  let [a, z, c] = [new Dec(await savingsOf(amina)), new Dec(await savingsOf(zahra)), new Dec(await cash())];
  const ops = Array.from({ length: 20 }, (_, i) => ({
    memberId: i % 2 ? amina : zahra,
    query: i % 3 === 0 ? WITHDRAW : DEPOSIT,
    amount: new Dec(10000 * (1 + (i % 5))),
  }));
  const results = await Promise.all(ops.map((o) => money(o.query, o.memberId, String(o.amount))));
  results.forEach((r, i) => {
    if (r.errors) {
      // The only acceptable refusal: a withdrawal beyond her savings at that moment.
      expect(failure(r).code).toBe('INSUFFICIENT_SAVINGS');
      return;
    }
    const moved = ops[i].query === WITHDRAW ? ops[i].amount.negated() : ops[i].amount;
    if (ops[i].memberId === amina) a = a.plus(moved);
    else z = z.plus(moved);
    c = c.plus(moved);
  });
  expect([await savingsOf(amina), await savingsOf(zahra), await cash()]).toEqual([a, z, c].map((d) => d.toString()));
  expect(await booksProblems(p)).toEqual([]);
});
