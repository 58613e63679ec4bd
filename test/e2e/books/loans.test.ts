import { Role } from '@funds/auth';
import { Dec } from '@funds/money';
import { GraphQLResult, TestPlatform, failure, ok, raceBehindLock, startTestPlatform } from '../../support/platform';
import { booksProblems, settleBooks } from '../../support/books';
import { Tree, createTree, enrol, op } from '../../../services/membership/test/support/factories';

/**
 * Loans through the gateway, on real Postgres, with amounts checked by hand to the rial (and the
 * dong). The clock is fixed and moved by the test: business days are `today` in Iran and Vietnam.
 *
 * Hand-worked schedules (disbursed 2026-06-10, due on the 10th of each month):
 * - qard al-hasan 1,000,000 IRR over 3 months, 2% fee upfront: fee 20,000 (she receives 980,000);
 *   principal 1,000,000 / 3 = 333,333 rounded down, the 1 left over to the first: 333,334, 333,333, 333,333.
 * - the same with the fee spread: fee 20,000 / 3 = 6,666, 2 left over: 6,667, 6,667, 6,666.
 * - flat 24% a year, 1,000,000 VND over 3 months: interest 1,000,000 x 24% x 3/12 = 60,000, 20,000 a month.
 * - declining balance 12% a year over 3 months, 1,000,000 IRR: r = 1%, payment 1,000,000 x 0.01 / (1 - 1.01^-3)
 *   = 340,022.11 -> 340,022; month 1 interest 10,000, principal 330,022, owed 669,978; month 2 interest
 *   6,699.78 -> 6,700, principal 333,322, owed 336,656; month 3 interest 3,366.56 -> 3,367, principal 336,656.
 * - bullet, flat 12% a year over 6 months: one instalment on 2026-12-10 of 1,000,000 + 60,000.
 */
let today = '2026-06-10';
const clock = { now: () => new Date(`${today}T08:00:00Z`) };

let p: TestPlatform;
let tree: Tree;
let vn: Tree;
let officer: string;
let vnOfficer: string;
const groups: string[] = [];
const m: Record<string, string> = {};
const products: Record<string, string> = {};
const loans: Record<string, string> = {};

const PRODUCT = `id name method annualRatePercent feePercent feeTiming repayment minTermMonths maxTermMonths maxSavingsMultiple
  cycleCaps { amount currency } waitingMonths groupGuarantee maxConcurrentLoans purposeRequired guaranteeHoldPercent active`;
const CREATE_PRODUCT = `mutation($fundId: ID!, $input: LoanProductInput!) { createLoanProduct(fundId: $fundId, input: $input) { ${PRODUCT} } }`;
const UPDATE_PRODUCT = `mutation($productId: ID!, $input: LoanProductInput!) { updateLoanProduct(productId: $productId, input: $input) { id name active } }`;
const INSTALMENTS = `instalments { version number dueOn principal { amount currency } interest { amount } fee { amount } principalPaid { amount } interestPaid { amount } feePaid { amount } }`;
const POSTINGS = `postings { account { code loanId } debit { amount } credit { amount } }`;
const LOAN = `id memberId groupId cycle principal { amount currency } termMonths method annualRatePercent feePercent feeTiming repayment purpose
  status appliedOn decidedOn decisionNote disbursedOn closedOn writtenOffOn fundingPartnerId rescheduledCount scheduleVersion
  product { id name } member { id }`;
const APPLY = `mutation($input: ApplyForLoanInput!) { applyForLoan(input: $input) { ${LOAN} } }`;
const APPROVE = `mutation($loanId: ID!, $note: String) { approveLoan(loanId: $loanId, note: $note) { id status decidedOn decisionNote approvals { approvedBy approvedAt note } } }`;
const REJECT = `mutation($loanId: ID!, $note: String) { rejectLoan(loanId: $loanId, note: $note) { id status decisionNote } }`;
const DISBURSE = `mutation($input: LoanMoneyInput!) { disburseLoan(input: $input) { id status disbursedOn cycle scheduleVersion
  outstandingPrincipal { amount currency } ${INSTALMENTS} entries { id kind valueDate partnerId ${POSTINGS} } } }`;
const REPAY = `mutation($input: RepayLoanInput!) { repayLoan(input: $input) { id status closedOn outstandingPrincipal { amount }
  ${INSTALMENTS} repayments { id kind valueDate ${POSTINGS} } } }`;
const RESCHEDULE = `mutation($input: RescheduleLoanInput!) { rescheduleLoan(input: $input) { id status rescheduledCount scheduleVersion
  outstandingPrincipal { amount } ${INSTALMENTS} all: instalments(allVersions: true) { version number } } }`;
const WRITE_OFF = `mutation($input: LoanMoneyInput!) { writeOffLoan(input: $input) { id status writtenOffOn outstandingPrincipal { amount }
  entries { id kind ${POSTINGS} } } }`;
const ARREARS = `query($id: ID!, $asOf: String) { node(id: $id) { ... on Member { loans { id status
  arrears(asOf: $asOf) { asOf daysPastDue instalmentsOverdue overduePrincipal { amount } overdueInterest { amount } overdueFee { amount } } } } } }`;
const FUND_LOANS = `query($id: ID!, $status: LoanStatus, $first: Int, $after: String) { node(id: $id) { ... on Fund {
  loans(status: $status, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id status } } nodes { id } }
  loanProducts { id name } } } }`;
const ACCOUNTS = `query($id: ID!) { node(id: $id) { ... on Member { accounts { savings { amount } heldAsGuarantee { amount } available { amount } } } } }`;
const DEPOSIT = `mutation($input: MemberMoneyInput!) { deposit(input: $input) { id } }`;
const WITHDRAW = `mutation($input: MemberMoneyInput!) { withdraw(input: $input) { id } }`;

let keys = 0;
const key = () => `loans-test-${++keys}-key`;
const vnId = () => `015190${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;

/** An entry's postings as { CODE: '+debit' | '-credit' }. */
function lines(entry: { postings: { account: { code: string }; debit: { amount: string } | null; credit: { amount: string } | null }[] }) {
  return Object.fromEntries(entry.postings.map((x) => [x.account.code, x.debit ? x.debit.amount : `-${x.credit!.amount}`]));
}

const amounts = (instalments: { dueOn: string; principal: { amount: string }; interest: { amount: string }; fee: { amount: string } }[]) =>
  instalments.map((i) => [i.dueOn, i.principal.amount, i.interest.amount, i.fee.amount]);

async function deposit(memberId: string, amount: string, token = officer) {
  ok(await p.gql(token, DEPOSIT, { input: { memberId, amount, idempotencyKey: key() } }));
}

async function product(name: string, input: Record<string, unknown>, fundId = tree.fundId) {
  const created = ok(await p.gql(p.national, CREATE_PRODUCT, { fundId, input: { name, ...input } })).createLoanProduct;
  products[name] = created.id;
  return created;
}

async function apply(
  memberId: string,
  productName: string,
  principal: string,
  termMonths: number,
  extra: Record<string, unknown> = {},
  token = officer,
) {
  return p.gql(token, APPLY, { input: { memberId, productId: products[productName], principal, termMonths, ...extra } });
}

/** Applies, approves and disburses on `today`; returns the disbursed loan. */
async function lend(
  memberId: string,
  productName: string,
  principal: string,
  termMonths: number,
  extra: Record<string, unknown> = {},
  token = officer,
) {
  const applied = ok(await apply(memberId, productName, principal, termMonths, extra, token)).applyForLoan;
  ok(await p.gql(token, APPROVE, { loanId: applied.id }));
  return ok(await p.gql(token, DISBURSE, { input: { loanId: applied.id, idempotencyKey: key() } })).disburseLoan;
}

const repay = (loanId: string, amount: string, token = officer, idempotencyKey = key()) =>
  p.gql(token, REPAY, { input: { loanId, amount, idempotencyKey } });

async function member(name: string, groupId: string, overrides: Record<string, unknown> = {}, fundId = tree.fundId) {
  m[name] = ok(await enrol(p, fundId, { groupId, ...overrides })).enrolMember.id;
}

beforeAll(async () => {
  p = await startTestPlatform({ clock });
  tree = await createTree(p);
  groups.push(tree.groupId);
  for (const name of ['دوم', 'سوم']) {
    groups.push(
      ok(await p.gql(p.national, op('create-group'), { input: { fundId: tree.fundId, name: `گروه ${name} وام` } })).createGroup.id,
    );
  }
  for (const [name, group] of [
    ['A', 0],
    ['B', 0],
    ['G', 0],
    ['C', 1],
    ['D', 1],
    ['E', 1],
    ['F', 1],
    ['H', 2],
    ['J', 2],
    ['L', 2],
    ['M', 2],
  ] as const) {
    await member(name, groups[group]);
  }
  await member('K', groups[2], { joinedOn: '2026-05-01' });
  vn = await createTree(p, { country: 'VN', methodology: 'SAVINGS_GROUP' });
  await member('V', vn.groupId, { nationalId: vnId() }, vn.fundId);
  await settleBooks(p);
  officer = p.token(Role.FUND_OFFICER, tree.fundId);
  vnOfficer = p.token(Role.FUND_OFFICER, vn.fundId);
  for (const name of ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'J', 'K', 'L']) await deposit(m[name], '1000000');
  await deposit(m.H, '10000000');
  await deposit(m.M, '500000000');
  await deposit(m.V, '1000000', vnOfficer);
});

afterAll(async () => {
  expect(await booksProblems(p)).toEqual([]);
  await p.stop();
});

describe('products', () => {
  it("a fund's methodology gives the settings left out: micro-fund, self-help group, savings group", async () => {
    expect(await product('Qard upfront', { guaranteeHoldPercent: '50' })).toMatchObject({
      method: 'QARD_AL_HASAN',
      annualRatePercent: '0',
      feePercent: '2',
      feeTiming: 'UPFRONT',
      repayment: 'MONTHLY',
      minTermMonths: 1,
      maxTermMonths: 12,
      maxSavingsMultiple: '3',
      cycleCaps: null,
      waitingMonths: 0,
      groupGuarantee: false,
      maxConcurrentLoans: 1,
      purposeRequired: false,
      guaranteeHoldPercent: '50',
      active: true,
    });
    const shg = await createTree(p, { methodology: 'SELF_HELP_GROUP' });
    await settleBooks(p);
    expect(await product('Linkage preset', {}, shg.fundId)).toMatchObject({
      name: 'Linkage preset',
      method: 'DECLINING_BALANCE',
      annualRatePercent: '4',
      cycleCaps: [
        { amount: '25000000', currency: 'IRR' },
        { amount: '30000000', currency: 'IRR' },
        { amount: '50000000', currency: 'IRR' },
      ],
      waitingMonths: 6,
      groupGuarantee: true,
      purposeRequired: true,
      maxSavingsMultiple: null,
    });
    expect(await product('Group loan', {}, vn.fundId)).toMatchObject({ method: 'FLAT', annualRatePercent: '24', maxTermMonths: 3 });
  });

  it('the fund admins set products; officers may not; settings that cannot be right are refused by name', async () => {
    await product('Qard spread', { feeTiming: 'SPREAD' });
    await product('Declining', { method: 'DECLINING_BALANCE', annualRatePercent: '12', feePercent: '0' });
    await product('Bullet', { method: 'FLAT', annualRatePercent: '12', feePercent: '0', repayment: 'BULLET' });
    await product('Flat', { method: 'FLAT', annualRatePercent: '24', feePercent: '0' });
    await product('Linkage', {
      feePercent: '0',
      maxSavingsMultiple: null,
      cycleCaps: ['25000000', '30000000', '50000000'],
      waitingMonths: 6,
      groupGuarantee: true,
      purposeRequired: true,
    });
    await product('Race', { feePercent: '0', maxConcurrentLoans: 2 });
    await product('Big', { maxSavingsMultiple: null, maxConcurrentLoans: 2 }, vn.fundId);
    expect(failure(await p.gql(officer, CREATE_PRODUCT, { fundId: tree.fundId, input: { name: 'Mine' } }))).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(
      failure(await p.gql(p.national, CREATE_PRODUCT, { fundId: tree.fundId, input: { name: 'Usury', annualRatePercent: '5' } })),
    ).toMatchObject({ code: 'INVALID_LOAN_PRODUCT', field: 'input.annualRatePercent' });
    expect(
      failure(await p.gql(p.national, CREATE_PRODUCT, { fundId: tree.fundId, input: { name: 'Caps', cycleCaps: ['100', '0'] } })),
    ).toMatchObject({ code: 'INVALID_LOAN_PRODUCT', field: 'input.cycleCaps.1' });
    expect(failure(await p.gql(p.national, CREATE_PRODUCT, { fundId: tree.fundId, input: { name: 'Flat' } }))).toMatchObject({
      code: 'NAME_TAKEN',
    });
    const fund = ok(await p.gql(officer, FUND_LOANS, { id: tree.fundId })).node;
    expect(fund.loanProducts.map((x: { name: string }) => x.name)).toEqual([
      'Bullet',
      'Declining',
      'Flat',
      'Linkage',
      'Qard spread',
      'Qard upfront',
      'Race',
    ]);
  });
});

describe('the life of a loan in each product', () => {
  it('qard al-hasan, fee upfront: she receives the principal less the fee; her savings hold the guarantee', async () => {
    const applied = ok(await apply(m.A, 'Qard upfront', '1000000', 3, { purpose: 'دامداری' })).applyForLoan;
    expect(applied).toMatchObject({
      memberId: m.A,
      groupId: groups[0],
      status: 'APPLIED',
      cycle: 1,
      appliedOn: '2026-06-10',
      principal: { amount: '1000000', currency: 'IRR' },
      termMonths: 3,
      method: 'QARD_AL_HASAN',
      annualRatePercent: '0',
      feePercent: '2',
      feeTiming: 'UPFRONT',
      repayment: 'MONTHLY',
      purpose: 'دامداری',
      decidedOn: null,
      decisionNote: null,
      disbursedOn: null,
      closedOn: null,
      writtenOffOn: null,
      fundingPartnerId: null,
      rescheduledCount: 0,
      scheduleVersion: 0,
      product: { id: products['Qard upfront'], name: 'Qard upfront' },
      member: { id: m.A },
    });
    loans.A = applied.id;
    const approved = ok(await p.gql(officer, APPROVE, { loanId: loans.A, note: 'کمیته اعتبار' })).approveLoan;
    expect(approved).toMatchObject({ status: 'APPROVED', decidedOn: '2026-06-10', decisionNote: 'کمیته اعتبار' });
    expect(approved.approvals).toEqual([{ approvedBy: expect.any(String), approvedAt: expect.any(String), note: 'کمیته اعتبار' }]);
    expect(failure(await p.gql(officer, APPROVE, { loanId: loans.A }))).toMatchObject({ code: 'LOAN_ALREADY_APPROVED', field: 'loanId' });
    const second = ok(await p.gql(p.national, APPROVE, { loanId: loans.A, note: 'دوم' })).approveLoan;
    expect(second.approvals.map((x: { note: string }) => x.note)).toEqual(['کمیته اعتبار', 'دوم']);

    const input = { loanId: loans.A, idempotencyKey: 'disburse-A-0001' };
    const disbursed = ok(await p.gql(officer, DISBURSE, { input })).disburseLoan;
    expect(disbursed).toMatchObject({ status: 'DISBURSED', disbursedOn: '2026-06-10', cycle: 1, scheduleVersion: 1 });
    expect(disbursed.outstandingPrincipal).toEqual({ amount: '1000000', currency: 'IRR' });
    expect(amounts(disbursed.instalments)).toEqual([
      ['2026-07-10', '333334', '0', '0'],
      ['2026-08-10', '333333', '0', '0'],
      ['2026-09-10', '333333', '0', '0'],
    ]);
    expect(disbursed.entries).toHaveLength(1);
    expect(disbursed.entries[0]).toMatchObject({ kind: 'LOAN_DISBURSED', valueDate: '2026-06-10', partnerId: null });
    expect(lines(disbursed.entries[0])).toEqual({ LOANS_RECEIVABLE: '1000000', CASH: '-980000', FEE_INCOME: '-20000' });
    // The same key and request: the same loan, nothing posted again.
    const again = ok(await p.gql(officer, DISBURSE, { input })).disburseLoan;
    expect(again.entries.map((e: { id: string }) => e.id)).toEqual([disbursed.entries[0].id]);

    // 50% of the 1,000,000 owed is held from her 1,000,000 savings.
    expect(ok(await p.gql(officer, ACCOUNTS, { id: m.A })).node.accounts).toEqual({
      savings: { amount: '1000000' },
      heldAsGuarantee: { amount: '500000' },
      available: { amount: '500000' },
    });
    expect(failure(await p.gql(officer, WITHDRAW, { input: { memberId: m.A, amount: '500001', idempotencyKey: key() } }))).toMatchObject({
      code: 'INSUFFICIENT_SAVINGS',
      details: { heldAsGuarantee: '500000' },
    });
  });

  it('qard al-hasan, fee spread over the instalments', async () => {
    const loan = await lend(m.B, 'Qard spread', '1000000', 3);
    loans.B = loan.id;
    expect(amounts(loan.instalments)).toEqual([
      ['2026-07-10', '333334', '0', '6667'],
      ['2026-08-10', '333333', '0', '6667'],
      ['2026-09-10', '333333', '0', '6666'],
    ]);
    expect(lines(loan.entries[0])).toEqual({ LOANS_RECEIVABLE: '1000000', CASH: '-1000000' });
  });

  it('declining balance, 12% a year', async () => {
    const loan = await lend(m.C, 'Declining', '1000000', 3);
    loans.C = loan.id;
    expect(amounts(loan.instalments)).toEqual([
      ['2026-07-10', '330022', '10000', '0'],
      ['2026-08-10', '333322', '6700', '0'],
      ['2026-09-10', '336656', '3367', '0'],
    ]);
  });

  it('bullet, flat 12% a year over 6 months', async () => {
    const loan = await lend(m.D, 'Bullet', '1000000', 6);
    loans.D = loan.id;
    expect(amounts(loan.instalments)).toEqual([['2026-12-10', '1000000', '60000', '0']]);
  });

  it('flat 24% a year in a Vietnamese savings group, to the dong', async () => {
    const loan = await lend(m.V, 'Group loan', '1000000', 3, {}, vnOfficer);
    loans.V = loan.id;
    expect(loan.outstandingPrincipal).toEqual({ amount: '1000000', currency: 'VND' });
    expect(amounts(loan.instalments)).toEqual([
      ['2026-07-10', '333334', '20000', '0'],
      ['2026-08-10', '333333', '20000', '0'],
      ['2026-09-10', '333333', '20000', '0'],
    ]);
    expect(loan.instalments[0].principal.currency).toBe('VND');
  });

  it('more loans of the day: one to reschedule, one to write off', async () => {
    loans.E = (await lend(m.E, 'Flat', '1200000', 3)).id;
    loans.F = (await lend(m.F, 'Qard upfront', '1000000', 3)).id;
  });

  it('repayments a month on: fees, interest, principal, oldest first; a partial one leaves arrears', async () => {
    today = '2026-07-10';
    const a = ok(await repay(loans.A, '333334')).repayLoan;
    expect(a).toMatchObject({ status: 'DISBURSED', closedOn: null, outstandingPrincipal: { amount: '666666' } });
    expect(lines(a.repayments[0])).toEqual({ CASH: '333334', LOANS_RECEIVABLE: '-333334' });
    expect(ok(await p.gql(officer, ACCOUNTS, { id: m.A })).node.accounts.heldAsGuarantee).toEqual({ amount: '333333' });

    const b = ok(await repay(loans.B, '100000')).repayLoan;
    expect(lines(b.repayments[0])).toEqual({ CASH: '100000', FEE_INCOME: '-6667', LOANS_RECEIVABLE: '-93333' });
    expect(b.instalments[0]).toMatchObject({
      feePaid: { amount: '6667' },
      principalPaid: { amount: '93333' },
      interestPaid: { amount: '0' },
    });

    const c = ok(await repay(loans.C, '340022')).repayLoan;
    expect(lines(c.repayments[0])).toEqual({ CASH: '340022', INTEREST_INCOME: '-10000', LOANS_RECEIVABLE: '-330022' });

    const v = ok(await repay(loans.V, '353334', vnOfficer)).repayLoan;
    expect(lines(v.repayments[0])).toEqual({ CASH: '353334', INTEREST_INCOME: '-20000', LOANS_RECEIVABLE: '-333334' });
    expect(v.outstandingPrincipal).toEqual({ amount: '666666' });

    ok(await repay(loans.F, '400000'));
  });

  it('arrears at several dates', async () => {
    const arrearsOn = async (asOf: string) =>
      ok(await p.gql(officer, ARREARS, { id: m.B, asOf })).node.loans.find((l: { id: string }) => l.id === loans.B).arrears;
    expect(await arrearsOn('2026-07-10')).toMatchObject({ daysPastDue: 0, instalmentsOverdue: 0, overduePrincipal: { amount: '0' } });
    expect(await arrearsOn('2026-07-11')).toEqual({
      asOf: '2026-07-11',
      daysPastDue: 1,
      instalmentsOverdue: 1,
      overduePrincipal: { amount: '240001' },
      overdueInterest: { amount: '0' },
      overdueFee: { amount: '0' },
    });
    expect(await arrearsOn('2026-08-11')).toEqual({
      asOf: '2026-08-11',
      daysPastDue: 32,
      instalmentsOverdue: 2,
      overduePrincipal: { amount: '573334' },
      overdueInterest: { amount: '0' },
      overdueFee: { amount: '6667' },
    });
    // Without asOf: today (2026-07-10), nothing late yet.
    const now = ok(await p.gql(officer, ARREARS, { id: m.B })).node.loans[0].arrears;
    expect(now).toMatchObject({ asOf: '2026-07-10', daysPastDue: 0 });
  });

  it('early repayment closes the loan; an overpayment is refused; a reused key with another amount too', async () => {
    today = '2026-08-01';
    expect(failure(await repay(loans.A, '666667'))).toMatchObject({
      code: 'REPAYMENT_EXCEEDS_OUTSTANDING',
      field: 'amount',
      details: { outstanding: '666666' },
    });
    const closed = ok(await repay(loans.A, '666666', officer, 'repay-A-final')).repayLoan;
    expect(closed).toMatchObject({ status: 'CLOSED', closedOn: '2026-08-01', outstandingPrincipal: { amount: '0' } });
    expect(closed.repayments).toHaveLength(2);
    expect(ok(await p.gql(officer, ACCOUNTS, { id: m.A })).node.accounts.heldAsGuarantee).toEqual({ amount: '0' });
    expect(failure(await repay(loans.A, '1', officer, 'repay-A-final'))).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(failure(await repay(loans.A, '1'))).toMatchObject({ code: 'INVALID_LOAN_STATUS', details: { status: 'CLOSED' } });

    const bullet = ok(await repay(loans.D, '1060000')).repayLoan;
    expect(bullet).toMatchObject({ status: 'CLOSED', closedOn: '2026-08-01' });
    expect(lines(bullet.repayments[0])).toEqual({ CASH: '1060000', INTEREST_INCOME: '-60000', LOANS_RECEIVABLE: '-1000000' });
  });

  it('reschedule: a new version for what is owed, overdue interest carried to its first instalment', async () => {
    today = '2026-08-20';
    // Flat 24% on 1,200,000 over 3 months from 2026-06-10: 400,000 + 24,000 a month, nothing paid; two
    // instalments fell due (48,000 interest overdue). Over 4 months from 2026-08-20: 300,000 a month
    // and 1,200,000 x 24% x 4/12 = 96,000 interest, 24,000 a month, the first with the 48,000 overdue.
    const loan = ok(await p.gql(officer, RESCHEDULE, { input: { loanId: loans.E, termMonths: 4 } })).rescheduleLoan;
    expect(loan).toMatchObject({
      status: 'DISBURSED',
      rescheduledCount: 1,
      scheduleVersion: 2,
      outstandingPrincipal: { amount: '1200000' },
    });
    expect(amounts(loan.instalments)).toEqual([
      ['2026-09-20', '300000', '72000', '0'],
      ['2026-10-20', '300000', '24000', '0'],
      ['2026-11-20', '300000', '24000', '0'],
      ['2026-12-20', '300000', '24000', '0'],
    ]);
    expect(loan.instalments.every((i: { version: number }) => i.version === 2)).toBe(true);
    expect(loan.all).toHaveLength(7);
    const arrears = ok(await p.gql(officer, ARREARS, { id: m.E, asOf: '2026-08-21' })).node.loans[0].arrears;
    expect(arrears).toMatchObject({ daysPastDue: 0, instalmentsOverdue: 0 });
  });

  it('write-off: the principal still owed given up, Dr write-offs, Cr the receivable', async () => {
    const loan = ok(await p.gql(p.national, WRITE_OFF, { input: { loanId: loans.F, idempotencyKey: key(), memo: 'مهاجرت' } })).writeOffLoan;
    expect(loan).toMatchObject({ status: 'WRITTEN_OFF', writtenOffOn: '2026-08-20', outstandingPrincipal: { amount: '0' } });
    const writeOff = loan.entries.find((e: { kind: string }) => e.kind === 'LOAN_WRITE_OFF');
    expect(lines(writeOff)).toEqual({ WRITE_OFFS: '600000', LOANS_RECEIVABLE: '-600000' });
    // A loan's entry is not reversed alone: its schedule counts it.
    const reverse = `mutation($id: ID!, $key: String!) { reverseEntry(entryId: $id, reason: "mistake", idempotencyKey: $key) { id } }`;
    expect(failure(await p.gql(p.national, reverse, { id: writeOff.id, key: key() }))).toMatchObject({
      code: 'ENTRY_OF_A_LOAN',
      field: 'entryId',
    });
    expect(failure(await p.gql(officer, WRITE_OFF, { input: { loanId: loans.E, idempotencyKey: key() } }))).toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});

describe('policy refusals, each with its code and field', () => {
  it('term out of range, purpose required, waiting period, member not active, inactive product', async () => {
    expect(failure(await apply(m.J, 'Qard upfront', '100000', 13))).toMatchObject({
      code: 'LOAN_TERM_OUT_OF_RANGE',
      field: 'termMonths',
      details: { minTermMonths: 1, maxTermMonths: 12 },
    });
    expect(failure(await apply(m.J, 'Linkage', '100000', 6))).toMatchObject({ code: 'LOAN_PURPOSE_REQUIRED', field: 'purpose' });
    expect(failure(await apply(m.K, 'Linkage', '100000', 6, { purpose: 'زنبورداری' }))).toMatchObject({
      code: 'LOAN_WAITING_PERIOD',
      field: 'memberId',
      details: { joinedOn: '2026-05-01', waitingMonths: 6, eligibleOn: '2026-11-01' },
    });
    ok(await p.gql(p.national, op('suspend-member'), { id: m.L, reason: 'غیبت' }));
    await settleBooks(p);
    expect(failure(await apply(m.L, 'Qard upfront', '100000', 3))).toMatchObject({ code: 'MEMBER_NOT_ACTIVE', field: 'memberId' });
    ok(await p.gql(p.national, UPDATE_PRODUCT, { productId: products.Bullet, input: { active: false } }));
    expect(failure(await apply(m.J, 'Bullet', '100000', 3))).toMatchObject({ code: 'LOAN_PRODUCT_INACTIVE', field: 'productId' });
  });

  it('the cap as a multiple of savings, and the concurrent-loan limit', async () => {
    expect(failure(await apply(m.A, 'Qard upfront', '3000001', 3))).toMatchObject({
      code: 'LOAN_EXCEEDS_SAVINGS_MULTIPLE',
      field: 'principal',
      details: { savings: '1000000', multiple: '3', outstanding: '0', maximum: '3000000' },
    });
    expect(failure(await apply(m.C, 'Qard upfront', '100000', 3))).toMatchObject({
      code: 'CONCURRENT_LOAN_LIMIT',
      field: 'memberId',
      details: { open: 1, maxConcurrentLoans: 1 },
    });
  });

  it('caps by loan cycle: 25M for her first loan, 30M for her second', async () => {
    expect(failure(await apply(m.J, 'Linkage', '25000001', 6, { purpose: 'قالی‌بافی' }))).toMatchObject({
      code: 'LOAN_EXCEEDS_CYCLE_CAP',
      field: 'principal',
      details: { cycle: 1, cap: '25000000' },
    });
    const first = await lend(m.J, 'Linkage', '25000000', 6, { purpose: 'قالی‌بافی' });
    expect(first.cycle).toBe(1);
    expect(ok(await repay(first.id, '25000000')).repayLoan.status).toBe('CLOSED');
    expect(failure(await apply(m.J, 'Linkage', '30000001', 6, { purpose: 'قالی‌بافی' }))).toMatchObject({
      code: 'LOAN_EXCEEDS_CYCLE_CAP',
      details: { cycle: 2, cap: '30000000' },
    });
    const second = ok(await apply(m.J, 'Linkage', '30000000', 6, { purpose: 'قالی‌بافی' })).applyForLoan;
    expect(second.cycle).toBe(2);
  });

  it('group guarantee: no new loan in a group while one of its members is in arrears', async () => {
    expect(failure(await apply(m.G, 'Linkage', '1000000', 6, { purpose: 'لبنیات' }))).toMatchObject({
      code: 'GROUP_MEMBER_IN_ARREARS',
      field: 'memberId',
      details: { loansInArrears: 1 },
    });
    // A product without group guarantee lends to her.
    ok(await apply(m.G, 'Qard upfront', '100000', 3));
  });

  it('steps out of order, disbursing beyond the cash, and the loans of a fund page by page', async () => {
    const applied = ok(await apply(m.A, 'Qard upfront', '100000', 3)).applyForLoan;
    expect(failure(await p.gql(officer, DISBURSE, { input: { loanId: applied.id, idempotencyKey: key() } }))).toMatchObject({
      code: 'INVALID_LOAN_STATUS',
      field: 'loanId',
      details: { status: 'APPLIED', expected: ['APPROVED'] },
    });
    const rejected = ok(await p.gql(officer, REJECT, { loanId: applied.id, note: 'مدارک ناقص' })).rejectLoan;
    expect(rejected).toMatchObject({ status: 'REJECTED', decisionNote: 'مدارک ناقص' });
    expect(failure(await p.gql(officer, APPROVE, { loanId: applied.id }))).toMatchObject({ code: 'INVALID_LOAN_STATUS' });

    const big = ok(await apply(m.V, 'Big', '50000000', 3, {}, vnOfficer)).applyForLoan;
    ok(await p.gql(vnOfficer, APPROVE, { loanId: big.id }));
    expect(failure(await p.gql(vnOfficer, DISBURSE, { input: { loanId: big.id, idempotencyKey: key() } }))).toMatchObject({
      code: 'INSUFFICIENT_CASH',
      field: 'loanId',
      details: { needed: '50000000' },
    });
    ok(await p.gql(vnOfficer, REJECT, { loanId: big.id }));

    const page = ok(await p.gql(officer, FUND_LOANS, { id: tree.fundId, first: 2 })).node.loans;
    expect(page.nodes).toHaveLength(2);
    expect(page.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([loans.A, loans.B]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = ok(await p.gql(officer, FUND_LOANS, { id: tree.fundId, first: 2, after: page.pageInfo.endCursor })).node.loans;
    expect(next.edges[0].node.id).toBe(loans.C);
    const closed = ok(await p.gql(officer, FUND_LOANS, { id: tree.fundId, status: 'CLOSED' })).node.loans;
    expect(closed.totalCount).toBe(3);
    expect(closed.edges.every((e: { cursor: string; node: { status: string } }) => e.node.status === 'CLOSED' && e.cursor)).toBe(true);
  });
});

describe('a bank-funded loan, steps dated in the past', () => {
  it('names the bank on its disbursement; a step dated before the one it follows is refused', async () => {
    const bank = ok(
      await p.gql(p.national, `mutation($input: CreatePartnerInput!) { createPartner(input: $input) { id } }`, {
        input: { name: 'بانک کشاورزی وام آزمون', kind: 'BANK' },
      }),
    ).createPartner.id;
    await settleBooks(p);
    await product('Short', { feePercent: '0', maxSavingsMultiple: null, minTermMonths: 2, maxTermMonths: 6 });
    expect(failure(await apply(m.M, 'Short', '600000', 1))).toMatchObject({
      code: 'LOAN_TERM_OUT_OF_RANGE',
      details: { minTermMonths: 2 },
    });
    expect(failure(await apply(m.M, 'Short', '600000', 2, { fundingPartnerId: tree.fundId }))).toMatchObject({
      code: 'NOT_FOUND',
      field: 'fundingPartnerId',
    });
    const applied = ok(await apply(m.M, 'Short', '600000', 2, { fundingPartnerId: bank })).applyForLoan;
    expect(applied).toMatchObject({ fundingPartnerId: bank, appliedOn: '2026-08-20' });
    ok(await p.gql(officer, APPROVE, { loanId: applied.id }));
    today = '2026-08-25';
    const disburse = (valueDate: string) => p.gql(officer, DISBURSE, { input: { loanId: applied.id, valueDate, idempotencyKey: key() } });
    expect(failure(await disburse('2026-08-19'))).toMatchObject({ code: 'INVALID_DATE', field: 'valueDate' });
    const loan = ok(await disburse('2026-08-22')).disburseLoan;
    expect(loan).toMatchObject({ disbursedOn: '2026-08-22' });
    expect(loan.entries[0]).toMatchObject({ valueDate: '2026-08-22', partnerId: bank });
    expect(amounts(loan.instalments)).toEqual([
      ['2026-09-22', '300000', '0', '0'],
      ['2026-10-22', '300000', '0', '0'],
    ]);
    const pay = (valueDate: string, memo: string | null) =>
      p.gql(officer, REPAY, { input: { loanId: applied.id, amount: '300000', valueDate, memo, idempotencyKey: key() } });
    expect(failure(await pay('2026-08-21', null))).toMatchObject({ code: 'INVALID_DATE', field: 'valueDate' });
    const repaid = ok(await pay('2026-08-24', 'قسط اول')).repayLoan;
    expect(repaid.repayments[0]).toMatchObject({ valueDate: '2026-08-24' });
    const entry = ok(
      await p.gql(officer, `query($id: ID!) { node(id: $id) { ... on Member { loans { repayments { memo loanId } } } } }`, { id: m.M }),
    ).node.loans[0].repayments[0];
    expect(entry).toEqual({ memo: 'قسط اول', loanId: applied.id });
    const rescheduled = ok(
      await p.gql(officer, RESCHEDULE, { input: { loanId: applied.id, termMonths: 3, valueDate: '2026-08-25' } }),
    ).rescheduleLoan;
    expect(amounts(rescheduled.instalments)).toEqual([
      ['2026-09-25', '100000', '0', '0'],
      ['2026-10-25', '100000', '0', '0'],
      ['2026-11-25', '100000', '0', '0'],
    ]);
  });

  it("the fund's loans outstanding are the sum of its loans' principal owed", async () => {
    const fund = ok(
      await p.gql(
        officer,
        `query($id: ID!) { node(id: $id) { ... on Fund { books { loansOutstanding { amount } } loans(first: 100) { nodes { outstandingPrincipal { amount } } } } } }`,
        { id: tree.fundId },
      ),
    ).node;
    const sum = fund.loans.nodes.reduce(
      (a: Dec, l: { outstandingPrincipal: { amount: string } }) => a.plus(l.outstandingPrincipal.amount),
      new Dec(0),
    );
    expect(fund.books.loansOutstanding.amount).toBe(sum.toString());
  });
});

describe('concurrency and scope', () => {
  it('two disbursements of one member at once never break her savings cap: one wins', async () => {
    // 10,000,000 savings, 3 times: 30,000,000. Two loans of 20,000,000 each pass on applying (nothing
    // owed yet); paid out at once, the second counts the first.
    const first = ok(await apply(m.H, 'Race', '20000000', 6)).applyForLoan;
    const second = ok(await apply(m.H, 'Race', '20000000', 6)).applyForLoan;
    for (const loan of [first, second]) ok(await p.gql(officer, APPROVE, { loanId: loan.id }));
    const results: GraphQLResult[] = await raceBehindLock(p, 'savings_loan.loan_instalment', 2, () =>
      [first, second].map((loan) => p.gql(officer, DISBURSE, { input: { loanId: loan.id, idempotencyKey: key() } })),
    );
    const won = results.filter((r) => !r.errors);
    const lost = results.filter((r) => r.errors);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(failure(lost[0])).toMatchObject({
      code: 'LOAN_EXCEEDS_SAVINGS_MULTIPLE',
      field: 'loanId',
      details: { outstanding: '20000000', maximum: '10000000' },
    });
    const [{ owed }] = await p.membershipDb.query(
      `SELECT sum(a.balance)::text AS owed FROM savings_loan.account a JOIN savings_loan.loan l ON l.id = a.loan_id WHERE l.member_id = $1`,
      [m.H],
    );
    expect(owed).toBe('20000000.0000');
  });

  it('nested loans cost one statement per level, whatever the number of members and loans (no N+1)', async () => {
    const NESTED = `query($id: ID!) { node(id: $id) { ... on Fund { members(first: 50) { nodes { id loans { id product { name }
      approvals { note } instalments { number } outstandingPrincipal { amount } arrears(asOf: "2026-08-25") { daysPastDue }
      repayments { id } entries { id } } } } } } }`;
    const loanStatements = async (fundId: string) => {
      p.savingsLoanCounter.reset();
      const data = ok(await p.gql(p.national, NESTED, { id: fundId }));
      const loans = data.node.members.nodes.flatMap((n: { loans: unknown[] }) => n.loans).length;
      const statements = p.savingsLoanCounter.texts.filter((t) => /savings_loan\.(loan\w*|journal_entry)\b/.test(t.query)).length;
      return { loans, statements };
    };
    const small = await loanStatements(vn.fundId);
    const large = await loanStatements(tree.fundId);
    expect(small.loans).toBe(2);
    expect(large.loans).toBeGreaterThan(10);
    // Loans by member, products, approvals, instalments, the loans' entry ids, the entries.
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(6);
  });

  it('a regional admin of another county sees none of it and may not touch it', async () => {
    const other = await createTree(p);
    await settleBooks(p);
    const stranger = p.token(Role.REGIONAL_ADMIN, other.countyId);
    expect(ok(await p.gql(stranger, FUND_LOANS, { id: tree.fundId })).node).toBeNull();
    expect(ok(await p.gql(stranger, ARREARS, { id: m.B })).node).toBeNull();
    expect(failure(await repay(loans.B, '1000', stranger))).toMatchObject({ code: 'NOT_FOUND', field: 'loanId' });
    expect(failure(await apply(m.J, 'Qard upfront', '1000', 3, {}, stranger))).toMatchObject({ code: 'NOT_FOUND', field: 'memberId' });
  });
});
