import { Role } from '@funds/auth';
import { TestPlatform, failure, ok, startTestPlatform } from '../../support/platform';
import { booksProblems, settleBooks } from '../../support/books';
import { Tree, createTree, enrol } from '../../../services/membership/test/support/factories';

let p: TestPlatform;
let tree: Tree;
let amina: string;
let zahra: string;
let officer: string;
let admin: string;

const TERMS = `mutation($input: SavingsTermsInput!) { setSavingsTerms(input: $input) { shareValue { amount currency } maxSharesPerMeeting socialFundPerMeeting { amount } setAt } }`;
const BUY = `mutation($input: BuySharesInput!) { buyShares(input: $input) { id kind memo meetingId postings { account { code memberId } debit { amount } credit { amount } } } }`;
const CONTRIBUTE = `mutation($input: SocialFundInput!) { contributeToSocialFund(input: $input) { id kind postings { account { code } debit { amount } credit { amount } } } }`;
const PAY = `mutation($input: SocialFundInput!) { payFromSocialFund(input: $input) { id kind } }`;
const BOOKS = `query($id: ID!) { node(id: $id) { ... on Fund { books { cash { amount } memberShares { amount } socialFund { amount } savingsTerms { shareValue { amount } maxSharesPerMeeting socialFundPerMeeting { amount currency } } } } } }`;
const SHARES = `query($id: ID!) { node(id: $id) { ... on Member { accounts { shares { amount } } } } }`;

const terms = (overrides: Record<string, unknown> = {}) => ({
  fundId: tree.fundId,
  shareValue: '50000',
  maxSharesPerMeeting: 5,
  socialFundPerMeeting: '10000',
  ...overrides,
});

beforeAll(async () => {
  p = await startTestPlatform();
  tree = await createTree(p, { methodology: 'SAVINGS_GROUP' });
  amina = ok(await enrol(p, tree.fundId, { groupId: tree.groupId })).enrolMember.id;
  zahra = ok(await enrol(p, tree.fundId, { groupId: tree.groupId })).enrolMember.id;
  await settleBooks(p);
  officer = p.token(Role.FUND_OFFICER, tree.fundId);
  admin = p.token(Role.REGIONAL_ADMIN, tree.countyId);
});

afterAll(async () => {
  expect(await booksProblems(p)).toEqual([]);
  await p.stop();
});

it('without terms a share purchase is refused', async () => {
  expect(failure(await p.gql(officer, BUY, { input: { memberId: amina, shares: 1, idempotencyKey: 'shares-none-1' } }))).toMatchObject({
    code: 'SAVINGS_TERMS_NOT_SET',
    field: 'shares',
  });
  expect(ok(await p.gql(officer, BOOKS, { id: tree.fundId })).node.books.savingsTerms).toBeNull();
});

it("the fund's admins set the terms; its officer may not", async () => {
  expect(failure(await p.gql(officer, TERMS, { input: terms() }))).toMatchObject({ code: 'FORBIDDEN' });
  const set = ok(await p.gql(admin, TERMS, { input: terms() })).setSavingsTerms;
  expect(set).toMatchObject({
    shareValue: { amount: '50000', currency: 'IRR' },
    maxSharesPerMeeting: 5,
    socialFundPerMeeting: { amount: '10000' },
  });
  expect(failure(await p.gql(admin, TERMS, { input: terms({ maxSharesPerMeeting: 0 }) }))).toMatchObject({
    code: 'INVALID_INPUT',
    field: 'maxSharesPerMeeting',
  });
  expect(failure(await p.gql(admin, TERMS, { input: terms({ shareValue: '0' }) }))).toMatchObject({
    code: 'INVALID_AMOUNT',
    field: 'shareValue',
  });
  expect(ok(await p.gql(officer, BOOKS, { id: tree.fundId })).node.books.savingsTerms).toEqual({
    shareValue: { amount: '50000' },
    maxSharesPerMeeting: 5,
    socialFundPerMeeting: { amount: '10000', currency: 'IRR' },
  });
});

it('shares are bought at the share value, at most five in one meeting', async () => {
  const meetingId = '0193a000-0000-7000-8000-00000000a001';
  const entry = ok(
    await p.gql(officer, BUY, { input: { memberId: amina, shares: 3, meetingId, idempotencyKey: 'shares-buy-1' } }),
  ).buyShares;
  expect(entry).toMatchObject({ kind: 'SHARE_PURCHASE', meetingId, memo: '3 × 50000' });
  expect(entry.postings).toEqual(
    expect.arrayContaining([
      { account: { code: 'CASH', memberId: null }, debit: { amount: '150000' }, credit: null },
      { account: { code: 'MEMBER_SHARES', memberId: amina }, debit: null, credit: { amount: '150000' } },
    ]),
  );
  const refused = failure(await p.gql(officer, BUY, { input: { memberId: amina, shares: 3, meetingId, idempotencyKey: 'shares-buy-2' } }));
  expect(refused).toMatchObject({
    code: 'SHARE_LIMIT_PER_MEETING',
    field: 'shares',
    details: { maxSharesPerMeeting: 5, alreadyBought: 3, asked: 3 },
  });
  ok(await p.gql(officer, BUY, { input: { memberId: amina, shares: 2, meetingId, idempotencyKey: 'shares-buy-3' } }));
  // Another meeting starts afresh; six at once is refused anywhere.
  expect(failure(await p.gql(officer, BUY, { input: { memberId: zahra, shares: 6, idempotencyKey: 'shares-buy-4' } }))).toMatchObject({
    code: 'SHARE_LIMIT_PER_MEETING',
  });
  const dated = ok(
    await p.gql(officer, BUY, {
      input: { memberId: zahra, shares: 4, valueDate: '2026-11-02', memo: 'weekly', idempotencyKey: 'shares-buy-5' },
    }),
  ).buyShares;
  expect(dated).toMatchObject({ memo: 'weekly', meetingId: null });
  expect(failure(await p.gql(officer, BUY, { input: { memberId: zahra, shares: 0, idempotencyKey: 'shares-buy-6' } }))).toMatchObject({
    code: 'INVALID_INPUT',
    field: 'shares',
  });
  expect(ok(await p.gql(officer, SHARES, { id: amina })).node.accounts.shares).toEqual({ amount: '250000' });
  expect(ok(await p.gql(officer, SHARES, { id: zahra })).node.accounts.shares).toEqual({ amount: '200000' });
});

it('purchases racing in one meeting never pass the per-meeting maximum together', async () => {
  const racer = ok(await enrol(p, tree.fundId, { groupId: tree.groupId })).enrolMember.id;
  await settleBooks(p);
  const meetingId = '0193a000-0000-7000-8000-00000000a003';
  const results = await Promise.all(
    [1, 2, 3, 4, 5].map((n) =>
      p.gql(officer, BUY, { input: { memberId: racer, shares: 3, meetingId, idempotencyKey: `shares-race-${n}` } }),
    ),
  );
  expect(results.filter((r) => !r.errors).length).toBe(1);
  expect(results.filter((r) => r.errors).map((r) => r.errors![0].extensions?.code)).toEqual(Array(4).fill('SHARE_LIMIT_PER_MEETING'));
  expect(ok(await p.gql(officer, SHARES, { id: racer })).node.accounts.shares).toEqual({ amount: '150000' });
});

it('the share value does not change while members hold shares', async () => {
  expect(failure(await p.gql(admin, TERMS, { input: terms({ shareValue: '60000' }) }))).toMatchObject({
    code: 'SHARE_VALUE_LOCKED',
    field: 'shareValue',
  });
  ok(await p.gql(admin, TERMS, { input: terms({ maxSharesPerMeeting: 4 }) }));
  ok(await p.gql(admin, TERMS, { input: terms() }));
});

it('the social fund takes the per-meeting contribution and pays no more than it holds', async () => {
  const first = ok(await p.gql(officer, CONTRIBUTE, { input: { memberId: amina, idempotencyKey: 'social-in-1' } })).contributeToSocialFund;
  expect(first.postings).toEqual(
    expect.arrayContaining([
      { account: { code: 'CASH' }, debit: { amount: '10000' }, credit: null },
      { account: { code: 'SOCIAL_FUND' }, debit: null, credit: { amount: '10000' } },
    ]),
  );
  ok(
    await p.gql(officer, CONTRIBUTE, {
      input: { memberId: zahra, amount: '15000', meetingId: '0193a000-0000-7000-8000-00000000a002', idempotencyKey: 'social-in-2' },
    }),
  );
  const refused = failure(await p.gql(officer, PAY, { input: { memberId: zahra, amount: '25001', idempotencyKey: 'social-out-1' } }));
  expect(refused).toMatchObject({ code: 'INSUFFICIENT_SOCIAL_FUND', field: 'amount', details: { available: '25000' } });
  expect(failure(await p.gql(officer, PAY, { input: { memberId: zahra, idempotencyKey: 'social-out-2' } }))).toMatchObject({
    code: 'INVALID_AMOUNT',
  });
  const paid = ok(
    await p.gql(officer, PAY, { input: { memberId: zahra, amount: '20000', memo: 'medical', idempotencyKey: 'social-out-3' } }),
  );
  expect(paid.payFromSocialFund.kind).toBe('SOCIAL_FUND_PAYOUT');
  const again = ok(
    await p.gql(officer, PAY, { input: { memberId: zahra, amount: '20000', memo: 'medical', idempotencyKey: 'social-out-3' } }),
  );
  expect(again.payFromSocialFund.id).toBe(paid.payFromSocialFund.id);
  expect(ok(await p.gql(officer, BOOKS, { id: tree.fundId })).node.books).toMatchObject({
    cash: { amount: '605000' },
    memberShares: { amount: '600000' },
    socialFund: { amount: '5000' },
  });
});

it("another county's admin sees no terms and buys nothing", async () => {
  const other = await createTree(p);
  await settleBooks(p);
  const stranger = p.token(Role.REGIONAL_ADMIN, other.countyId);
  expect(failure(await p.gql(stranger, BUY, { input: { memberId: amina, shares: 1, idempotencyKey: 'stranger-shares-1' } }))).toMatchObject(
    {
      code: 'NOT_FOUND',
      field: 'memberId',
    },
  );
  expect(failure(await p.gql(stranger, TERMS, { input: terms() }))).toMatchObject({ code: 'NOT_FOUND', field: 'fundId' });
  expect(ok(await p.gql(stranger, BOOKS, { id: tree.fundId })).node).toBeNull();
});
