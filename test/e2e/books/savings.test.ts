import { Role } from '@funds/auth';
import { TestPlatform, failure, ok, startTestPlatform } from '../../support/platform';
import { booksProblems, settleBooks } from '../../support/books';
import { Tree, createTree, enrol } from '../../../services/membership/test/support/factories';

let p: TestPlatform;
let tree: Tree;
let memberId: string;
let officer: string;

const DEPOSIT = `mutation($input: MemberMoneyInput!) { deposit(input: $input) { id kind valueDate postings { account { code memberId } debit { amount currency } credit { amount } } } }`;
const WITHDRAW = `mutation($input: MemberMoneyInput!) { withdraw(input: $input) { id kind } }`;
const ACCOUNTS = `query($id: ID!) { node(id: $id) { ... on Member { id accounts { savings { amount currency } available { amount } heldAsGuarantee { amount } shares { amount } } } } }`;
const BOOKS = `query($id: ID!) { node(id: $id) { ... on Fund { books { currency cash { amount } memberSavings { amount } trialBalance { totalDebits { amount } totalCredits { amount } } } } } }`;

beforeAll(async () => {
  p = await startTestPlatform();
  tree = await createTree(p);
  memberId = ok(await enrol(p, tree.fundId, { groupId: tree.groupId })).enrolMember.id;
  await settleBooks(p);
  officer = p.token(Role.FUND_OFFICER, tree.fundId);
});

afterAll(async () => {
  expect(await booksProblems(p)).toEqual([]);
  await p.stop();
});

it('a deposit is one balanced entry: cash debited, her savings credited', async () => {
  const entry = ok(await p.gql(officer, DEPOSIT, { input: { memberId, amount: '2500000', idempotencyKey: 'deposit-0001' } })).deposit;
  expect(entry.kind).toBe('DEPOSIT');
  expect(entry.postings).toEqual(
    expect.arrayContaining([
      { account: { code: 'CASH', memberId: null }, debit: { amount: '2500000', currency: 'IRR' }, credit: null },
      { account: { code: 'MEMBER_SAVINGS', memberId }, debit: null, credit: { amount: '2500000' } },
    ]),
  );
  const books = ok(await p.gql(p.national, BOOKS, { id: tree.fundId })).node.books;
  expect(books).toMatchObject({ currency: 'IRR', cash: { amount: '2500000' }, memberSavings: { amount: '2500000' } });
  expect(books.trialBalance.totalDebits).toEqual(books.trialBalance.totalCredits);
});

it('the same key and request post once; the same key with another request is refused', async () => {
  const input = { memberId, amount: '100000', idempotencyKey: 'deposit-0002' };
  const first = ok(await p.gql(officer, DEPOSIT, { input })).deposit;
  const again = ok(await p.gql(officer, DEPOSIT, { input })).deposit;
  expect(again.id).toBe(first.id);
  expect(failure(await p.gql(officer, DEPOSIT, { input: { ...input, amount: '100001' } }))).toMatchObject({
    code: 'IDEMPOTENCY_KEY_REUSED',
    field: 'idempotencyKey',
  });
});

it('a withdrawal never takes savings below zero', async () => {
  const refused = failure(await p.gql(officer, WITHDRAW, { input: { memberId, amount: '2600001', idempotencyKey: 'withdraw-0001' } }));
  expect(refused).toMatchObject({ code: 'INSUFFICIENT_SAVINGS', field: 'amount', details: { available: '2600000' } });
  ok(await p.gql(officer, WITHDRAW, { input: { memberId, amount: '600000', idempotencyKey: 'withdraw-0002' } }));
  const member = ok(await p.gql(officer, ACCOUNTS, { id: memberId })).node;
  expect(member.accounts).toEqual({
    savings: { amount: '2000000', currency: 'IRR' },
    available: { amount: '2000000' },
    heldAsGuarantee: { amount: '0' },
    shares: { amount: '0' },
  });
});

it("another county's admin cannot record in the fund, nor see its books", async () => {
  const other = await createTree(p);
  await settleBooks(p);
  const stranger = p.token(Role.REGIONAL_ADMIN, other.countyId);
  expect(failure(await p.gql(stranger, DEPOSIT, { input: { memberId, amount: '1000', idempotencyKey: 'stranger-0001' } }))).toMatchObject({
    code: 'NOT_FOUND',
    field: 'memberId',
  });
  expect(ok(await p.gql(stranger, BOOKS, { id: tree.fundId })).node).toBeNull();
});
