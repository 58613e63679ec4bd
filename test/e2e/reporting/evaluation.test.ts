import { Role } from '@funds/auth';
import { TestPlatform, failure, ok, startTestPlatform } from '../../support/platform';
import { settleBooks } from '../../support/books';
import { Tree, createTree, enrol, op } from '../../../services/membership/test/support/factories';

/**
 * The 6-monthly evaluation report through the gateway (issue 8). The clock is fixed and moved.
 *
 * County with two funds (Iranian: Solar Hijri half-years from Nowruz; 1404-H2 is 2025-09-23 to
 * 2026-03-20, 1405-H1 2026-03-21 to 2026-09-22). On 2026-01-10 A and B join fund 1, H fund 2; each
 * saves 1,000,000 IRR. Qard al-hasan loans over 3 months, paid out on 01-10, due 02-10, 03-10, 04-10:
 * - fund 1: A 1,200,000 (400,000 a month), repays nothing; B 600,000 (200,000 a month), repays 02-10 and 03-10 on their day.
 * - fund 2: H 600,000, repays 02-10 on its day only.
 * Today is then 2026-05-01, so the last complete half-year is 1404-H2.
 */
let today = '2026-01-10';
const clock = { now: () => new Date(`${today}T08:00:00Z`) };

let p: TestPlatform;
let tree: Tree;
let fund2: string;
let keys = 0;
const key = () => `evaluation-test-${++keys}`;

const PERIOD = 'calendar label start end localStart localEnd';
const REPORT = `period { ${PERIOD} } previousPeriod { ${PERIOD} }
  portfolio { asOf members { active } currencies { currency grossLoanPortfolio { value { amount } } par30 { ratio }
    loansDisbursed { from count amount { amount } } savingsBalance { value { amount } } } }
  previousPortfolio { asOf members { active } currencies { currency grossLoanPortfolio { value { amount } } par30 { ratio } } }
  change { activeMembers currencies { currency grossLoanPortfolio { amount currency } savingsBalance { amount currency } par30Points } }
  memberGrowth { activeAtStart activeAtEnd joined exited }
  par30Above
  fundsAtRisk { id name currency par30 }`;
const EVALUATION = `query($id: ID!, $halfYear: String, $par30Above: Decimal) { node(id: $id) {
  ... on Province { evaluationReport(halfYear: $halfYear, par30Above: $par30Above) { ${REPORT} } }
  ... on County { evaluationReport(halfYear: $halfYear, par30Above: $par30Above) { ${REPORT} } }
  ... on Village { evaluationReport(halfYear: $halfYear, par30Above: $par30Above) { ${REPORT} } }
  ... on Fund { evaluationReport(halfYear: $halfYear, par30Above: $par30Above) { ${REPORT} } } } }`;

const CREATE_PRODUCT = `mutation($fundId: ID!, $input: LoanProductInput!) { createLoanProduct(fundId: $fundId, input: $input) { id } }`;
const APPLY = `mutation($input: ApplyForLoanInput!) { applyForLoan(input: $input) { id } }`;
const APPROVE = `mutation($loanId: ID!) { approveLoan(loanId: $loanId) { id } }`;
const DISBURSE = `mutation($input: LoanMoneyInput!) { disburseLoan(input: $input) { id } }`;
const REPAY = `mutation($input: RepayLoanInput!) { repayLoan(input: $input) { id } }`;
const DEPOSIT = `mutation($input: MemberMoneyInput!) { deposit(input: $input) { id } }`;

async function lend(memberId: string, productId: string, principal: string, token: string) {
  const applied = ok(await p.gql(token, APPLY, { input: { memberId, productId, principal, termMonths: 3 } })).applyForLoan;
  ok(await p.gql(token, APPROVE, { loanId: applied.id }));
  ok(await p.gql(token, DISBURSE, { input: { loanId: applied.id, idempotencyKey: key() } }));
  return applied.id as string;
}

async function report(id: string, variables: Record<string, unknown> = {}, token = p.national) {
  await p.reportingSettled();
  const result = await p.gql(token, EVALUATION, { id, ...variables });
  return ok(result).node?.evaluationReport ?? null;
}

beforeAll(async () => {
  p = await startTestPlatform({ clock });
  tree = await createTree(p);
  const village2 = ok(await p.gql(p.national, op('create-village'), { input: { countyId: tree.countyId, name: 'روستا ارزیابی' } }))
    .createVillage.id;
  fund2 = ok(
    await p.gql(p.national, op('create-fund'), {
      input: { villageId: village2, name: 'صندوق ارزیابی دوم', methodology: 'MICRO_FUND', foundedOn: '2025-01-01' },
    }),
  ).createFund.id;
  const group2 = ok(await p.gql(p.national, op('create-group'), { input: { fundId: fund2, name: 'گروه ارزیابی' } })).createGroup.id;
  const a = ok(await enrol(p, tree.fundId, { groupId: tree.groupId, joinedOn: '2026-01-10' })).enrolMember.id;
  const b = ok(await enrol(p, tree.fundId, { groupId: tree.groupId, joinedOn: '2026-01-10' })).enrolMember.id;
  const h = ok(await enrol(p, fund2, { groupId: group2, joinedOn: '2026-01-10' })).enrolMember.id;
  await settleBooks(p);
  const officer = p.token(Role.FUND_OFFICER, tree.fundId);
  const officer2 = p.token(Role.FUND_OFFICER, fund2);
  for (const m of [a, b]) ok(await p.gql(officer, DEPOSIT, { input: { memberId: m, amount: '1000000', idempotencyKey: key() } }));
  ok(await p.gql(officer2, DEPOSIT, { input: { memberId: h, amount: '1000000', idempotencyKey: key() } }));
  const product = ok(await p.gql(p.national, CREATE_PRODUCT, { fundId: tree.fundId, input: { name: 'قرض الحسنه', feePercent: '0' } }))
    .createLoanProduct.id;
  const product2 = ok(await p.gql(p.national, CREATE_PRODUCT, { fundId: fund2, input: { name: 'قرض الحسنه', feePercent: '0' } }))
    .createLoanProduct.id;
  await lend(a, product, '1200000', officer);
  const loanB = await lend(b, product, '600000', officer);
  const loanH = await lend(h, product2, '600000', officer2);
  const repay = (loanId: string, token: string, valueDate: string) =>
    p.gql(token, REPAY, { input: { loanId, amount: '200000', valueDate, idempotencyKey: key() } }).then(ok);
  today = '2026-02-10';
  await repay(loanB, officer, '2026-02-10');
  await repay(loanH, officer2, '2026-02-10');
  today = '2026-03-10';
  await repay(loanB, officer, '2026-03-10');
  today = '2026-05-01';
}, 120_000);

afterAll(() => p.stop());

describe('the evaluation report of an Iranian county and its funds', () => {
  it('by default the last complete half-year (1404-H2), against 1404-H1', async () => {
    const county = await report(tree.countyId);
    expect(county.period).toEqual({
      calendar: 'SOLAR_HIJRI',
      label: '1404-H2',
      start: '2025-09-23',
      end: '2026-03-20',
      localStart: '1404-07-01',
      localEnd: '1404-12-29',
    });
    expect(county.previousPeriod).toMatchObject({ label: '1404-H1', start: '2025-03-21', end: '2025-09-22', localStart: '1404-01-01' });
    // On 03-20: A owes 1,200,000 (02-10 instalment 38 days late: PAR30); B owes 200,000, current; H owes 400,000
    // (03-10 instalment 10 days late: not PAR30). GLP 1,800,000; PAR30 1,200,000 / 1,800,000 = 0.6666666667.
    // Paid out in the half-year: 3 loans, 2,400,000. Savings 3 x 1,000,000.
    expect(county.portfolio.asOf).toBe('2026-03-20');
    expect(county.portfolio.members.active).toBe(3);
    expect(county.portfolio.currencies).toEqual([
      {
        currency: 'IRR',
        grossLoanPortfolio: { value: { amount: '1800000' } },
        par30: { ratio: '0.6666666667' },
        loansDisbursed: { from: '2025-09-23', count: 3, amount: { amount: '2400000' } },
        savingsBalance: { value: { amount: '3000000' } },
      },
    ]);
    // On 2025-09-22 nothing had happened: no members, nothing lent (PAR30 has no loans to divide by).
    expect(county.previousPortfolio.asOf).toBe('2025-09-22');
    expect(county.previousPortfolio.members.active).toBe(0);
    for (const c of county.previousPortfolio.currencies)
      expect(c).toMatchObject({ grossLoanPortfolio: { value: { amount: '0' } }, par30: { ratio: null } });
    expect(county.change).toEqual({
      activeMembers: 3,
      currencies: [
        {
          currency: 'IRR',
          grossLoanPortfolio: { amount: '1800000', currency: 'IRR' },
          savingsBalance: { amount: '3000000', currency: 'IRR' },
          par30Points: null,
        },
      ],
    });
    expect(county.memberGrowth).toEqual({ activeAtStart: 0, activeAtEnd: 3, joined: 3, exited: 0 });
    // Fund 1: PAR30 = A 1,200,000 / (1,200,000 + 200,000) = 0.857142857142... -> 0.8571428571; fund 2: 0.
    expect(county.par30Above).toBe('0.1');
    expect(county.fundsAtRisk).toEqual([{ id: tree.fundId, name: expect.any(String), currency: 'IRR', par30: '0.8571428571' }]);
    // The province (one county) has the county's report.
    expect(await report(tree.provinceId)).toEqual(county);
    // The halfYear label asked for gives the same.
    expect(await report(tree.countyId, { halfYear: '1404-H2' })).toEqual(county);
  });

  it('the current half-year (1405-H1) at today: the change against 1404-H2, the funds at risk worst first', async () => {
    // On 05-01: A owes 1,200,000 (PAR30); B owes 200,000 (04-10 due, 21 days: not PAR30); H owes 400,000 (03-10 due, 52 days: PAR30).
    // County PAR30 = 1,600,000 / 1,800,000 = 0.8888888889, was 0.6666666667: +22.22222222 points. Fund 2 PAR30 = 1, fund 1 0.8571428571.
    const county = await report(tree.countyId, { halfYear: '1405-H1' });
    expect(county.period).toMatchObject({ label: '1405-H1', start: '2026-03-21', end: '2026-09-22', localEnd: '1405-06-31' });
    expect(county.portfolio.asOf).toBe('2026-05-01');
    expect(county.previousPortfolio.asOf).toBe('2026-03-20');
    expect(county.portfolio.currencies[0]).toMatchObject({
      par30: { ratio: '0.8888888889' },
      loansDisbursed: { from: '2026-03-21', count: 0, amount: { amount: '0' } },
    });
    expect(county.change).toEqual({
      activeMembers: 0,
      currencies: [
        {
          currency: 'IRR',
          grossLoanPortfolio: { amount: '0', currency: 'IRR' },
          savingsBalance: { amount: '0', currency: 'IRR' },
          par30Points: '22.22222222',
        },
      ],
    });
    expect(county.memberGrowth).toEqual({ activeAtStart: 3, activeAtEnd: 3, joined: 0, exited: 0 });
    expect(county.fundsAtRisk.map((f: { id: string; par30: string }) => [f.id, f.par30])).toEqual([
      [fund2, '1'],
      [tree.fundId, '0.8571428571'],
    ]);
    const strict = await report(tree.countyId, { halfYear: '1405-H1', par30Above: '0.9' });
    expect(strict.par30Above).toBe('0.9');
    expect(strict.fundsAtRisk.map((f: { id: string }) => f.id)).toEqual([fund2]);
    // A fund lists itself; a village its funds.
    const fund = await report(tree.fundId, { halfYear: '1405-H1' });
    expect(fund.fundsAtRisk.map((f: { id: string }) => f.id)).toEqual([tree.fundId]);
    expect(fund.memberGrowth).toEqual({ activeAtStart: 2, activeAtEnd: 2, joined: 0, exited: 0 });
    // Fund 1: PAR30 0.8571428571 at both ends: 0 points.
    expect(fund.change.currencies[0].par30Points).toBe('0');
    const village = await report(tree.villageId, { halfYear: '1405-H1' });
    expect(village.fundsAtRisk.map((f: { id: string }) => f.id)).toEqual([tree.fundId]);
  });
});

describe('calendars, errors and scope', () => {
  it('a Vietnamese fund reports Gregorian half-years', async () => {
    const vn = await createTree(p, { country: 'VN', methodology: 'SAVINGS_GROUP' });
    const last = await report(vn.fundId);
    expect(last.period).toEqual({
      calendar: 'GREGORIAN',
      label: '2025-H2',
      start: '2025-07-01',
      end: '2025-12-31',
      localStart: '2025-07-01',
      localEnd: '2025-12-31',
    });
    expect(last.previousPeriod).toMatchObject({ label: '2025-H1', start: '2025-01-01', end: '2025-06-30' });
    const current = await report(vn.countyId, { halfYear: '2026-H1' });
    expect(current.period).toMatchObject({ label: '2026-H1', start: '2026-01-01', end: '2026-06-30' });
    expect(current.portfolio.asOf).toBe('2026-05-01');
    expect(current.fundsAtRisk).toEqual([]);
  });

  it('a half-year that is not one, or has not started, is INVALID_INPUT naming halfYear; a bad threshold names par30Above', async () => {
    await p.reportingSettled();
    for (const [halfYear, par30Above, field] of [
      ['1405-H3', null, 'halfYear'],
      ['1405', null, 'halfYear'],
      ['H1-1405', null, 'halfYear'],
      ['1405-H2', null, 'halfYear'],
      ['2026-H1', null, 'halfYear'],
      [null, '1.5', 'par30Above'],
    ]) {
      const result = await p.gql(p.national, EVALUATION, { id: tree.countyId, halfYear, par30Above });
      expect(failure(result)).toMatchObject({ code: 'INVALID_INPUT', field });
    }
  });

  it('a regional admin of another county gets no report; one of this county gets its own', async () => {
    const other = await createTree(p);
    await p.reportingSettled();
    const outsider = p.token(Role.REGIONAL_ADMIN, other.countyId);
    for (const id of [tree.countyId, tree.fundId]) {
      const result = await p.gql(outsider, EVALUATION, { id });
      expect(result.errors).toBeUndefined();
      expect(result.data?.node ?? null).toBeNull();
    }
    const insider = p.token(Role.REGIONAL_ADMIN, tree.countyId);
    expect((await report(tree.countyId, {}, insider)).portfolio.currencies[0].grossLoanPortfolio.value.amount).toBe('1800000');
    expect(await report(tree.provinceId, {}, insider)).toBeNull();
  });
});

describe('cost', () => {
  it("a county's villages' reports cost one statement per level for portfolios, funds and member growth, not one per village", async () => {
    const NESTED = `query($id: ID!) { node(id: $id) { ... on County { villages { nodes {
      evaluationReport(halfYear: "1405-H1") { memberGrowth { joined } fundsAtRisk { id } } } } } } }`;
    await p.reportingSettled();
    p.reportingCounter.reset();
    const data = ok(await p.gql(p.national, NESTED, { id: tree.countyId }));
    const reports = data.node.villages.nodes.map((v: { evaluationReport: { fundsAtRisk: { id: string }[] } }) => v.evaluationReport);
    expect(reports.flatMap((r: { fundsAtRisk: { id: string }[] }) => r.fundsAtRisk.map((f) => f.id)).sort()).toEqual(
      [tree.fundId, fund2].sort(),
    );
    const texts = p.reportingCounter.texts;
    const portfolios = texts.filter((t) => t.query.includes('has_before')).map((t) => t.parameters[4]);
    expect(portfolios.sort()).toEqual(['FUND', 'VILLAGE']);
    expect(texts.filter((t) => t.query.includes('WITH k AS (SELECT * FROM unnest'))).toHaveLength(1);
    expect(texts.filter((t) => t.query.includes("level = 'FUND' AND status"))).toHaveLength(1);
  });
});

describe('CSV download through the gateway', () => {
  const csvUrl = (params: Record<string, string>) =>
    `${p.gatewayUrl.replace(/\/graphql$/, '')}/reports/evaluation.csv?${new URLSearchParams(params).toString()}`;
  const download = (params: Record<string, string>, token?: string) =>
    fetch(csvUrl(params), { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('the county report as UTF-8 CSV with a byte order mark, one row per figure, for the caller', async () => {
    await p.reportingSettled();
    const res = await download({ nodeId: tree.countyId, halfYear: '1405-H1' }, p.national);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('"section","figure","currency","value"');
    const rows = lines.slice(1).map((line) => line.slice(1, -1).split('","'));
    const value = (section: string, figure: string, currency = '') =>
      rows.find(([s, f, c]) => s === section && f === figure && c === currency)?.[3];
    expect(value('period', 'label')).toBe('1405-H1');
    expect(value('period', 'localEnd')).toBe('1405-06-31');
    expect(value('end', 'par30', 'IRR')).toBe('0.8888888889');
    expect(value('previousEnd', 'grossLoanPortfolio', 'IRR')).toBe('1800000');
    expect(value('change', 'par30Points', 'IRR')).toBe('22.22222222');
    expect(value('memberGrowth', 'activeAtEnd')).toBe('3');
    expect(rows.filter(([s]) => s === 'fundAtRisk').map(([, f, , v]) => [f.endsWith(`(${fund2})`), v])).toEqual([
      [true, '1'],
      [false, '0.8571428571'],
    ]);
    // Persian names arrive as written.
    expect(value('node', 'name')).toMatch(/^شهرستان/);
    // The rates, savings mobilised, utilisation and members are the JSON report's.
    const json = ok(
      await p.gql(
        p.national,
        `query($id: ID!) { node(id: $id) { ... on County { evaluationReport(halfYear: "1405-H1") { portfolio {
          members { women femaleHeadedHouseholds withDisability }
          currencies { currency savingsMobilised { value { amount } } onTimeRepaymentRate { ratio } collectionRate { ratio }
            loanFundUtilisation { ratio } partnerCapital { value { amount } } } } } } } }`,
        { id: tree.countyId },
      ),
    ).node.evaluationReport.portfolio;
    const irr = json.currencies.find((c: { currency: string }) => c.currency === 'IRR');
    expect([
      value('end', 'women'),
      value('end', 'femaleHeadedHouseholds'),
      value('end', 'withDisability'),
      value('end', 'savingsMobilised', 'IRR'),
      value('end', 'onTimeRepaymentRate', 'IRR'),
      value('end', 'collectionRate', 'IRR'),
      value('end', 'loanFundUtilisation', 'IRR'),
      value('end', 'partnerCapital', 'IRR'),
    ]).toEqual([
      String(json.members.women),
      String(json.members.femaleHeadedHouseholds),
      String(json.members.withDisability),
      irr.savingsMobilised.value.amount,
      irr.onTimeRepaymentRate.ratio ?? '',
      irr.collectionRate.ratio ?? '',
      irr.loanFundUtilisation.ratio ?? '',
      irr.partnerCapital.value.amount,
    ]);
  });

  it('coded JSON errors, never HTML: no token, no node, a bad half-year, a node outside the scope', async () => {
    const outsider = p.token(Role.REGIONAL_ADMIN, (await createTree(p)).countyId);
    await p.reportingSettled();
    for (const [params, token, status, code] of [
      [{ nodeId: tree.countyId }, undefined, 401, 'UNAUTHENTICATED'],
      [{}, p.national, 400, 'BAD_REQUEST'],
      [{ nodeId: tree.countyId, halfYear: '1405-H9' }, p.national, 400, 'INVALID_INPUT'],
      [{ nodeId: tree.countyId }, outsider, 404, 'NOT_FOUND'],
      [{ nodeId: tree.groupId }, p.national, 404, 'NOT_FOUND'],
    ] as const) {
      const res = await download(params, token);
      expect([res.status, res.headers.get('content-type')]).toEqual([status, expect.stringContaining('json')]);
      const body = await res.json();
      expect(body.errors[0].extensions.code).toBe(code);
    }
  });
});
