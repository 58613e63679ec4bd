import { Role } from '@funds/auth';
import { Dec } from '@funds/money';
import { TestPlatform, failure, ok, startTestPlatform } from '../../support/platform';
import { booksProblems, settleBooks } from '../../support/books';
import { Tree, createTree, enrol } from '../../../services/membership/test/support/factories';
import { LedgerRepository } from '../../../services/savings-loan/src/modules/ledger/ledger.repository';
import { EntryKind } from '../../../services/savings-loan/src/modules/ledger/ledger.enums';
import type { AccountCode } from '../../../services/savings-loan/src/modules/ledger/chart';

/**
 * The journal's own rules, through the gateway (issue 7, DESIGN.md section 4): reversal, month
 * close, the fund's statements at several dates with back-dated entries (every figure worked out
 * by hand in the comments), a member's statement with running balances, the journal's pages, and
 * idempotency keys. Business dates come from a fixed clock: today is 2026-06-15 in Iran.
 */
let p: TestPlatform;
let officer: (tree: Tree) => string;

const TODAY = '2026-06-15';
const clock = { now: () => new Date(`${TODAY}T08:00:00Z`) };

const ENTRY = `id kind valueDate currency memo memberId loanId partnerId meetingId reversesId reversedById recordedAt
  postings { account { id code kind description memberId loanId partnerId balance { amount currency } } debit { amount currency } credit { amount currency } }`;
const DEPOSIT = `mutation($input: MemberMoneyInput!) { deposit(input: $input) { ${ENTRY} } }`;
const WITHDRAW = `mutation($input: MemberMoneyInput!) { withdraw(input: $input) { ${ENTRY} } }`;
const REVERSE = `mutation($entryId: ID!, $reason: String!, $key: String!, $valueDate: String) {
  reverseEntry(entryId: $entryId, reason: $reason, idempotencyKey: $key, valueDate: $valueDate) { ${ENTRY} } }`;
const CLOSE = `mutation($fundId: ID!, $month: String!) { closeMonth(fundId: $fundId, month: $month) { fundId closedThrough } }`;
const BALANCES = `query($id: ID!) { node(id: $id) { ... on Fund { books { currency closedThrough cash { amount currency } memberSavings { amount }
  memberShares { amount } socialFund { amount } loansOutstanding { amount } } } } }`;
const TOTAL = `code kind accounts debit { amount currency } credit { amount currency } balance { amount currency }`;
const STATEMENTS = `query($id: ID!, $asOf: String, $from: String!, $to: String) { node(id: $id) { ... on Fund { books {
  trialBalance(asOf: $asOf) { asOf lines { ${TOTAL} } totalDebits { amount currency } totalCredits { amount currency } }
  balanceSheet(asOf: $asOf) { asOf assets { ${TOTAL} } liabilities { ${TOTAL} } equity { ${TOTAL} } currentEarnings { amount currency }
    totalAssets { amount currency } totalLiabilities { amount currency } totalEquity { amount currency } }
  incomeStatement(from: $from, to: $to) { from to income { ${TOTAL} } expenses { ${TOTAL} } netIncome { amount currency } } } } } }`;
const JOURNAL = `query($id: ID!, $first: Int, $after: String, $from: String, $to: String) { node(id: $id) { ... on Fund { books {
  journal(first: $first, after: $after, from: $from, to: $to) { totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id kind valueDate } } nodes { id } } } } } }`;
const STATEMENT = `query($id: ID!, $from: String, $to: String, $account: AccountCode) { node(id: $id) { ... on Member {
  accounts { savings { amount currency } shares { amount } heldAsGuarantee { amount } available { amount } }
  statement(from: $from, to: $to, account: $account) { code openingBalance { amount currency } closingBalance { amount currency }
    lines { entryId kind valueDate memo amount { amount currency } balance { amount currency } } } } } }`;
const GROUP = `query($id: ID!) { node(id: $id) { ... on Group { books { savings { amount currency } shares { amount currency } } } } }`;

let keys = 0;
const key = (what: string) => `ledger-${what}-${++keys}`;

const deposit = (tree: Tree, memberId: string, amount: string, valueDate?: string, memo?: string) =>
  p.gql(officer(tree), DEPOSIT, { input: { memberId, amount, valueDate, memo, idempotencyKey: key('deposit') } });
const withdraw = (tree: Tree, memberId: string, amount: string, valueDate?: string) =>
  p.gql(officer(tree), WITHDRAW, { input: { memberId, amount, valueDate, idempotencyKey: key('withdraw') } });
const reverse = (tree: Tree, entryId: string, valueDate?: string, idempotencyKey = key('reverse')) =>
  p.gql(officer(tree), REVERSE, { entryId, reason: 'recorded twice by mistake', key: idempotencyKey, valueDate });
const balances = async (tree: Tree) => ok(await p.gql(p.national, BALANCES, { id: tree.fundId })).node.books;
const savingsOf = async (memberId: string) =>
  ok(await p.gql(p.national, STATEMENT, { id: memberId })).node.accounts.savings.amount as string;
const entryCount = async (fundId: string) =>
  (await p.membershipDb.query(`SELECT count(*)::int AS n FROM savings_loan.journal_entry WHERE fund_id = $1`, [fundId]))[0].n as number;

async function member(tree: Tree): Promise<string> {
  return ok(await enrol(p, tree.fundId, { groupId: tree.groupId })).enrolMember.id;
}

/** An entry the loans module would post (income and expenses have no mutation of this module), written as the owner. */
async function postAsLoans(tree: Tree, kind: EntryKind, valueDate: string, lines: [AccountCode, string][]) {
  await p.membershipDb.transaction((em) =>
    new LedgerRepository(em).post({
      fundId: tree.fundId,
      kind,
      valueDate,
      currency: 'IRR',
      memo: 'posted as the loans module would',
      recordedBy: 'test',
      lines: lines.map(([code, amount]) => ({ account: { code }, amount: new Dec(amount) })),
    }),
  );
}

beforeAll(async () => {
  p = await startTestPlatform({ clock });
  officer = (tree) => p.token(Role.FUND_OFFICER, tree.fundId);
});

afterAll(async () => {
  expect(await booksProblems(p)).toEqual([]);
  await p.stop();
});

describe('reversal', () => {
  let tree: Tree;
  let amina: string;

  beforeAll(async () => {
    tree = await createTree(p);
    amina = await member(tree);
    await settleBooks(p);
  });

  it('mirrors every posting, brings the balances back, and names both entries: reversesId and reversedById', async () => {
    const original = ok(await deposit(tree, amina, '1000000', '2026-03-10', 'deposit')).deposit;
    expect(await balances(tree)).toMatchObject({ cash: { amount: '1000000' }, memberSavings: { amount: '1000000' } });
    const reversal = ok(await reverse(tree, original.id, '2026-03-12')).reverseEntry;
    expect(reversal).toMatchObject({
      kind: 'REVERSAL',
      valueDate: '2026-03-12',
      currency: 'IRR',
      memo: 'recorded twice by mistake',
      reversesId: original.id,
      reversedById: null,
    });
    // Each posting of the original, on the other side of the same account.
    const mirror = (entry: { postings: { account: { id: string }; debit: unknown; credit: unknown }[] }) =>
      entry.postings
        .map((x) => ({ account: x.account.id, debit: x.credit, credit: x.debit }))
        .sort((a, b) => (a.account < b.account ? -1 : 1));
    const lines = (entry: { postings: { account: { id: string }; debit: unknown; credit: unknown }[] }) =>
      entry.postings
        .map((x) => ({ account: x.account.id, debit: x.debit, credit: x.credit }))
        .sort((a, b) => (a.account < b.account ? -1 : 1));
    expect(lines(reversal)).toEqual(mirror(original));
    expect(reversal.postings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ account: expect.objectContaining({ code: 'CASH' }), credit: { amount: '1000000', currency: 'IRR' } }),
        expect.objectContaining({
          account: expect.objectContaining({ code: 'MEMBER_SAVINGS', memberId: amina }),
          debit: { amount: '1000000', currency: 'IRR' },
        }),
      ]),
    );
    expect(await balances(tree)).toMatchObject({ cash: { amount: '0' }, memberSavings: { amount: '0' } });
    expect(await savingsOf(amina)).toBe('0');
    // The original now names its reversal (read back through the journal, oldest first).
    const full = ok(
      await p.gql(
        p.national,
        `query($id: ID!) { node(id: $id) { ... on Fund { books { journal { nodes { id kind reversesId reversedById } } } } } }`,
        {
          id: tree.fundId,
        },
      ),
    ).node.books.journal.nodes;
    expect(full).toEqual([
      { id: original.id, kind: 'DEPOSIT', reversesId: null, reversedById: reversal.id },
      { id: reversal.id, kind: 'REVERSAL', reversesId: original.id, reversedById: null },
    ]);
  });

  it('an entry is reversed once; a reversal is not reversed; the same key gives the same reversal', async () => {
    const original = ok(await deposit(tree, amina, '50000')).deposit;
    const k = key('reverse-once');
    const reversal = ok(await reverse(tree, original.id, undefined, k)).reverseEntry;
    expect(reversal.valueDate).toBe(TODAY);
    // Sent again with its key: the same reversal, nothing posted.
    const before = await entryCount(tree.fundId);
    expect(ok(await reverse(tree, original.id, undefined, k)).reverseEntry.id).toBe(reversal.id);
    expect(await entryCount(tree.fundId)).toBe(before);
    // A second reversal with a new key: refused.
    expect(failure(await reverse(tree, original.id))).toMatchObject({ code: 'ENTRY_ALREADY_REVERSED', field: 'entryId' });
    // The reversal itself: refused.
    expect(failure(await reverse(tree, reversal.id))).toMatchObject({ code: 'ENTRY_IS_A_REVERSAL', field: 'entryId' });
    expect(await entryCount(tree.fundId)).toBe(before);
    expect(await savingsOf(amina)).toBe('0');
  });

  it('a reversal that would take a balance below zero is refused, and writes nothing', async () => {
    const original = ok(await deposit(tree, amina, '500000')).deposit;
    ok(await withdraw(tree, amina, '300000'));
    // Reversing the deposit would leave her savings at -300,000.
    const before = await entryCount(tree.fundId);
    expect(failure(await reverse(tree, original.id))).toMatchObject({ code: 'INSUFFICIENT_FUNDS', field: 'amount' });
    expect(await entryCount(tree.fundId)).toBe(before);
    expect(await savingsOf(amina)).toBe('200000');
    expect(await balances(tree)).toMatchObject({ cash: { amount: '200000' }, memberSavings: { amount: '200000' } });
  });

  it('an unknown entry, or one of another county, is NOT_FOUND', async () => {
    const entry = ok(await deposit(tree, amina, '1000')).deposit;
    const other = await createTree(p);
    await settleBooks(p);
    const stranger = p.token(Role.REGIONAL_ADMIN, other.countyId);
    expect(failure(await p.gql(stranger, REVERSE, { entryId: entry.id, reason: 'x', key: key('stranger') }))).toMatchObject({
      code: 'NOT_FOUND',
      field: 'entryId',
    });
    expect(failure(await reverse(tree, '0190f5d4-0000-7000-8000-000000000000'))).toMatchObject({ code: 'NOT_FOUND', field: 'entryId' });
  });
});

describe('month close', () => {
  let tree: Tree;
  let amina: string;

  beforeAll(async () => {
    tree = await createTree(p);
    amina = await member(tree);
    await settleBooks(p);
  });

  it('a running month, a future one or a malformed one cannot close', async () => {
    const close = (month: string) => p.gql(officer(tree), CLOSE, { fundId: tree.fundId, month });
    expect(failure(await close('2026-06'))).toMatchObject({ code: 'PERIOD_NOT_ENDED', field: 'month' });
    expect(failure(await close('2026-07'))).toMatchObject({ code: 'PERIOD_NOT_ENDED', field: 'month' });
    expect(failure(await close('2026-13'))).toMatchObject({ code: 'INVALID_INPUT', field: 'month' });
    expect((await balances(tree)).closedThrough).toBeNull();
  });

  it('closes months in order; entries dated into a closed month are refused PERIOD_CLOSED, reversals included', async () => {
    const close = (month: string) => p.gql(officer(tree), CLOSE, { fundId: tree.fundId, month });
    const april = ok(await deposit(tree, amina, '400000', '2026-04-20')).deposit;
    expect(ok(await close('2026-04')).closeMonth).toEqual({ fundId: tree.fundId, closedThrough: '2026-04-30' });
    // The same month again, or an earlier one: refused (they stay closed).
    expect(failure(await close('2026-04'))).toMatchObject({ code: 'PERIOD_ALREADY_CLOSED', field: 'month' });
    expect(failure(await close('2026-03'))).toMatchObject({ code: 'PERIOD_ALREADY_CLOSED', field: 'month' });
    const before = await entryCount(tree.fundId);
    expect(failure(await deposit(tree, amina, '1000', '2026-04-30'))).toMatchObject({ code: 'PERIOD_CLOSED', field: 'valueDate' });
    expect(failure(await withdraw(tree, amina, '1000', '2026-01-31'))).toMatchObject({ code: 'PERIOD_CLOSED', field: 'valueDate' });
    expect(failure(await reverse(tree, april.id, '2026-04-25'))).toMatchObject({ code: 'PERIOD_CLOSED', field: 'valueDate' });
    expect(await entryCount(tree.fundId)).toBe(before);
    // The first day after the closing is open; then May closes, and 1 May is refused too.
    ok(await deposit(tree, amina, '1000', '2026-05-01'));
    expect(ok(await close('2026-05')).closeMonth.closedThrough).toBe('2026-05-31');
    expect(failure(await deposit(tree, amina, '1000', '2026-05-01'))).toMatchObject({ code: 'PERIOD_CLOSED', field: 'valueDate' });
    expect((await balances(tree)).closedThrough).toBe('2026-05-31');
    // June is open: an entry of a closed month is corrected by a reversal dated in an open one.
    ok(await deposit(tree, amina, '1000', '2026-06-01'));
    const reversal = ok(await reverse(tree, april.id)).reverseEntry;
    expect(reversal).toMatchObject({ valueDate: TODAY, reversesId: april.id });
    expect(await savingsOf(amina)).toBe('2000');
  });

  it('another county cannot close the fund’s months', async () => {
    const other = await createTree(p);
    await settleBooks(p);
    const stranger = p.token(Role.REGIONAL_ADMIN, other.countyId);
    expect(failure(await p.gql(stranger, CLOSE, { fundId: tree.fundId, month: '2026-05' }))).toMatchObject({
      code: 'NOT_FOUND',
      field: 'fundId',
    });
  });
});

describe("the fund's statements at several dates, with back-dated entries", () => {
  let tree: Tree;
  let amina: string;
  let zahra: string;
  let partner: string;
  const statements = async (asOf: string, from: string, to?: string) =>
    ok(await p.gql(p.national, STATEMENTS, { id: tree.fundId, asOf, from, to })).node.books;
  const irr = (amount: string) => ({ amount, currency: 'IRR' });
  const total = (code: string, kind: string, accounts: number, debit: string, credit: string, balance: string) => ({
    code,
    kind,
    accounts,
    debit: irr(debit),
    credit: irr(credit),
    balance: irr(balance),
  });

  beforeAll(async () => {
    tree = await createTree(p);
    amina = await member(tree);
    zahra = await member(tree);
    partner = ok(
      await p.gql(p.national, `mutation($input: CreatePartnerInput!) { createPartner(input: $input) { id } }`, {
        input: { name: 'صندوق آزمون دفاتر', kind: 'DONOR', countryCode: 'IR' },
      }),
    ).createPartner.id;
    await settleBooks(p);
    // The history, recorded in this order (the back-dated deposit of 1 March comes last, in a test):
    //   2026-02-01  grant 10,000,000            cash +10,000,000  grants (equity) 10,000,000
    //   2026-02-10  Amina deposits 3,000,000    cash +3,000,000   savings 3,000,000
    //   2026-03-05  Zahra deposits 2,000,000    cash +2,000,000   savings 5,000,000
    //   2026-03-20  a fee of 100,000            cash +100,000     fee income 100,000
    //   2026-04-15  interest of 200,000         cash +200,000     interest income 200,000
    //   2026-05-10  Amina withdraws 500,000     cash -500,000     savings 4,500,000
    //   2026-05-20  a write-off of 300,000      cash -300,000     write-offs (expense) 300,000
    ok(
      await p.gql(officer(tree), `mutation($input: CapitalInput!) { receiveGrant(input: $input) { id } }`, {
        input: { fundId: tree.fundId, partnerId: partner, amount: '10000000', valueDate: '2026-02-01', idempotencyKey: key('grant') },
      }),
    );
    ok(await deposit(tree, amina, '3000000', '2026-02-10'));
    ok(await deposit(tree, zahra, '2000000', '2026-03-05'));
    await postAsLoans(tree, EntryKind.LOAN_REPAYMENT, '2026-03-20', [
      ['CASH', '100000'],
      ['FEE_INCOME', '-100000'],
    ]);
    await postAsLoans(tree, EntryKind.LOAN_REPAYMENT, '2026-04-15', [
      ['CASH', '200000'],
      ['INTEREST_INCOME', '-200000'],
    ]);
    ok(await withdraw(tree, amina, '500000', '2026-05-10'));
    await postAsLoans(tree, EntryKind.LOAN_WRITE_OFF, '2026-05-20', [
      ['WRITE_OFFS', '300000'],
      ['CASH', '-300000'],
    ]);
  });

  it('on 28 February: cash 13,000,000 = savings 3,000,000 + grants 10,000,000', async () => {
    const books = await statements('2026-02-28', '2026-02-01', '2026-02-28');
    expect(books.trialBalance).toEqual({
      asOf: '2026-02-28',
      lines: [
        total('CASH', 'ASSET', 1, '13000000', '0', '13000000'),
        total('GRANTS', 'EQUITY', 1, '0', '10000000', '10000000'),
        total('MEMBER_SAVINGS', 'LIABILITY', 1, '0', '3000000', '3000000'),
      ],
      totalDebits: irr('13000000'),
      totalCredits: irr('13000000'),
    });
    expect(books.balanceSheet).toMatchObject({
      asOf: '2026-02-28',
      totalAssets: irr('13000000'),
      totalLiabilities: irr('3000000'),
      totalEquity: irr('10000000'),
      currentEarnings: irr('0'),
    });
    expect(books.incomeStatement).toEqual({ from: '2026-02-01', to: '2026-02-28', income: [], expenses: [], netIncome: irr('0') });
  });

  it('on 31 March, before and after a deposit back-dated to 1 March; 28 February does not move', async () => {
    // Before: cash 13,000,000 + 2,000,000 + 100,000 = 15,100,000 = savings 5,000,000 + grants 10,000,000 + earnings 100,000.
    const before = (await statements('2026-03-31', '2026-03-01', '2026-03-31')).balanceSheet;
    expect(before).toMatchObject({ totalAssets: irr('15100000'), totalLiabilities: irr('5000000'), totalEquity: irr('10100000') });
    ok(await deposit(tree, zahra, '700000', '2026-03-01', 'brought late from the meeting of 1 March'));
    // After: cash 15,800,000 = savings 5,700,000 + grants 10,000,000 + earnings 100,000.
    const books = await statements('2026-03-31', '2026-03-01', '2026-03-31');
    expect(books.balanceSheet).toEqual({
      asOf: '2026-03-31',
      assets: [total('CASH', 'ASSET', 1, '15800000', '0', '15800000')],
      liabilities: [total('MEMBER_SAVINGS', 'LIABILITY', 2, '0', '5700000', '5700000')],
      equity: [total('GRANTS', 'EQUITY', 1, '0', '10000000', '10000000')],
      currentEarnings: irr('100000'),
      totalAssets: irr('15800000'),
      totalLiabilities: irr('5700000'),
      totalEquity: irr('10100000'),
    });
    expect(books.trialBalance.totalDebits).toEqual(irr('15800000'));
    expect(books.trialBalance.totalCredits).toEqual(irr('15800000'));
    expect(books.incomeStatement).toEqual({
      from: '2026-03-01',
      to: '2026-03-31',
      income: [total('FEE_INCOME', 'INCOME', 1, '0', '100000', '100000')],
      expenses: [],
      netIncome: irr('100000'),
    });
    expect((await statements('2026-02-28', '2026-02-01')).balanceSheet.totalAssets).toEqual(irr('13000000'));
  });

  it('on 30 April and 31 May: income, then an expense; assets = liabilities + equity at each date', async () => {
    // 30 April: cash 16,000,000 = savings 5,700,000 + grants 10,000,000 + earnings 300,000.
    const april = await statements('2026-04-30', '2026-04-01', '2026-04-30');
    expect(april.balanceSheet).toMatchObject({
      totalAssets: irr('16000000'),
      totalLiabilities: irr('5700000'),
      totalEquity: irr('10300000'),
      currentEarnings: irr('300000'),
    });
    expect(april.incomeStatement.netIncome).toEqual(irr('200000'));
    // 31 May: cash 16,000,000 - 500,000 - 300,000 = 15,200,000 = savings 5,200,000 + grants 10,000,000 + earnings 0.
    const may = await statements('2026-05-31', '2026-04-01', '2026-05-31');
    expect(may.trialBalance).toEqual({
      asOf: '2026-05-31',
      lines: [
        total('CASH', 'ASSET', 1, '15200000', '0', '15200000'),
        total('FEE_INCOME', 'INCOME', 1, '0', '100000', '100000'),
        total('GRANTS', 'EQUITY', 1, '0', '10000000', '10000000'),
        total('INTEREST_INCOME', 'INCOME', 1, '0', '200000', '200000'),
        total('MEMBER_SAVINGS', 'LIABILITY', 2, '0', '5200000', '5200000'),
        total('WRITE_OFFS', 'EXPENSE', 1, '300000', '0', '300000'),
      ],
      totalDebits: irr('15500000'),
      totalCredits: irr('15500000'),
    });
    expect(may.balanceSheet).toMatchObject({
      totalAssets: irr('15200000'),
      totalLiabilities: irr('5200000'),
      totalEquity: irr('10000000'),
      currentEarnings: irr('0'),
    });
    // April and May: interest 200,000 less the write-off 300,000.
    expect(may.incomeStatement).toEqual({
      from: '2026-04-01',
      to: '2026-05-31',
      income: [total('INTEREST_INCOME', 'INCOME', 1, '0', '200000', '200000')],
      expenses: [total('WRITE_OFFS', 'EXPENSE', 1, '300000', '0', '300000')],
      netIncome: irr('-100000'),
    });
    // Today by default: the same as 31 May (nothing since); the whole year nets to zero.
    const today = ok(
      await p.gql(
        p.national,
        `query($id: ID!) { node(id: $id) { ... on Fund { books { trialBalance { asOf totalDebits { amount } }
        balanceSheet { asOf totalAssets { amount } } incomeStatement(from: "2026-01-01") { to netIncome { amount } } } } } }`,
        { id: tree.fundId },
      ),
    ).node.books;
    expect(today).toEqual({
      trialBalance: { asOf: TODAY, totalDebits: { amount: '15500000' } },
      balanceSheet: { asOf: TODAY, totalAssets: { amount: '15200000' } },
      incomeStatement: { to: TODAY, netIncome: { amount: '0' } },
    });
    expect(await balances(tree)).toEqual({
      currency: 'IRR',
      closedThrough: null,
      cash: irr('15200000'),
      memberSavings: { amount: '5200000' },
      memberShares: { amount: '0' },
      socialFund: { amount: '0' },
      loansOutstanding: { amount: '0' },
    });
    expect(ok(await p.gql(p.national, GROUP, { id: tree.groupId })).node.books).toEqual({ savings: irr('5200000'), shares: irr('0') });
  });

  it('an income statement ending before it starts is refused', async () => {
    expect(
      failure(await p.gql(p.national, STATEMENTS, { id: tree.fundId, asOf: TODAY, from: '2026-05-01', to: '2026-04-30' })),
    ).toMatchObject({
      code: 'INVALID_PERIOD',
    });
  });

  it("a member's statement: movements in value-date order with running balances, and the opening balance of a later period", async () => {
    const statement = async (memberId: string, args: Record<string, string> = {}) =>
      ok(await p.gql(officer(tree), STATEMENT, { id: memberId, ...args })).node;
    // Zahra's 1 March deposit was recorded after her 5 March one: the statement runs by value date.
    const all = await statement(zahra);
    expect(all.statement).toMatchObject({
      code: 'MEMBER_SAVINGS',
      openingBalance: irr('0'),
      closingBalance: irr('2700000'),
      lines: [
        {
          kind: 'DEPOSIT',
          valueDate: '2026-03-01',
          amount: irr('700000'),
          balance: irr('700000'),
          memo: 'brought late from the meeting of 1 March',
        },
        { kind: 'DEPOSIT', valueDate: '2026-03-05', amount: irr('2000000'), balance: irr('2700000'), memo: null },
      ],
    });
    expect(all.accounts).toEqual({
      savings: irr('2700000'),
      shares: { amount: '0' },
      heldAsGuarantee: { amount: '0' },
      available: { amount: '2700000' },
    });
    // From 2 March: the 1 March deposit is the opening balance.
    const later = (await statement(zahra, { from: '2026-03-02' })).statement;
    expect(later).toMatchObject({ openingBalance: irr('700000'), closingBalance: irr('2700000') });
    expect(later.lines.map((l: { valueDate: string; balance: { amount: string } }) => [l.valueDate, l.balance.amount])).toEqual([
      ['2026-03-05', '2700000'],
    ]);
    // Amina: her deposit, then her withdrawal as a negative movement.
    const amina1 = (await statement(amina)).statement;
    expect(
      amina1.lines.map((l: { kind: string; amount: { amount: string }; balance: { amount: string } }) => [
        l.kind,
        l.amount.amount,
        l.balance.amount,
      ]),
    ).toEqual([
      ['DEPOSIT', '3000000', '3000000'],
      ['WITHDRAWAL', '-500000', '2500000'],
    ]);
    // A period with no movement: opening = closing = the balance then.
    expect((await statement(amina, { from: '2026-03-01', to: '2026-04-30' })).statement).toMatchObject({
      openingBalance: irr('3000000'),
      closingBalance: irr('3000000'),
      lines: [],
    });
    // Up to a date: what came later is not there.
    expect((await statement(amina, { to: '2026-04-30' })).statement.closingBalance).toEqual(irr('3000000'));
    // Her shares' statement is empty; the fund's cash is not hers to read; a period that ends before it starts is refused.
    expect((await statement(amina, { account: 'MEMBER_SHARES' })).statement).toMatchObject({
      code: 'MEMBER_SHARES',
      lines: [],
      closingBalance: irr('0'),
    });
    expect(failure(await p.gql(officer(tree), STATEMENT, { id: amina, account: 'CASH' }))).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'account',
    });
    expect(failure(await p.gql(officer(tree), STATEMENT, { id: amina, from: '2026-05-01', to: '2026-04-01' }))).toMatchObject({
      code: 'INVALID_PERIOD',
      field: 'to',
    });
  });

  it('the journal in pages, oldest recorded first, and between two value dates', async () => {
    // Eight entries: the grant, five of the members, three posted as the loans module would.
    const page = async (args: Record<string, unknown>) =>
      ok(await p.gql(p.national, JOURNAL, { id: tree.fundId, ...args })).node.books.journal;
    const seen: string[] = [];
    let after: string | null = null;
    const sizes: number[] = [];
    for (;;) {
      const result = await page({ first: 3, after });
      expect(result.totalCount).toBe(8);
      expect(result.nodes.map((n: { id: string }) => n.id)).toEqual(result.edges.map((e: { node: { id: string } }) => e.node.id));
      expect(result.pageInfo.endCursor).toBe(result.edges[result.edges.length - 1].cursor);
      seen.push(...result.nodes.map((n: { id: string }) => n.id));
      sizes.push(result.nodes.length);
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect(sizes).toEqual([3, 3, 2]);
    expect(new Set(seen).size).toBe(8);
    const whole = await page({ first: 8 });
    expect(whole.nodes.map((n: { id: string }) => n.id)).toEqual(seen);
    // In the order they were recorded: the back-dated deposit of 1 March is last.
    expect(whole.edges.map((e: { node: { kind: string; valueDate: string } }) => `${e.node.kind} ${e.node.valueDate}`)).toEqual([
      'GRANT_RECEIVED 2026-02-01',
      'DEPOSIT 2026-02-10',
      'DEPOSIT 2026-03-05',
      'LOAN_REPAYMENT 2026-03-20',
      'LOAN_REPAYMENT 2026-04-15',
      'WITHDRAWAL 2026-05-10',
      'LOAN_WRITE_OFF 2026-05-20',
      'DEPOSIT 2026-03-01',
    ]);
    expect(whole.pageInfo.hasNextPage).toBe(false);
    // Between two value dates: March only (the late deposit included), counted with the same filter.
    const march = await page({ from: '2026-03-01', to: '2026-03-31' });
    expect(march.totalCount).toBe(3);
    expect(march.edges.map((e: { node: { valueDate: string } }) => e.node.valueDate)).toEqual(['2026-03-05', '2026-03-20', '2026-03-01']);
    expect(failure(await p.gql(p.national, JOURNAL, { id: tree.fundId, first: 0 }))).toMatchObject({
      code: 'INVALID_PAGE_SIZE',
      field: 'first',
    });
  });
});

describe('idempotency keys', () => {
  let tree: Tree;
  let second: Tree;
  let amina: string;
  let hoa: string;

  beforeAll(async () => {
    tree = await createTree(p);
    second = await createTree(p);
    amina = await member(tree);
    hoa = await member(second);
    await settleBooks(p);
  });

  it('the same key and request give the same entry and post once; another request with the key is refused', async () => {
    const input = { memberId: amina, amount: '250000', valueDate: '2026-06-01', idempotencyKey: 'idem-key-same-0001' };
    const first = ok(await p.gql(officer(tree), DEPOSIT, { input })).deposit;
    const again = ok(await p.gql(officer(tree), DEPOSIT, { input })).deposit;
    expect(again).toEqual(first);
    expect(await entryCount(tree.fundId)).toBe(1);
    for (const changed of [{ amount: '250001' }, { valueDate: '2026-06-02' }, { memo: 'another' }]) {
      expect(failure(await p.gql(officer(tree), DEPOSIT, { input: { ...input, ...changed } }))).toMatchObject({
        code: 'IDEMPOTENCY_KEY_REUSED',
        field: 'idempotencyKey',
      });
    }
    // The same input under another operation is another request.
    expect(failure(await p.gql(officer(tree), WITHDRAW, { input }))).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await entryCount(tree.fundId)).toBe(1);
    expect(await savingsOf(amina)).toBe('250000');
    expect(failure(await p.gql(officer(tree), DEPOSIT, { input: { ...input, idempotencyKey: 'short' } }))).toMatchObject({
      code: 'INVALID_IDEMPOTENCY_KEY',
      field: 'idempotencyKey',
    });
  });

  it('keys are scoped per fund: the same key in two funds is two requests', async () => {
    const idempotencyKey = 'idem-key-shared-0001';
    const here = ok(await p.gql(officer(tree), DEPOSIT, { input: { memberId: amina, amount: '1000', idempotencyKey } })).deposit;
    const there = ok(await p.gql(officer(second), DEPOSIT, { input: { memberId: hoa, amount: '2000', idempotencyKey } })).deposit;
    expect(there.id).not.toBe(here.id);
    expect(await savingsOf(hoa)).toBe('2000');
    expect(await savingsOf(amina)).toBe('251000');
  });

  it('a refused request keeps no key: the same key then does the corrected request', async () => {
    const idempotencyKey = 'idem-key-refused-0001';
    expect(
      failure(await p.gql(officer(tree), WITHDRAW, { input: { memberId: amina, amount: '999999999', idempotencyKey } })),
    ).toMatchObject({
      code: 'INSUFFICIENT_SAVINGS',
    });
    ok(await p.gql(officer(tree), WITHDRAW, { input: { memberId: amina, amount: '1000', idempotencyKey } }));
    expect(await savingsOf(amina)).toBe('250000');
  });
});
