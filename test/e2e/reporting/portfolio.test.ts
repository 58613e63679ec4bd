import { Role } from '@funds/auth';
import { TestPlatform, failure, ok, startTestPlatform } from '../../support/platform';
import { settleBooks } from '../../support/books';
import { warmPortfolioSnapshots } from '../../../services/reporting/src';
import { Tree, createTree, enrol, op } from '../../../services/membership/test/support/factories';

/**
 * Portfolio indicators through the gateway (issue 8, first stage), from reporting's read models
 * fed by membership's and savings-loan's events. Loans are made through the gateway; the clock is
 * fixed and moved by the test.
 *
 * Fund 1 (village 1 of the county), qard al-hasan with no fee, every loan 1,200,000 IRR over 3
 * months: three instalments of 400,000, due on the day of the month it was paid out.
 * - A, on time: paid out 06-10 (due 07-10, 08-10, 09-10); repays 400,000 on 07-10 and 08-10.
 * - B, 1 day late on 08-10: paid out 07-09 (due 08-09, 09-09, 10-09); repays nothing.
 * - C, 31 days late on 08-10: paid out 06-10; repays nothing.
 * - D, rescheduled: paid out 06-10; repays nothing; rescheduled on 07-20 over 3 months (what she
 *   owes, 1,200,000: 400,000 due 08-20, 09-20, 10-20).
 * - E, written off: paid out 06-10; repays nothing; written off on 08-01 (1,200,000).
 * - G borrows nothing; every member saves 1,000,000 on 06-10; G withdraws 250,000 on 07-10.
 * Fund 2 (village 2 of the same county): H borrows 600,000 over 3 months on 06-10 (200,000 due
 * 07-10, 08-10, 09-10), repays 200,000 on 07-10, saves 1,000,000.
 *
 * PAR1 v1 counts loans more than 1 day past due (2 days or more), PAR30 v1 more than 30 days; an
 * instalment due on the day is not late (DESIGN.md section 5, "past due more than N days").
 */
let today = '2026-06-10';
const clock = { now: () => new Date(`${today}T08:00:00Z`) };

let p: TestPlatform;
let tree: Tree;
let fund2: string;
let village2: string;
let officer: string;
let officer2: string;
const m: Record<string, string> = {};
const loans: Record<string, string> = {};
let keys = 0;
const key = () => `portfolio-test-${++keys}`;

const MONEY = 'value { amount currency } definition { name version description }';
const RATIO = 'ratio numerator { amount currency } denominator { amount currency } definition { name version description }';
const PORTFOLIO = `asOf asOfEvent
  members { active women femaleHeadedHouseholds definition { name version description } }
  currencies { currency grossLoanPortfolio { ${MONEY} } par1 { ${RATIO} } par30 { ${RATIO} } arrears { ${MONEY} } arrearsRate { ${RATIO} }
    activeBorrowers { value definition { name version description } }
    loansDisbursed { from to count amount { amount currency } definition { name version description } }
    savingsBalance { ${MONEY} } }`;
const NODE_PORTFOLIO = `query($id: ID!, $asOf: String, $periodFrom: String) { node(id: $id) {
  ... on Province { portfolio(asOf: $asOf, periodFrom: $periodFrom) { ${PORTFOLIO} } }
  ... on County { portfolio(asOf: $asOf, periodFrom: $periodFrom) { ${PORTFOLIO} } }
  ... on Village { portfolio(asOf: $asOf, periodFrom: $periodFrom) { ${PORTFOLIO} } }
  ... on Fund { portfolio(asOf: $asOf, periodFrom: $periodFrom) { ${PORTFOLIO} } }
  ... on Group { portfolio(asOf: $asOf, periodFrom: $periodFrom) { ${PORTFOLIO} } } } }`;

const EXTRA = `members { withDisability referredByPartner dropOutRate { ratio numerator denominator definition { name version } } }
  currencies { currency onTimeRepaymentRate { ${RATIO} } collectionRate { ${RATIO} } savingsMobilised { ${MONEY} } partnerCapital { ${MONEY} }
    partnerCapitalByPartner { partnerId kind amount { amount currency } } totalAssets { ${MONEY} } loanFundUtilisation { ${RATIO} } }`;

const FIGURES = `asOf currencies { currency grossLoanPortfolio { value { amount } } par1 { ratio } par30 { ratio } arrears { value { amount } }
  loansDisbursed { from to count amount { amount } } savingsBalance { value { amount } } }`;
const CHILDREN = `query($id: ID!, $asOf: String) { node(id: $id) {
  ... on Province { portfolio(asOf: $asOf) { ${FIGURES} children { node { id name level } portfolio { ${FIGURES} } } } }
  ... on County { portfolio(asOf: $asOf) { ${FIGURES} children { node { id name level } portfolio { ${FIGURES} } } } }
  ... on Village { portfolio(asOf: $asOf) { ${FIGURES} children { node { id name level } portfolio { ${FIGURES} } } } }
  ... on Fund { portfolio(asOf: $asOf) { ${FIGURES} children { node { id name level } portfolio { ${FIGURES} } } } }
  ... on Group { portfolio(asOf: $asOf) { ${FIGURES} children { node { id name level } portfolio { ${FIGURES} } } } } } }`;
const PERIODS = `calendar periods { label start end localStart localEnd portfolio { ${FIGURES} } }`;
const SERIES = `query($id: ID!, $from: String!, $to: String) { node(id: $id) {
  ... on Province { portfolioSeries(from: $from, to: $to) { ${PERIODS} } }
  ... on County { portfolioSeries(from: $from, to: $to) { ${PERIODS} } }
  ... on Village { portfolioSeries(from: $from, to: $to) { ${PERIODS} } }
  ... on Fund { portfolioSeries(from: $from, to: $to) { ${PERIODS} } }
  ... on Group { portfolioSeries(from: $from, to: $to) { ${PERIODS} } } } }`;

/** The short figures of FIGURES (IRR unless said). */
function short(portfolio: any, currency = 'IRR') {
  const c = portfolio.currencies.find((x: { currency: string }) => x.currency === currency);
  return {
    asOf: portfolio.asOf,
    glp: c.grossLoanPortfolio.value.amount,
    par1: c.par1.ratio,
    par30: c.par30.ratio,
    arrears: c.arrears.value.amount,
    disbursed: [c.loansDisbursed.from, c.loansDisbursed.count, c.loansDisbursed.amount.amount],
    savings: c.savingsBalance.value.amount,
  };
}

const CREATE_PRODUCT = `mutation($fundId: ID!, $input: LoanProductInput!) { createLoanProduct(fundId: $fundId, input: $input) { id } }`;
const APPLY = `mutation($input: ApplyForLoanInput!) { applyForLoan(input: $input) { id } }`;
const APPROVE = `mutation($loanId: ID!) { approveLoan(loanId: $loanId) { id } }`;
const DISBURSE = `mutation($input: LoanMoneyInput!) { disburseLoan(input: $input) { id instalments { dueOn principal { amount } } } }`;
const REPAY = `mutation($input: RepayLoanInput!) { repayLoan(input: $input) { id } }`;
const RESCHEDULE = `mutation($input: RescheduleLoanInput!) { rescheduleLoan(input: $input) { id instalments { dueOn principal { amount } } } }`;
const WRITE_OFF = `mutation($input: LoanMoneyInput!) { writeOffLoan(input: $input) { id status } }`;
const DEPOSIT = `mutation($input: MemberMoneyInput!) { deposit(input: $input) { id } }`;
const WITHDRAW = `mutation($input: MemberMoneyInput!) { withdraw(input: $input) { id } }`;

async function lend(memberId: string, productId: string, principal: string, token: string) {
  const applied = ok(await p.gql(token, APPLY, { input: { memberId, productId, principal, termMonths: 3 } })).applyForLoan;
  ok(await p.gql(token, APPROVE, { loanId: applied.id }));
  ok(await p.gql(token, DISBURSE, { input: { loanId: applied.id, idempotencyKey: key() } }));
  return applied.id as string;
}

async function repay(loanId: string, amount: string, valueDate: string, token = officer) {
  ok(await p.gql(token, REPAY, { input: { loanId, amount, valueDate, idempotencyKey: key() } }));
}

/** A node's portfolio through the gateway, after reporting has applied every event. */
async function portfolio(id: string, asOf?: string, periodFrom?: string, token = p.national) {
  await p.reportingSettled();
  const result = await p.gql(token, NODE_PORTFOLIO, { id, asOf, periodFrom });
  return ok(result).node?.portfolio ?? null;
}

/** The figures of one currency, as plain strings: what the hand computations below give. */
function figures(portfolio: any, currency = 'IRR') {
  const c = portfolio.currencies.find((x: { currency: string }) => x.currency === currency);
  return {
    glp: c.grossLoanPortfolio.value.amount,
    par1: c.par1.ratio,
    par1AtRisk: c.par1.numerator.amount,
    par30: c.par30.ratio,
    par30AtRisk: c.par30.numerator.amount,
    arrears: c.arrears.value.amount,
    arrearsRate: c.arrearsRate.ratio,
    borrowers: c.activeBorrowers.value,
    disbursed: [c.loansDisbursed.count, c.loansDisbursed.amount.amount],
    savings: c.savingsBalance.value.amount,
  };
}

beforeAll(async () => {
  p = await startTestPlatform({ clock });
  tree = await createTree(p);
  village2 = ok(await p.gql(p.national, op('create-village'), { input: { countyId: tree.countyId, name: 'روستا دوم گزارش' } }))
    .createVillage.id;
  fund2 = ok(
    await p.gql(p.national, op('create-fund'), {
      input: { villageId: village2, name: 'صندوق دوم گزارش', methodology: 'MICRO_FUND', foundedOn: '2025-01-01' },
    }),
  ).createFund.id;
  const group2 = ok(await p.gql(p.national, op('create-group'), { input: { fundId: fund2, name: 'گروه دوم گزارش' } })).createGroup.id;
  for (const name of ['A', 'B', 'C', 'D', 'E', 'G']) {
    const femaleHeaded = name === 'A' || name === 'C';
    m[name] = ok(await enrol(p, tree.fundId, { groupId: tree.groupId, femaleHeadOfHousehold: femaleHeaded })).enrolMember.id;
  }
  m.H = ok(await enrol(p, fund2, { groupId: group2 })).enrolMember.id;
  await settleBooks(p);
  officer = p.token(Role.FUND_OFFICER, tree.fundId);
  officer2 = p.token(Role.FUND_OFFICER, fund2);
  for (const name of ['A', 'B', 'C', 'D', 'E', 'G'])
    ok(await p.gql(officer, DEPOSIT, { input: { memberId: m[name], amount: '1000000', idempotencyKey: key() } }));
  ok(await p.gql(officer2, DEPOSIT, { input: { memberId: m.H, amount: '1000000', idempotencyKey: key() } }));
  const product = ok(await p.gql(p.national, CREATE_PRODUCT, { fundId: tree.fundId, input: { name: 'قرض الحسنه', feePercent: '0' } }))
    .createLoanProduct.id;
  const product2 = ok(await p.gql(p.national, CREATE_PRODUCT, { fundId: fund2, input: { name: 'قرض الحسنه', feePercent: '0' } }))
    .createLoanProduct.id;
  // 06-10: A, C, D, E in fund 1 and H in fund 2 are paid out.
  for (const name of ['A', 'C', 'D', 'E']) loans[name] = await lend(m[name], product, '1200000', officer);
  loans.H = await lend(m.H, product2, '600000', officer2);
  // 07-09: B is paid out (the fund's cash is exactly 1,200,000).
  today = '2026-07-09';
  loans.B = await lend(m.B, product, '1200000', officer);
  // 07-10: A and H repay their first instalment; G withdraws.
  today = '2026-07-10';
  await repay(loans.A, '400000', '2026-07-10');
  await repay(loans.H, '200000', '2026-07-10', officer2);
  ok(await p.gql(officer, WITHDRAW, { input: { memberId: m.G, amount: '250000', idempotencyKey: key() } }));
  // 07-20: D is rescheduled over 3 months from the day.
  today = '2026-07-20';
  const rescheduled = ok(await p.gql(officer, RESCHEDULE, { input: { loanId: loans.D, termMonths: 3 } })).rescheduleLoan;
  expect(rescheduled.instalments.map((i: { dueOn: string; principal: { amount: string } }) => [i.dueOn, i.principal.amount])).toEqual([
    ['2026-08-20', '400000'],
    ['2026-09-20', '400000'],
    ['2026-10-20', '400000'],
  ]);
  // 08-01: E is written off.
  today = '2026-08-01';
  expect(ok(await p.gql(p.national, WRITE_OFF, { input: { loanId: loans.E, idempotencyKey: key() } })).writeOffLoan.status).toBe(
    'WRITTEN_OFF',
  );
  // 08-10: A repays her second instalment on its day. The clock then stays at 08-11.
  today = '2026-08-10';
  await repay(loans.A, '400000', '2026-08-10');
  today = '2026-08-11';
}, 120_000);

afterAll(() => p.stop());

describe('a fund with loans on time, late, rescheduled and written off', () => {
  it('on 07-11 (asked for): every loan counts; three are 1 day late, which is not yet PAR1', async () => {
    // Outstanding: A 1,200,000 - 400,000 = 800,000; B, C, D (its old schedule: rescheduled on 07-20), E 1,200,000 each.
    // GLP = 800,000 + 4 x 1,200,000 = 5,600,000. Due before 07-11: the 07-10 instalments of A (paid), C, D, E:
    // arrears = 3 x 400,000 = 1,200,000, rate 1,200,000 / 5,600,000 = 0.2142857142857... -> 0.2142857143.
    // C, D, E are 1 day past due: not more than 1 day, so PAR1 = 0; PAR30 = 0.
    // Disbursed since 07-01: B only. Savings: 6 x 1,000,000 - 250,000 = 5,750,000.
    expect(figures(await portfolio(tree.fundId, '2026-07-11', '2026-07-01'))).toEqual({
      glp: '5600000',
      par1: '0',
      par1AtRisk: '0',
      par30: '0',
      par30AtRisk: '0',
      arrears: '1200000',
      arrearsRate: '0.2142857143',
      borrowers: 5,
      disbursed: [1, '1200000'],
      savings: '5750000',
    });
  });

  it('on 07-12: C, D and E are 2 days late, in PAR1', async () => {
    // PAR1 = (C + D + E) 3,600,000 / 5,600,000 = 0.642857142857... -> 0.6428571429. Disbursed from the first loan: 5, 6,000,000.
    expect(figures(await portfolio(tree.fundId, '2026-07-12'))).toMatchObject({
      glp: '5600000',
      par1: '0.6428571429',
      par1AtRisk: '3600000',
      par30: '0',
      arrears: '1200000',
      disbursed: [5, '6000000'],
    });
  });

  it('on 08-10: E written off is out; D rescheduled is current; B is 1 day late; C is 31 days late, in PAR30', async () => {
    // Outstanding: A 1,200,000 - 800,000 = 400,000; B, C, D 1,200,000 each; E written off on 08-01: out.
    // GLP = 400,000 + 3 x 1,200,000 = 4,000,000.
    // Due before 08-10: A's 07-10 (paid); B's 08-09 (unpaid, 1 day); C's 07-10 (unpaid, 31 days); D's new schedule starts 08-20.
    // Arrears = B 400,000 + C 400,000 = 800,000; rate 0.2. PAR1 (> 1 day) = C 1,200,000 / 4,000,000 = 0.3; PAR30 (> 30 days) = C: 0.3.
    expect(figures(await portfolio(tree.fundId, '2026-08-10'))).toEqual({
      glp: '4000000',
      par1: '0.3',
      par1AtRisk: '1200000',
      par30: '0.3',
      par30AtRisk: '1200000',
      arrears: '800000',
      arrearsRate: '0.2',
      borrowers: 4,
      disbursed: [5, '6000000'],
      savings: '5750000',
    });
  });

  it('today (08-11, by default): B 2 days late joins PAR1; C owes two instalments', async () => {
    // A paid her 08-10 instalment on its day: current. B 400,000 overdue (2 days); C 800,000 overdue (32 days).
    // Arrears = 1,200,000, rate 0.3; PAR1 = (B + C) 2,400,000 / 4,000,000 = 0.6; PAR30 = C 1,200,000 / 4,000,000 = 0.3.
    const today = await portfolio(tree.fundId);
    expect(today.asOf).toBe('2026-08-11');
    expect(figures(today)).toMatchObject({
      glp: '4000000',
      par1: '0.6',
      par30: '0.3',
      arrears: '1200000',
      arrearsRate: '0.3',
      borrowers: 4,
    });
    expect(today.members).toMatchObject({ active: 6, women: 6, femaleHeadedHouseholds: 2 });
    expect(new Date(today.asOfEvent).getTime()).toBeGreaterThan(0);
    const c = today.currencies[0];
    expect(
      [c.par1.definition, c.par30.definition, c.grossLoanPortfolio.definition].map(
        (d: { name: string; version: number }) => `${d.name} v${d.version}`,
      ),
    ).toEqual(['PAR1 v1', 'PAR30 v1', 'GROSS_LOAN_PORTFOLIO v1']);
    expect(c.par1.denominator).toEqual({ amount: '4000000', currency: 'IRR' });
    expect(c.loansDisbursed).toMatchObject({ from: null, to: '2026-08-11' });
  });

  it("the fund's group and village have the fund's figures", async () => {
    const fund = figures(await portfolio(tree.fundId, '2026-08-10'));
    expect(figures(await portfolio(tree.groupId, '2026-08-10'))).toEqual(fund);
    expect(figures(await portfolio(tree.villageId, '2026-08-10'))).toEqual(fund);
  });
});

describe('up the hierarchy', () => {
  it("a county's gross loan portfolio, arrears, borrowers, disbursed and savings are the sums of its funds'; its ratios are recomputed from them", async () => {
    for (const day of ['2026-07-11', '2026-08-10', '2026-08-11']) {
      const f1 = figures(await portfolio(tree.fundId, day));
      const f2 = figures(await portfolio(fund2, day));
      const county = figures(await portfolio(tree.countyId, day));
      const sum = (a: string, b: string) => String(Number(a) + Number(b));
      expect(county.glp).toBe(sum(f1.glp, f2.glp));
      expect(county.arrears).toBe(sum(f1.arrears, f2.arrears));
      expect(county.par30AtRisk).toBe(sum(f1.par30AtRisk, f2.par30AtRisk));
      expect(county.borrowers).toBe(f1.borrowers + f2.borrowers);
      expect(county.disbursed).toEqual([f1.disbursed[0] + f2.disbursed[0], sum(f1.disbursed[1], f2.disbursed[1])]);
      expect(county.savings).toBe(sum(f1.savings, f2.savings));
      expect(figures(await portfolio(tree.provinceId, day))).toEqual(county);
    }
    // Fund 2 on 08-11: H owes 400,000, her 08-10 instalment of 200,000 is 1 day late. County GLP = 4,000,000 + 400,000.
    expect(figures(await portfolio(fund2))).toMatchObject({ glp: '400000', arrears: '200000', par1: '0', borrowers: 1 });
    expect(figures(await portfolio(tree.countyId))).toMatchObject({
      glp: '4400000',
      arrears: '1400000',
      arrearsRate: '0.3181818182',
      par1: '0.5454545455',
      par30: '0.2727272727',
    });
    expect((await portfolio(tree.countyId)).members).toMatchObject({ active: 7, women: 7 });
  });
});

describe('breakdown by children and months', () => {
  it("a node's children with their portfolios on its day: they add up to it; a group has none", async () => {
    await p.reportingSettled();
    const county = ok(await p.gql(p.national, CHILDREN, { id: tree.countyId, asOf: '2026-08-10' })).node.portfolio;
    expect(county.children.map((c: { node: { id: string; level: string } }) => [c.node.id, c.node.level]).sort()).toEqual(
      [
        [tree.villageId, 'VILLAGE'],
        [village2, 'VILLAGE'],
      ].sort(),
    );
    expect(county.children.find((c: { node: { id: string } }) => c.node.id === village2).node.name).toBe('روستا دوم گزارش');
    // Village 1 holds fund 1 (4,000,000 on 08-10), village 2 fund 2 (H owes 400,000): the county's 4,400,000.
    const glps = county.children.map((c: { portfolio: unknown }) => Number(short(c.portfolio).glp));
    expect(glps.sort((a: number, b: number) => a - b)).toEqual([400000, 4000000]);
    expect(short(county).glp).toBe('4400000');
    for (const child of county.children) expect(child.portfolio.asOf).toBe('2026-08-10');
    const province = ok(await p.gql(p.national, CHILDREN, { id: tree.provinceId, asOf: '2026-08-10' })).node.portfolio;
    expect(province.children.map((c: { node: { id: string } }) => c.node.id)).toEqual([tree.countyId]);
    expect(short(province.children[0].portfolio)).toEqual(short(county));
    const village = ok(await p.gql(p.national, CHILDREN, { id: tree.villageId, asOf: '2026-08-10' })).node.portfolio;
    expect(village.children.map((c: { node: { id: string } }) => c.node.id)).toEqual([tree.fundId]);
    const fund = ok(await p.gql(p.national, CHILDREN, { id: tree.fundId, asOf: '2026-08-10' })).node.portfolio;
    expect(fund.children.map((c: { node: { id: string; level: string } }) => [c.node.id, c.node.level])).toEqual([[tree.groupId, 'GROUP']]);
    expect(short(fund.children[0].portfolio)).toEqual(short(fund));
    const group = ok(await p.gql(p.national, CHILDREN, { id: tree.groupId, asOf: '2026-08-10' })).node.portfolio;
    expect(group.children).toEqual([]);
  });

  it('an Iranian fund month by month in the Solar Hijri calendar: each month at its end, the last one at the day asked', async () => {
    await p.reportingSettled();
    const series = ok(await p.gql(p.national, SERIES, { id: tree.fundId, from: '2026-05-01', to: '2026-08-11' })).node.portfolioSeries;
    expect(series.calendar).toBe('SOLAR_HIJRI');
    expect(series.periods.map((x: any) => [x.label, x.start, x.end, x.localStart, x.localEnd])).toEqual([
      ['1405-02', '2026-04-21', '2026-05-21', '1405-02-01', '1405-02-31'],
      ['1405-03', '2026-05-22', '2026-06-21', '1405-03-01', '1405-03-31'],
      ['1405-04', '2026-06-22', '2026-07-22', '1405-04-01', '1405-04-31'],
      ['1405-05', '2026-07-23', '2026-08-22', '1405-05-01', '1405-05-31'],
    ]);
    expect(series.periods.map((x: any) => short(x.portfolio))).toEqual([
      // Ordibehesht: nothing lent or saved yet.
      { asOf: '2026-05-21', glp: '0', par1: null, par30: null, arrears: '0', disbursed: ['2026-04-21', 0, '0'], savings: '0' },
      // Khordad: A, C, D, E paid out on 06-10 (4 x 1,200,000), nothing due yet; 6 x 1,000,000 saved.
      {
        asOf: '2026-06-21',
        glp: '4800000',
        par1: '0',
        par30: '0',
        arrears: '0',
        disbursed: ['2026-05-22', 4, '4800000'],
        savings: '6000000',
      },
      // Tir, at 07-22: B paid out on 07-09; A repaid 400,000; D rescheduled on 07-20 (current); C and E owe their
      // 07-10 instalments, 12 days late: PAR1 = 2,400,000 / 5,600,000 = 0.428571428571... -> 0.4285714286.
      {
        asOf: '2026-07-22',
        glp: '5600000',
        par1: '0.4285714286',
        par30: '0',
        arrears: '800000',
        disbursed: ['2026-06-22', 1, '1200000'],
        savings: '5750000',
      },
      // Mordad, not over: at 08-11, as today's figures above.
      {
        asOf: '2026-08-11',
        glp: '4000000',
        par1: '0.6',
        par30: '0.3',
        arrears: '1200000',
        disbursed: ['2026-07-23', 0, '0'],
        savings: '5750000',
      },
    ]);
    // The same months for the group, village, county and province (one fund in the village; the county adds fund 2).
    for (const id of [tree.groupId, tree.villageId]) {
      const other = ok(await p.gql(p.national, SERIES, { id, from: '2026-05-01', to: '2026-08-11' })).node.portfolioSeries;
      expect(other.periods.map((x: any) => short(x.portfolio))).toEqual(series.periods.map((x: any) => short(x.portfolio)));
    }
    for (const id of [tree.countyId, tree.provinceId]) {
      const other = ok(await p.gql(p.national, SERIES, { id, from: '2026-05-01' })).node.portfolioSeries;
      expect(other.periods.map((x: any) => [x.label, x.portfolio.asOf])).toEqual([
        ['1405-02', '2026-05-21'],
        ['1405-03', '2026-06-21'],
        ['1405-04', '2026-07-22'],
        ['1405-05', '2026-08-11'],
      ]);
      expect(short(other.periods[3].portfolio).glp).toBe('4400000');
    }
  });

  it('quarters and half-years: Solar Hijri ones from Nowruz for an Iranian fund and county, Gregorian ones for a Vietnamese fund', async () => {
    const BY_PERIOD = `query($id: ID!, $from: String!, $to: String, $period: SeriesPeriod) { node(id: $id) {
      ... on Province { portfolioSeries(from: $from, to: $to, period: $period) { ${PERIODS} } }
      ... on County { portfolioSeries(from: $from, to: $to, period: $period) { ${PERIODS} } }
      ... on Village { portfolioSeries(from: $from, to: $to, period: $period) { ${PERIODS} } }
      ... on Fund { portfolioSeries(from: $from, to: $to, period: $period) { ${PERIODS} } }
      ... on Group { portfolioSeries(from: $from, to: $to, period: $period) { ${PERIODS} } } } }`;
    await p.reportingSettled();
    const series = async (id: string, from: string, period: string | null) =>
      ok(await p.gql(p.national, BY_PERIOD, { id, from, to: '2026-08-11', period })).node.portfolioSeries;
    const quarters = await series(tree.fundId, '2026-03-01', 'QUARTER');
    expect(quarters.calendar).toBe('SOLAR_HIJRI');
    expect(quarters.periods.map((x: any) => [x.label, x.start, x.end, x.localStart, x.localEnd])).toEqual([
      ['1404-Q4', '2025-12-22', '2026-03-20', '1404-10-01', '1404-12-29'],
      ['1405-Q1', '2026-03-21', '2026-06-21', '1405-01-01', '1405-03-31'],
      ['1405-Q2', '2026-06-22', '2026-09-22', '1405-04-01', '1405-06-31'],
    ]);
    expect(quarters.periods.map((x: any) => short(x.portfolio))).toEqual([
      // Dey to Esfand 1404: nothing lent or saved yet.
      { asOf: '2026-03-20', glp: '0', par1: null, par30: null, arrears: '0', disbursed: ['2025-12-22', 0, '0'], savings: '0' },
      // Farvardin to Khordad 1405, at its last day 06-21: A, C, D, E paid out on 06-10 (4 x 1,200,000), nothing due yet; 6 x 1,000,000 saved.
      {
        asOf: '2026-06-21',
        glp: '4800000',
        par1: '0',
        par30: '0',
        arrears: '0',
        disbursed: ['2026-03-21', 4, '4800000'],
        savings: '6000000',
      },
      // Tir to Shahrivar, not over: at 08-11 as today's figures (GLP 4,000,000, PAR1 0.6, PAR30 0.3); only B paid out in it.
      {
        asOf: '2026-08-11',
        glp: '4000000',
        par1: '0.6',
        par30: '0.3',
        arrears: '1200000',
        disbursed: ['2026-06-22', 1, '1200000'],
        savings: '5750000',
      },
    ]);
    const halves = await series(tree.fundId, '2026-01-01', 'HALF_YEAR');
    expect(halves.periods.map((x: any) => [x.label, x.start, x.end, x.localStart, x.localEnd])).toEqual([
      ['1404-H2', '2025-09-23', '2026-03-20', '1404-07-01', '1404-12-29'],
      ['1405-H1', '2026-03-21', '2026-09-22', '1405-01-01', '1405-06-31'],
    ]);
    // Farvardin to Shahrivar 1405: all five loans of fund 1 paid out in it (5 x 1,200,000).
    expect(short(halves.periods[1].portfolio)).toMatchObject({
      asOf: '2026-08-11',
      glp: '4000000',
      disbursed: ['2026-03-21', 5, '6000000'],
    });
    // The county adds fund 2: H's 600,000 paid out on 06-10, 400,000 still owed.
    const county = await series(tree.countyId, '2026-03-21', 'HALF_YEAR');
    expect(county.periods.map((x: any) => short(x.portfolio))).toEqual([
      expect.objectContaining({ asOf: '2026-08-11', glp: '4400000', disbursed: ['2026-03-21', 6, '6600000'], savings: '6750000' }),
    ]);
    // The fund's group and village have its quarters; the province has the county's half-year.
    for (const id of [tree.groupId, tree.villageId]) {
      expect((await series(id, '2026-03-01', 'QUARTER')).periods.map((x: any) => short(x.portfolio))).toEqual(
        quarters.periods.map((x: any) => short(x.portfolio)),
      );
    }
    expect((await series(tree.provinceId, '2026-03-21', 'HALF_YEAR')).periods.map((x: any) => short(x.portfolio))).toEqual(
      county.periods.map((x: any) => short(x.portfolio)),
    );
    // MONTH is what the series gives when no period is named.
    expect(await series(tree.fundId, '2026-05-01', 'MONTH')).toEqual(await series(tree.fundId, '2026-05-01', null));
    // A Vietnamese fund counts Gregorian quarters and half-years.
    const vn = await createTree(p, { country: 'VN', methodology: 'SAVINGS_GROUP' });
    await p.reportingSettled();
    const vnQuarters = await series(vn.fundId, '2026-03-31', 'QUARTER');
    expect(vnQuarters.calendar).toBe('GREGORIAN');
    expect(vnQuarters.periods.map((x: any) => [x.label, x.start, x.end, x.portfolio.asOf])).toEqual([
      ['2026-Q1', '2026-01-01', '2026-03-31', '2026-03-31'],
      ['2026-Q2', '2026-04-01', '2026-06-30', '2026-06-30'],
      ['2026-Q3', '2026-07-01', '2026-09-30', '2026-08-11'],
    ]);
    const vnHalves = await series(vn.fundId, '2026-06-30', 'HALF_YEAR');
    expect(vnHalves.periods.map((x: any) => [x.label, x.start, x.end])).toEqual([
      ['2026-H1', '2026-01-01', '2026-06-30'],
      ['2026-H2', '2026-07-01', '2026-12-31'],
    ]);
  });

  it("a county's villages ranked by each indicator, highest or lowest first; first and currency choose how many and in what", async () => {
    const TOP = `query($id: ID!, $by: ChildRanking!, $order: RankingOrder, $first: Int, $currency: String) { node(id: $id) {
      ... on County { portfolio(asOf: "2026-08-10") { topChildren(by: $by, order: $order, first: $first, currency: $currency) {
        node { id } portfolio { asOf } } } } } }`;
    await p.reportingSettled();
    const top = async (variables: Record<string, unknown>) =>
      ok(await p.gql(p.national, TOP, { id: tree.countyId, ...variables })).node.portfolio.topChildren.map(
        (c: { node: { id: string } }) => c.node.id,
      );
    // On 08-10, village 1 (fund 1): PAR30 and PAR1 0.3, arrears rate 0.2, GLP 4,000,000, arrears 800,000, savings 5,750,000,
    // 6,000,000 paid out, 4 borrowers, 6 members. Village 2 (fund 2): H owes 400,000, her 08-10 instalment due on the day (not
    // late): ratios 0, arrears 0, savings 1,000,000, 600,000 paid out, 1 borrower, 1 member. Village 1 is higher on every one.
    const rankings = ['PAR30', 'PAR1', 'ARREARS_RATE', 'GROSS_LOAN_PORTFOLIO', 'ARREARS', 'SAVINGS_BALANCE', 'LOANS_DISBURSED'];
    for (const by of [...rankings, 'ACTIVE_BORROWERS', 'ACTIVE_MEMBERS']) {
      expect([by, await top({ by, order: 'DESC' })]).toEqual([by, [tree.villageId, village2]]);
      expect([by, await top({ by, order: 'ASC', currency: 'IRR' })]).toEqual([by, [village2, tree.villageId]]);
    }
    // DESC and five by default; first: 1 is the top one.
    expect(await top({ by: 'PAR30' })).toEqual([tree.villageId, village2]);
    expect(await top({ by: 'PAR30', order: 'ASC', first: 1 })).toEqual([village2]);
    // In a currency they have no figures in, every village ranks alike (by name).
    expect((await top({ by: 'PAR30', currency: 'VND' })).sort()).toEqual([tree.villageId, village2].sort());
    // 0 is reporting's refusal; over 100 the gateway's page-size rule refuses first, as for every list.
    for (const [first, code] of [
      [0, 'INVALID_INPUT'],
      [101, 'INVALID_PAGE_SIZE'],
    ]) {
      expect(failure(await p.gql(p.national, TOP, { id: tree.countyId, by: 'PAR30', first }))).toMatchObject({ code, field: 'first' });
    }
  });

  it('a Vietnamese node counts Gregorian months; a series out of order or too long is a coded error', async () => {
    const vn = await createTree(p, { country: 'VN', methodology: 'SAVINGS_GROUP' });
    await p.reportingSettled();
    const series = ok(await p.gql(p.national, SERIES, { id: vn.fundId, from: '2026-07-15' })).node.portfolioSeries;
    expect(series.calendar).toBe('GREGORIAN');
    expect(series.periods.map((x: any) => [x.label, x.start, x.end, x.localEnd, x.portfolio.asOf])).toEqual([
      ['2026-07', '2026-07-01', '2026-07-31', '2026-07-31', '2026-07-31'],
      ['2026-08', '2026-08-01', '2026-08-31', '2026-08-31', '2026-08-11'],
    ]);
    expect(short(series.periods[1].portfolio, 'VND').glp).toBe('0');
    for (const [from, to, field] of [
      ['2026-08-12', '2026-08-11', 'from'],
      ['2020-01-01', '2026-08-11', 'from'],
      ['2026-02-30', null, 'from'],
      ['2026-01-01', '2026-13-01', 'to'],
    ]) {
      expect(failure(await p.gql(p.national, SERIES, { id: tree.fundId, from, to }))).toMatchObject({ code: 'INVALID_INPUT', field });
    }
    // Outside the caller's scope: no series.
    const outsider = p.token(Role.REGIONAL_ADMIN, vn.countyId);
    expect(ok(await p.gql(outsider, SERIES, { id: tree.fundId, from: '2026-07-15' })).node).toBeNull();
  });
});

describe("repayment rates, savings mobilised, members, partners' capital and utilisation", () => {
  const MORE = `query($id: ID!, $asOf: String, $periodFrom: String) { node(id: $id) {
    ... on Fund { portfolio(asOf: $asOf, periodFrom: $periodFrom) { ${EXTRA} } }
    ... on County { portfolio(asOf: $asOf, periodFrom: $periodFrom) { ${EXTRA} } } } }`;
  const more = async (id: string, asOf?: string, periodFrom?: string) => {
    await p.reportingSettled();
    const c = ok(await p.gql(p.national, MORE, { id, asOf, periodFrom })).node.portfolio;
    const irr = c.currencies.find((x: { currency: string }) => x.currency === 'IRR');
    return {
      onTime: [irr.onTimeRepaymentRate.ratio, irr.onTimeRepaymentRate.numerator.amount, irr.onTimeRepaymentRate.denominator.amount],
      collection: [irr.collectionRate.ratio, irr.collectionRate.numerator.amount, irr.collectionRate.denominator.amount],
      mobilised: irr.savingsMobilised.value.amount,
      capital: irr.partnerCapital.value.amount,
      byPartner: irr.partnerCapitalByPartner.map((x: any) => [x.partnerId, x.kind, x.amount.amount]),
      assets: irr.totalAssets.value.amount,
      utilisation: irr.loanFundUtilisation.ratio,
      members: [c.members.withDisability, c.members.referredByPartner],
      dropOut: [c.members.dropOutRate.ratio, c.members.dropOutRate.numerator, c.members.dropOutRate.denominator],
    };
  };

  it('fund 1 on 07-11, for July: of 1,600,000 due on 07-10 only A paid 400,000 on time; nothing deposited in July', async () => {
    // Due 07-10: A, C, D (its first schedule: rescheduled on 07-20), E, 400,000 each. A paid hers that day.
    // Assets: cash 6,000,000 - 4,800,000 - 1,200,000 (B) + 400,000 - 250,000 = 150,000, plus loans 5,600,000 = 5,750,000:
    // her members' savings, no capital, no income, nothing written off yet. Utilisation 5,600,000 / 5,750,000.
    expect(await more(tree.fundId, '2026-07-11', '2026-07-01')).toEqual({
      onTime: ['0.25', '400000', '1600000'],
      collection: ['0.25', '400000', '1600000'],
      mobilised: '0',
      capital: '0',
      byPartner: [],
      assets: '5750000',
      utilisation: '0.9739130435',
      members: [0, 0],
      dropOut: ['0', 0, 6],
    });
  });

  it('fund 1 on 08-11, from the first loan: 2,800,000 fell due, 800,000 paid on time; E written off; 6,000,000 deposited', async () => {
    // Due: A 07-10 and 08-10 (both paid on their day), C 07-10 and 08-10, D 07-10 (its second schedule's first is 08-20),
    // E 07-10 (none after its write-off on 08-01), B 08-09: 2,800,000; on time 800,000 (A), received 800,000.
    // Assets: savings 5,750,000 less the 1,200,000 written off = 4,550,000 (cash 550,000 + loans 4,000,000).
    expect(await more(tree.fundId)).toEqual({
      onTime: ['0.2857142857', '800000', '2800000'],
      collection: ['0.2857142857', '800000', '2800000'],
      mobilised: '6000000',
      capital: '0',
      byPartner: [],
      assets: '4550000',
      utilisation: '0.8791208791',
      members: [0, 0],
      dropOut: [null, 0, 0],
    });
  });

  it("a partner's grant and a member who leaves: the fund's and the county's capital, assets and drop-out rate", async () => {
    const partner = ok(
      await p.gql(p.national, `mutation($input: CreatePartnerInput!) { createPartner(input: $input) { id } }`, {
        input: { name: 'صندوق امید آزمون گزارش', kind: 'DONOR', countryCode: 'IR' },
      }),
    ).createPartner.id;
    await settleBooks(p);
    ok(
      await p.gql(officer2, `mutation($input: CapitalInput!) { receiveGrant(input: $input) { id } }`, {
        input: { fundId: fund2, partnerId: partner, amount: '5000000', idempotencyKey: key() },
      }),
    );
    ok(
      await p.gql(p.national, `mutation($input: ExitMemberInput!) { exitMember(input: $input) { id } }`, {
        input: { id: m.G, reason: 'MOVED_AWAY' },
      }),
    );
    // Fund 2: H's savings 1,000,000 + the grant 5,000,000 = assets 6,000,000 (cash 5,600,000 + H's 400,000 outstanding).
    const fund = await more(fund2, undefined, '2026-08-01');
    expect(fund).toMatchObject({ capital: '5000000', byPartner: [[partner, 'GRANT', '5000000']], assets: '6000000' });
    expect(fund.utilisation).toBe('0.0666666667');
    // The county: fund 1's and fund 2's; G left fund 1 in August: 1 of the 7 members on 07-31.
    expect(await more(tree.countyId, undefined, '2026-08-01')).toMatchObject({
      capital: '5000000',
      byPartner: [[partner, 'GRANT', '5000000']],
      assets: '10550000',
      utilisation: '0.4170616114',
      dropOut: ['0.1428571429', 1, 7],
    });
  });
});

describe('cost', () => {
  /** The statements of the last request that read per-loan state, members or movements (the snapshots' computation). */
  const PER_LOAN = /loan_state|member_fact|balance_movement|loan_repayment|loan_instalment|fund_flow/;
  const resolvedLevels = () =>
    p.reportingCounter.texts
      .filter((t) => t.query.includes('has_before'))
      .map((t) => t.parameters[4])
      .sort();

  it('a county with its villages and their funds reads only snapshots once they are there: one resolving statement per level, none over loans or members', async () => {
    const NESTED = `query($id: ID!) { node(id: $id) { ... on County { portfolio { asOf } villages { nodes { portfolio { asOf }
      funds { nodes { id portfolio { currencies { grossLoanPortfolio { value { amount } } } } } } } } } } }`;
    await p.reportingSettled();
    const first = ok(await p.gql(p.national, NESTED, { id: tree.countyId }));
    p.reportingCounter.reset();
    const data = ok(await p.gql(p.national, NESTED, { id: tree.countyId }));
    expect(data).toEqual(first);
    const funds = data.node.villages.nodes.flatMap((v: { funds: { nodes: unknown[] } }) => v.funds.nodes);
    expect(funds).toHaveLength(2);
    // Fund 1 holds six members and five loans, fund 2 one of each: the same statements answer both, from their snapshots.
    expect(resolvedLevels()).toEqual(['COUNTY', 'FUND', 'VILLAGE']);
    expect(p.reportingCounter.texts.filter((t) => PER_LOAN.test(t.query)).map((t) => t.query.slice(0, 80))).toEqual([]);
    // One read of the snapshots per level, in the same transaction as the level's resolving statement.
    expect(p.reportingCounter.texts.filter((t) => t.query.includes('SELECT DISTINCT * FROM unnest'))).toHaveLength(3);
  });

  it("the server's warmer computes today's snapshots of every province, so the next dashboard computes nothing", async () => {
    ok(await p.gql(officer, DEPOSIT, { input: { memberId: m.B, amount: '1000', idempotencyKey: key() } }));
    await p.reportingSettled();
    const [{ count }] = await p.membershipDb.query(
      `SELECT count(*)::int AS count FROM reporting.node_snapshot WHERE node_id = $1 AND day = '2026-08-11'`,
      [tree.provinceId],
    );
    expect(count).toBe(0);
    expect(await warmPortfolioSnapshots(p.membershipDb, clock.now())).toBeGreaterThanOrEqual(1);
    p.reportingCounter.reset();
    ok(await p.gql(p.national, NODE_PORTFOLIO, { id: tree.provinceId }));
    expect(resolvedLevels()).toEqual(['PROVINCE']);
    expect(p.reportingCounter.texts.filter((t) => PER_LOAN.test(t.query)).map((t) => t.query.slice(0, 80))).toEqual([]);
  });

  it("a county's children and grandchildren, and a series of months, computed from the loans: one computation per level and batch", async () => {
    const NESTED = `query($id: ID!, $fund: ID!) {
      county: node(id: $id) { ... on County { portfolio { asOf children { portfolio { asOf children { portfolio { asOf } } } } } } }
      fund: node(id: $fund) { ... on Fund { portfolioSeries(from: "2026-01-01") { periods { portfolio { asOf } } } } } }`;
    await p.reportingSettled();
    // A deposit today deletes the snapshots of the fund and its ancestors from today.
    ok(await p.gql(officer, DEPOSIT, { input: { memberId: m.A, amount: '1000', idempotencyKey: key() } }));
    await p.reportingSettled();
    p.reportingCounter.reset();
    const data = ok(await p.gql(p.national, NESTED, { id: tree.countyId, fund: tree.fundId }));
    // Dey 1404 (holding 2026-01-01) to Mordad 1405 (holding today, 08-11): eight Solar Hijri months.
    expect(data.fund.portfolioSeries.periods).toHaveLength(8);
    expect(data.county.portfolio.children.flatMap((c: { portfolio: { children: unknown[] } }) => c.portfolio.children)).toHaveLength(2);
    // The county's and the fund's series are asked in the same tick only if the gateway sends them together: at most two each.
    const levels = resolvedLevels();
    expect(levels.filter((l) => l === 'COUNTY')).toHaveLength(1);
    expect(levels.filter((l) => l === 'VILLAGE')).toHaveLength(1);
    expect(levels.filter((l) => l === 'FUND').length).toBeLessThanOrEqual(2);
    // The funds' snapshots (the county's day, the series' month ends) are computed from their loans in at most one statement per batch.
    const computed = p.reportingCounter.texts.filter((t) => t.query.includes('per_loan AS'));
    expect(computed.length).toBeGreaterThanOrEqual(1);
    expect(computed.length).toBeLessThanOrEqual(2);
  });
});
