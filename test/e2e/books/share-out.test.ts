import { Role } from '@funds/auth';
import { TestPlatform, failure, ok, startTestPlatform } from '../../support/platform';
import { booksProblems, settleBooks } from '../../support/books';
import { Tree, createTree, enrol } from '../../../services/membership/test/support/factories';

/**
 * A savings group of Yen Bai (VND, no minor units) shares out a cycle, checked by hand to the dong.
 * Shares at 20,000 VND: A buys 5 + 2, B 3 + 4, C 1 + 2 (17 shares, 340,000 VND); each gives 2,000 to
 * the social fund at both meetings (12,000), which pays C 3,000. A borrows 250,000 over two months
 * at the savings group's 2% a month flat and repays it at once with its 10,000 interest: the
 * cycle's profit. 10,000 × 7/17 = 4,117.6 (A and B), × 3/17 = 1,764.7
 * (C): rounded down 4,117 + 4,117 + 1,764 = 9,998; the 2 dong left go to the largest fractions
 * cut off, C's (.71) then A's (.65, before B's on the tie): A 4,118, B 4,117, C 1,765.
 */
let p: TestPlatform;
let tree: Tree;
let members: string[];
let officer: string;

const CLOSE = `mutation($fundId: ID!, $closedOn: String, $key: String!) { closeCycle(fundId: $fundId, closedOn: $closedOn, idempotencyKey: $key) {
  id number startedAfter closedOn profit { amount currency } shares paidOut { amount }
  lines { memberId shares sharesValue { amount } profit { amount } paid { amount } }
  entry { kind valueDate postings { account { code memberId } debit { amount } credit { amount } } }
} }`;
const BOOKS = `query($id: ID!) { node(id: $id) { ... on Fund { books { cash { amount currency } memberShares { amount } socialFund { amount }
  cycles { id number closedOn lines { memberId paid { amount } } } } } } }`;
const RECORD = `mutation($input: MeetingInput!) { recordMeeting(input: $input) { id } }`;

const vnId = () => `015190${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;

beforeAll(async () => {
  // Business dates from a fixed clock: today is 2026-11-20 in Vietnam.
  p = await startTestPlatform({ clock: { now: () => new Date('2026-11-20T08:00:00Z') } });
  tree = await createTree(p, { country: 'VN', methodology: 'SAVINGS_GROUP' });
  members = [];
  for (let i = 0; i < 3; i++) members.push(ok(await enrol(p, tree.fundId, { groupId: tree.groupId, nationalId: vnId() })).enrolMember.id);
  members.sort();
  await settleBooks(p);
  officer = p.token(Role.FUND_OFFICER, tree.fundId);
});

afterAll(async () => {
  expect(await booksProblems(p)).toEqual([]);
  await p.stop();
});

it('without terms there is nothing to share out', async () => {
  expect(failure(await p.gql(officer, CLOSE, { fundId: tree.fundId, closedOn: '2026-10-01', key: 'cycle-none-1' }))).toMatchObject({
    code: 'SAVINGS_TERMS_NOT_SET',
  });
  ok(
    await p.gql(p.national, `mutation($input: SavingsTermsInput!) { setSavingsTerms(input: $input) { maxSharesPerMeeting } }`, {
      input: { fundId: tree.fundId, shareValue: '20000', maxSharesPerMeeting: 5, socialFundPerMeeting: '2000' },
    }),
  );
  expect(failure(await p.gql(officer, CLOSE, { fundId: tree.fundId, closedOn: '2026-10-01', key: 'cycle-none-2' }))).toMatchObject({
    code: 'CYCLE_WITHOUT_SHARES',
  });
});

it('the cycle: two meetings, a social fund payout, a loan repaid with interest', async () => {
  const [a, b, c] = members;
  const meeting = (meetingId: string, heldOn: string, shares: number[]) =>
    p.gql(officer, RECORD, {
      input: {
        meetingId,
        groupId: tree.groupId,
        heldOn,
        lines: [a, b, c].map((memberId, i) => ({ memberId, shares: shares[i], socialFund: '2000' })),
      },
    });
  ok(await meeting('0193a000-0000-7000-8000-00000000f001', '2026-10-05', [5, 3, 1]));
  ok(await meeting('0193a000-0000-7000-8000-00000000f002', '2026-10-19', [2, 4, 2]));
  ok(
    await p.gql(officer, `mutation($input: SocialFundInput!) { payFromSocialFund(input: $input) { id } }`, {
      input: { memberId: c, amount: '3000', valueDate: '2026-10-20', idempotencyKey: 'cycle-social-1' },
    }),
  );
  const product = ok(await p.gql(p.national, `mutation($f: ID!) { createLoanProduct(fundId: $f, input: {}) { id } }`, { f: tree.fundId }))
    .createLoanProduct.id;
  const loan = ok(
    await p.gql(officer, `mutation($input: ApplyForLoanInput!) { applyForLoan(input: $input) { id } }`, {
      input: { memberId: a, productId: product, principal: '250000', termMonths: 2 },
    }),
  ).applyForLoan.id;
  ok(await p.gql(officer, `mutation($id: ID!) { approveLoan(loanId: $id) { id } }`, { id: loan }));
  ok(
    await p.gql(officer, `mutation($input: LoanMoneyInput!) { disburseLoan(input: $input) { id } }`, {
      input: { loanId: loan, idempotencyKey: 'cycle-disburse-1' },
    }),
  );
  expect(failure(await p.gql(officer, CLOSE, { fundId: tree.fundId, closedOn: '2026-11-20', key: 'cycle-open-1' }))).toMatchObject({
    code: 'CYCLE_HAS_OPEN_LOANS',
    details: { openLoans: 1 },
  });
  ok(
    await p.gql(officer, `mutation($input: RepayLoanInput!) { repayLoan(input: $input) { status } }`, {
      input: { loanId: loan, amount: '260000', idempotencyKey: 'cycle-repay-1' },
    }),
  );
  expect(ok(await p.gql(officer, BOOKS, { id: tree.fundId })).node.books).toMatchObject({
    cash: { amount: '359000', currency: 'VND' },
    memberShares: { amount: '340000' },
    socialFund: { amount: '9000' },
  });
});

it('closes the cycle and shares out to the dong; the social fund carries over', async () => {
  const [a, b, c] = members;
  const cycle = ok(await p.gql(officer, CLOSE, { fundId: tree.fundId, closedOn: '2026-11-20', key: 'cycle-close-1' })).closeCycle;
  expect(cycle).toMatchObject({
    number: 1,
    startedAfter: null,
    closedOn: '2026-11-20',
    profit: { amount: '10000', currency: 'VND' },
    shares: 17,
    paidOut: { amount: '350000' },
  });
  expect(cycle.lines).toEqual([
    { memberId: a, shares: 7, sharesValue: { amount: '140000' }, profit: { amount: '4118' }, paid: { amount: '144118' } },
    { memberId: b, shares: 7, sharesValue: { amount: '140000' }, profit: { amount: '4117' }, paid: { amount: '144117' } },
    { memberId: c, shares: 3, sharesValue: { amount: '60000' }, profit: { amount: '1765' }, paid: { amount: '61765' } },
  ]);
  expect(cycle.entry).toMatchObject({ kind: 'SHARE_OUT', valueDate: '2026-11-20' });
  expect(cycle.entry.postings).toEqual(
    expect.arrayContaining([
      { account: { code: 'MEMBER_SHARES', memberId: a }, debit: { amount: '140000' }, credit: null },
      { account: { code: 'RETAINED_EARNINGS', memberId: null }, debit: { amount: '10000' }, credit: null },
      { account: { code: 'CASH', memberId: null }, debit: null, credit: { amount: '350000' } },
    ]),
  );
  const books = ok(await p.gql(officer, BOOKS, { id: tree.fundId })).node.books;
  expect(books).toMatchObject({ cash: { amount: '9000' }, memberShares: { amount: '0' }, socialFund: { amount: '9000' } });
  expect(books.cycles).toEqual([
    {
      id: cycle.id,
      number: 1,
      closedOn: '2026-11-20',
      lines: cycle.lines.map((l: { memberId: string; paid: unknown }) => ({ memberId: l.memberId, paid: l.paid })),
    },
  ]);
  // Sent again: the same cycle, nothing posted; another close on or before it is refused.
  const again = ok(await p.gql(officer, CLOSE, { fundId: tree.fundId, closedOn: '2026-11-20', key: 'cycle-close-1' })).closeCycle;
  expect(again.id).toBe(cycle.id);
  expect(failure(await p.gql(officer, CLOSE, { fundId: tree.fundId, closedOn: '2026-11-20', key: 'cycle-close-2' }))).toMatchObject({
    code: 'CYCLE_ALREADY_CLOSED',
    field: 'closedOn',
    details: { lastClosedOn: '2026-11-20' },
  });
});

it("reporting's return on savings: the cycle's profit over the shares it held, in years", async () => {
  // Shares bought on 10-05 (9 x 20,000 = 180,000) and 10-19 (8 x 20,000 = 160,000), shared out on 11-20:
  // 180,000 x 46 days + 160,000 x 32 days = 13,400,000 share-days = 36,712.3288 share-years (to 4 places).
  // 10,000 profit x 365 / 13,400,000 = 0.27238805970... -> 0.2723880597 a year.
  await p.reportingSettled();
  const ROS = `query($id: ID!, $from: String) { node(id: $id) { ... on Fund { portfolio(periodFrom: $from) { currencies {
    currency returnOnSavings { ratio numerator { amount currency } denominator { amount } definition { name version } }
    sharesBalance { value { amount } definition { name } } socialFund { value { amount } definition { name } } } } } } }`;
  const [vnd] = ok(await p.gql(p.national, ROS, { id: tree.fundId, from: '2026-10-01' })).node.portfolio.currencies;
  expect(vnd.returnOnSavings).toEqual({
    ratio: '0.2723880597',
    numerator: { amount: '10000', currency: 'VND' },
    denominator: { amount: '36712.3288' },
    definition: { name: 'RETURN_ON_SAVINGS', version: 1 },
  });
  // No cycle closed in November before the 20th: nothing to rate.
  const [before] = ok(
    await p.gql(p.national, ROS.replace('portfolio(periodFrom: $from)', 'portfolio(asOf: "2026-11-19", periodFrom: $from)'), {
      id: tree.fundId,
      from: '2026-11-01',
    }),
  ).node.portfolio.currencies;
  expect(before.returnOnSavings.ratio).toBeNull();
  // The day before the share-out the group held its 340,000 of shares and a social fund of 12,000 - 3,000; after it, no shares.
  expect([before.sharesBalance, before.socialFund]).toEqual([
    { value: { amount: '340000' }, definition: { name: 'SHARES_BALANCE' } },
    { value: { amount: '9000' }, definition: { name: 'SOCIAL_FUND' } },
  ]);
  expect([vnd.sharesBalance.value.amount, vnd.socialFund.value.amount]).toEqual(['0', '9000']);
});

it("a regional admin of another county sees none of it; viewers do not read members' share-outs", async () => {
  const other = await createTree(p, { country: 'VN' });
  await settleBooks(p);
  const stranger = p.token(Role.REGIONAL_ADMIN, other.countyId);
  expect(failure(await p.gql(stranger, CLOSE, { fundId: tree.fundId, closedOn: '2026-11-21', key: 'cycle-stranger-1' }))).toMatchObject({
    code: 'NOT_FOUND',
    field: 'fundId',
  });
  expect(ok(await p.gql(stranger, BOOKS, { id: tree.fundId })).node).toBeNull();
  const viewer = p.token(Role.DASHBOARD_VIEWER, tree.countyId);
  expect(failure(await p.gql(viewer, BOOKS, { id: tree.fundId }))).toMatchObject({ code: 'FORBIDDEN' });
});
