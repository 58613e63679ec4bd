import { Role } from '@funds/auth';
import { TestPlatform, failure, ok, startTestPlatform } from '../../support/platform';
import { booksProblems, settleBooks } from '../../support/books';
import { Tree, createTree, enrol } from '../../../services/membership/test/support/factories';

let p: TestPlatform;
let tree: Tree;
let second: Tree;
let officer: string;
let omid: string;
let ministry: string;
let bank: string;
let plan: string;

const MOVE = (op: string) =>
  `mutation($input: CapitalInput!) { ${op}(input: $input) { id kind partnerId postings { account { code partnerId } debit { amount } credit { amount } } } }`;
const CAPITAL = `query($id: ID!) { node(id: $id) { ... on Fund { books { cash { amount } capital {
  partnerId partner { id name } kind received { amount currency } repaid { amount } outstanding { amount } lentOut { amount } } } } } }`;
const PARTNER_CAPITAL = `query($search: String!, $nodeId: ID) { partners(search: $search) { nodes { id name capital(nodeId: $nodeId) {
  kind currency funds received { amount currency } repaid { amount } outstanding { amount } lentOut { amount } } } } }`;

const createPartner = async (name: string, kind: string, countryCode?: string) =>
  ok(
    await p.gql(p.national, `mutation($input: CreatePartnerInput!) { createPartner(input: $input) { id } }`, {
      input: { name, kind, countryCode },
    }),
  ).createPartner.id as string;

let keys = 0;
const move = (token: string, op: string, input: Record<string, unknown>) =>
  p.gql(token, MOVE(op), { input: { fundId: tree.fundId, idempotencyKey: `capital-${++keys}-key`, ...input } });

/** A loan through the loans module (applied, approved, paid out), funded by `partnerId` when given. */
async function disburse(productId: string, memberId: string, principal: string, partnerId: string | null): Promise<string> {
  const loan = ok(
    await p.gql(officer, `mutation($input: ApplyForLoanInput!) { applyForLoan(input: $input) { id fundingPartnerId } }`, {
      input: { memberId, productId, principal, termMonths: 6, fundingPartnerId: partnerId },
    }),
  ).applyForLoan;
  expect(loan.fundingPartnerId).toBe(partnerId);
  ok(await p.gql(officer, `mutation($id: ID!) { approveLoan(loanId: $id) { id } }`, { id: loan.id }));
  ok(
    await p.gql(officer, `mutation($input: LoanMoneyInput!) { disburseLoan(input: $input) { id } }`, {
      input: { loanId: loan.id, idempotencyKey: `capital-disburse-${loan.id}` },
    }),
  );
  return loan.id;
}

beforeAll(async () => {
  // Business dates from a fixed clock: today is 2026-11-23 in Iran.
  p = await startTestPlatform({ clock: { now: () => new Date('2026-11-23T08:00:00Z') } });
  tree = await createTree(p);
  second = await createTree(p);
  omid = await createPartner('صندوق امید کارآفرینی آزمون', 'DONOR', 'IR');
  ministry = await createPartner('وزارت جهاد کشاورزی آزمون', 'GOVERNMENT_BODY', 'IR');
  bank = await createPartner('بانک کشاورزی آزمون', 'BANK');
  plan = await createPartner('Plan capital test', 'NGO', 'VN');
  await settleBooks(p);
  officer = p.token(Role.FUND_OFFICER, tree.fundId);
});

afterAll(async () => {
  expect(await booksProblems(p)).toEqual([]);
  await p.stop();
});

it('a grant, trust capital and a credit line each come in as one balanced entry', async () => {
  const grant = ok(await move(officer, 'receiveGrant', { partnerId: omid, amount: '30000000', memo: 'initial capital' })).receiveGrant;
  expect(grant).toMatchObject({ kind: 'GRANT_RECEIVED', partnerId: omid });
  expect(grant.postings).toEqual(
    expect.arrayContaining([
      { account: { code: 'CASH', partnerId: null }, debit: { amount: '30000000' }, credit: null },
      { account: { code: 'GRANTS', partnerId: omid }, debit: null, credit: { amount: '30000000' } },
    ]),
  );
  expect(ok(await move(officer, 'receiveTrustCapital', { partnerId: ministry, amount: '20000000' })).receiveTrustCapital.kind).toBe(
    'TRUST_CAPITAL_RECEIVED',
  );
  const repaid = ok(await move(officer, 'repayTrustCapital', { partnerId: ministry, amount: '5000000' })).repayTrustCapital;
  expect(repaid.postings).toEqual(
    expect.arrayContaining([
      { account: { code: 'TRUST_CAPITAL', partnerId: ministry }, debit: { amount: '5000000' }, credit: null },
      { account: { code: 'CASH', partnerId: null }, debit: null, credit: { amount: '5000000' } },
    ]),
  );
  expect(
    ok(await move(officer, 'drawCreditLine', { partnerId: bank, amount: '10000000', valueDate: '2026-11-01' })).drawCreditLine.kind,
  ).toBe('CREDIT_LINE_DRAWN');
  expect(ok(await move(officer, 'repayCreditLine', { partnerId: bank, amount: '7000000' })).repayCreditLine.kind).toBe(
    'CREDIT_LINE_REPAID',
  );
});

it('refuses a repayment above what is owed, an unknown partner and a partner of another country', async () => {
  expect(failure(await move(officer, 'repayCreditLine', { partnerId: bank, amount: '3000001' }))).toMatchObject({
    code: 'CAPITAL_REPAYMENT_EXCEEDS_BALANCE',
    field: 'amount',
    details: { outstanding: '3000000' },
  });
  expect(failure(await move(officer, 'repayTrustCapital', { partnerId: omid, amount: '1' }))).toMatchObject({
    code: 'CAPITAL_REPAYMENT_EXCEEDS_BALANCE',
    details: { outstanding: '0' },
  });
  expect(failure(await move(officer, 'receiveGrant', { partnerId: '0193a000-0000-7000-8000-00000000dead', amount: '1' }))).toMatchObject({
    code: 'NOT_FOUND',
    field: 'partnerId',
  });
  expect(failure(await move(officer, 'receiveGrant', { partnerId: plan, amount: '1000' }))).toMatchObject({
    code: 'PARTNER_COUNTRY_MISMATCH',
    field: 'partnerId',
  });
  expect(failure(await move(officer, 'receiveGrant', { partnerId: omid, amount: '0' }))).toMatchObject({ code: 'INVALID_AMOUNT' });
});

it('FundBooks.capital: received, repaid, outstanding, and how much is lent out (checked by hand)', async () => {
  const member = ok(await enrol(p, tree.fundId, { groupId: tree.groupId })).enrolMember.id;
  await settleBooks(p);
  ok(
    await p.gql(officer, `mutation($input: MemberMoneyInput!) { deposit(input: $input) { id } }`, {
      input: { memberId: member, amount: '15000000', idempotencyKey: 'capital-savings-1' },
    }),
  );
  // Portfolio 15M: a loan of 3M funded by the bank, one of 12M from the fund's own money.
  // A qard al-hasan product without a fee (no income: earnings take no part), two loans at a time.
  const product = ok(
    await p.gql(p.national, `mutation($f: ID!, $input: LoanProductInput!) { createLoanProduct(fundId: $f, input: $input) { id } }`, {
      f: tree.fundId,
      input: { feePercent: '0', maxConcurrentLoans: 2 },
    }),
  ).createLoanProduct.id;
  await disburse(product, member, '12000000', null);
  await disburse(product, member, '3000000', bank);
  const books = ok(await p.gql(officer, CAPITAL, { id: tree.fundId })).node.books;
  // Cash: 30M + 20M - 5M + 10M - 7M + 15M savings - 15M lent = 48M.
  expect(books.cash).toEqual({ amount: '48000000' });
  const byPartner = Object.fromEntries(books.capital.map((c: { partnerId: string }) => [c.partnerId, c]));
  // The bank's 3M funds its loan fully. The other 12M is shared by savings 15M, grant 30M, trust 15M
  // (the bank's 3M already counted): 12M × 15/60 = 3M, × 30/60 = 6M, × 15/60 = 3M.
  expect(byPartner[bank]).toEqual({
    partnerId: bank,
    partner: { id: bank, name: 'بانک کشاورزی آزمون' },
    kind: 'CREDIT_LINE',
    received: { amount: '10000000', currency: 'IRR' },
    repaid: { amount: '7000000' },
    outstanding: { amount: '3000000' },
    lentOut: { amount: '3000000' },
  });
  expect(byPartner[omid]).toMatchObject({
    kind: 'GRANT',
    received: { amount: '30000000' },
    repaid: { amount: '0' },
    outstanding: { amount: '30000000' },
    lentOut: { amount: '6000000' },
  });
  expect(byPartner[ministry]).toMatchObject({
    kind: 'TRUST',
    received: { amount: '20000000' },
    repaid: { amount: '5000000' },
    outstanding: { amount: '15000000' },
    lentOut: { amount: '3000000' },
  });
});

it("Partner.capital adds up a partner's funds per currency, under a node when asked", async () => {
  const other = p.token(Role.FUND_OFFICER, second.fundId);
  ok(
    await p.gql(other, MOVE('receiveGrant'), {
      input: { fundId: second.fundId, partnerId: omid, amount: '9000000', idempotencyKey: 'capital-second-1' },
    }),
  );
  const all = ok(await p.gql(p.national, PARTNER_CAPITAL, { search: 'صندوق امید کارآفرینی آزمون', nodeId: null })).partners.nodes[0];
  expect(all.capital).toEqual([
    {
      kind: 'GRANT',
      currency: 'IRR',
      funds: 2,
      received: { amount: '39000000', currency: 'IRR' },
      repaid: { amount: '0' },
      outstanding: { amount: '39000000' },
      lentOut: { amount: '6000000' },
    },
  ]);
  const county = ok(await p.gql(p.national, PARTNER_CAPITAL, { search: 'صندوق امید کارآفرینی آزمون', nodeId: second.countyId })).partners
    .nodes[0];
  expect(county.capital).toEqual([expect.objectContaining({ funds: 1, received: { amount: '9000000', currency: 'IRR' } })]);
  // A regional admin of the second county sees that fund's only.
  const admin = p.token(Role.REGIONAL_ADMIN, second.countyId);
  const seen = ok(await p.gql(admin, PARTNER_CAPITAL, { search: 'صندوق امید کارآفرینی آزمون', nodeId: null })).partners.nodes[0];
  expect(seen.capital).toEqual([expect.objectContaining({ funds: 1, outstanding: { amount: '9000000' } })]);
});

it("a regional admin of another county sees none of the fund's capital and records none", async () => {
  const stranger = p.token(Role.REGIONAL_ADMIN, second.countyId);
  expect(failure(await move(stranger, 'receiveGrant', { partnerId: omid, amount: '1000' }))).toMatchObject({
    code: 'NOT_FOUND',
    field: 'fundId',
  });
  expect(ok(await p.gql(stranger, CAPITAL, { id: tree.fundId })).node).toBeNull();
  const seen = ok(await p.gql(stranger, PARTNER_CAPITAL, { search: 'وزارت جهاد کشاورزی آزمون', nodeId: null })).partners.nodes[0];
  expect(seen.capital).toEqual([]);
});
