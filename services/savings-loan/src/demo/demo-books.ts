import { createHash } from 'node:crypto';
import { Dec, decimalToString } from '@funds/money';

/**
 * The demo network's books, built through the public API: partner capital as the source articles
 * tell it (DESIGN.md section 1), members' savings, a savings group's shares and social fund, loan
 * products from the methodology presets, and loans in every state - repaid and closed, current,
 * late, rescheduled, written off, applied and not yet decided on. Every step is a GraphQL operation
 * through the gateway (the caller's `gql` is bound to a national admin's token), so the history goes
 * through the same rules, audit and events as real use, with back-dated value dates over the last
 * fifteen months.
 *
 * Rerunning it is harmless: every money step carries a stable idempotency key (`demo-<fund>-...`)
 * or a meeting id derived from one, so it posts nothing the second time; the steps that have no key
 * (loan products, savings terms, applications, approvals, reschedules, closing a month) are taken
 * only when the books show they have not been yet. A rerun on another day plans other dates, and
 * the keys refuse them (IDEMPOTENCY_KEY_REUSED): the history is loaded once, into empty books.
 *
 * Which partner finances which fund follows the demo network's partner links (demo-network.ts):
 * the Omid Entrepreneurship Fund finances Zanjan's funds (a credit line: returnable financing); in
 * North Khorasan the Women's Affairs office grants the initial capital and the Ministry of
 * Agriculture Jihad places capital in trust; the Agriculture Bank lends to Sahneh's self-help groups
 * on a linkage credit line (their members' loans name it); WE Effect funds the Yen Bai groups.
 */

/** Runs one GraphQL operation through the gateway as a national admin. */
export type DemoGql = (query: string, variables?: Record<string, unknown>) => Promise<{ data?: any; errors?: any[] }>;

export interface DemoBooksOptions {
  /** The day the history is planned up to (YYYY-MM-DD; today in UTC by default). Every value date is before it. */
  today?: string;
  log?: (line: string) => void;
  /** How long to wait for savings-loan to know the demo funds and members (60 s by default). */
  waitMs?: number;
}

export interface DemoBooksSummary {
  /** The funds given books, with their journal entries and loans after the run. */
  funds: { name: string; entries: number; loans: number }[];
  /** Journal entries in those funds' books after the run. */
  entries: number;
  /** Journal entries this run posted (0 on a rerun). */
  posted: number;
  /** GraphQL mutations sent (replays included). */
  mutations: number;
  /** Loans by state after the run (late and rescheduled are disbursed loans; a loan counts once, in the first that fits). */
  loans: { applied: number; current: number; late: number; rescheduled: number; closed: number; writtenOff: number };
}

/** A refused operation: the loader stops at the first one. */
export class DemoBooksError extends Error {
  constructor(
    readonly operation: string,
    readonly code: string | undefined,
    message: string,
  ) {
    super(`demo books: ${operation} failed (${code ?? 'no code'}): ${message}`);
    this.name = 'DemoBooksError';
  }
}

// ---------------------------------------------------------------------------------------------
// The plan: which funds, and what each one's history holds
// ---------------------------------------------------------------------------------------------

type Country = 'IR' | 'VN';
type CapitalOp = 'receiveGrant' | 'receiveTrustCapital' | 'repayTrustCapital' | 'drawCreditLine' | 'repayCreditLine';

interface CapitalStep {
  op: CapitalOp;
  /** the partner's Latin name (or name) as the demo network has it */
  partner: string;
  amount: string;
  monthsAgo: number;
  day: number;
  memo: string;
}

/**
 * One loan's story. Dates are months before today. `pay`: instalments of the first schedule paid
 * on their due days ('due': every one fallen due). A late loan pays fewer than have fallen due; a
 * rescheduled one misses some, gets a new schedule and pays that one; a written-off one stops paying
 * and is given up.
 */
interface LoanStory {
  key: string;
  principal: string;
  termMonths: number;
  /** months ago and day of month she applied; approved 3 days later, paid out 4 days after that */
  applied: [number, number];
  /** applied only: no decision yet */
  pending?: boolean;
  pay?: number | 'due';
  reschedule?: { monthsAgo: number; day: number; termMonths: number };
  writeOff?: { monthsAgo: number; day: number };
  /** the partner whose credit line funds it */
  fundedBy?: string;
}

interface FundPlan {
  /** its Latin name in the demo network */
  nameLatin: string;
  /** short, for idempotency keys */
  key: string;
  country: Country;
  capital: CapitalStep[];
  /** collection sheets of every group at these months ago (savings deposits; shares and social fund in savings groups) */
  meetings: number[];
  meetingDay: number;
  /** a member's savings per sheet: base + step × (member index mod 4) */
  saving?: { base: string; step: string };
  /** savings-group terms and a payout from the social fund */
  savingsGroup?: { shareValue: string; socialFund: string; payout: string };
  loans: LoanStory[];
  /** close the books through the month this many months ago */
  closeThrough?: number;
}

const OMID = 'Omid Entrepreneurship Fund';
const WOMENS_AFFAIRS = "Women's Affairs Office";
const AGRICULTURE = 'Ministry of Agriculture Jihad';
const AGRI_BANK = 'Bank Keshavarzi (Agriculture Bank)';
const WE_EFFECT = 'We Effect';
const QUARTERS = [15, 12, 9, 6, 3];
const IR_SAVING = { base: '2000000', step: '500000' };

/** Zanjan: 9 billion rials from Omid over 20 funds is 450 million each, drawn in two parts. */
function omid(fund: string): CapitalStep[] {
  return [
    { op: 'drawCreditLine', partner: OMID, amount: '300000000', monthsAgo: 15, day: 5, memo: `Omid financing of ${fund}, first part` },
    { op: 'drawCreditLine', partner: OMID, amount: '150000000', monthsAgo: 9, day: 5, memo: `Omid financing of ${fund}, second part` },
    { op: 'repayCreditLine', partner: OMID, amount: '100000000', monthsAgo: 2, day: 5, memo: 'Repayment to Omid' },
  ];
}

const PLANS: FundPlan[] = [
  {
    nameLatin: 'Sohrein Local Micro-Fund of Rural Women',
    key: 'sohrein',
    country: 'IR',
    capital: omid('Sohrein'),
    meetings: QUARTERS,
    meetingDay: 10,
    saving: IR_SAVING,
    loans: [
      { key: 'closed', principal: '12000000', termMonths: 6, applied: [13, 12], pay: 'due' },
      { key: 'current', principal: '15000000', termMonths: 10, applied: [4, 12], pay: 'due' },
      { key: 'late', principal: '20000000', termMonths: 10, applied: [7, 14], pay: 3 },
      { key: 'applied', principal: '10000000', termMonths: 6, applied: [0, 0], pending: true },
    ],
    closeThrough: 12,
  },
  {
    nameLatin: 'Gilvan Local Micro-Fund of Rural Women',
    key: 'gilvan',
    country: 'IR',
    capital: omid('Gilvan'),
    meetings: QUARTERS,
    meetingDay: 11,
    saving: IR_SAVING,
    loans: [
      { key: 'closed', principal: '10000000', termMonths: 5, applied: [12, 3], pay: 'due' },
      {
        key: 'rescheduled',
        principal: '16000000',
        termMonths: 8,
        applied: [10, 6],
        pay: 3,
        reschedule: { monthsAgo: 4, day: 20, termMonths: 8 },
      },
      { key: 'written-off', principal: '9000000', termMonths: 6, applied: [14, 8], pay: 2, writeOff: { monthsAgo: 3, day: 15 } },
      { key: 'current', principal: '18000000', termMonths: 12, applied: [2, 9], pay: 'due' },
    ],
  },
  {
    nameLatin: 'Darsajin Local Micro-Fund of Rural Women',
    key: 'darsajin',
    country: 'IR',
    capital: omid('Darsajin'),
    meetings: QUARTERS,
    meetingDay: 12,
    saving: IR_SAVING,
    loans: [
      { key: 'closed', principal: '8000000', termMonths: 4, applied: [8, 16], pay: 'due' },
      { key: 'late', principal: '14000000', termMonths: 8, applied: [5, 18], pay: 1 },
      { key: 'current', principal: '12000000', termMonths: 6, applied: [1, 7], pay: 'due' },
    ],
  },
  {
    nameLatin: "Hesar-e Garmkhan Rural Women's Micro-Fund",
    key: 'garmkhan',
    country: 'IR',
    capital: [
      { op: 'receiveGrant', partner: WOMENS_AFFAIRS, amount: '200000000', monthsAgo: 15, day: 3, memo: 'Initial capital' },
      { op: 'receiveTrustCapital', partner: AGRICULTURE, amount: '300000000', monthsAgo: 14, day: 7, memo: 'Capital in trust' },
      { op: 'repayTrustCapital', partner: AGRICULTURE, amount: '100000000', monthsAgo: 3, day: 7, memo: 'Trust capital returned in part' },
    ],
    meetings: QUARTERS,
    meetingDay: 8,
    saving: IR_SAVING,
    loans: [
      { key: 'closed', principal: '10000000', termMonths: 6, applied: [11, 10], pay: 'due' },
      { key: 'current', principal: '20000000', termMonths: 12, applied: [6, 10], pay: 'due' },
    ],
  },
  ...['Bahar', 'Aftab'].map((name, i): FundPlan => ({
    nameLatin: `${name} Self-Help Group`,
    key: name.toLowerCase(),
    country: 'IR',
    capital: [
      { op: 'drawCreditLine', partner: AGRI_BANK, amount: '150000000', monthsAgo: 13, day: 6 + i, memo: 'Linkage credit line' },
      {
        op: 'repayCreditLine',
        partner: AGRI_BANK,
        amount: '50000000',
        monthsAgo: 2,
        day: 6 + i,
        memo: 'Linkage credit line repaid in part',
      },
    ],
    meetings: QUARTERS,
    meetingDay: 14 + i,
    saving: { base: '1500000', step: '250000' },
    // The bank linkage preset: group guarantee, so every loan of the group is repaid on time.
    loans: [
      { key: 'closed', principal: '25000000', termMonths: 6, applied: [12, 15 + i], pay: 'due', fundedBy: AGRI_BANK },
      { key: 'current', principal: '20000000', termMonths: 12, applied: [5, 15 + i], pay: 'due', fundedBy: AGRI_BANK },
      { key: 'second', principal: '15000000', termMonths: 10, applied: [3, 20 + i], pay: 'due', fundedBy: AGRI_BANK },
    ],
  })),
  {
    nameLatin: 'Nhom Doan Ket',
    key: 'doanket',
    country: 'VN',
    capital: [{ op: 'receiveGrant', partner: WE_EFFECT, amount: '20000000', monthsAgo: 12, day: 2, memo: 'WE Effect project grant' }],
    meetings: [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1],
    meetingDay: 1,
    savingsGroup: { shareValue: '30000', socialFund: '5000', payout: '200000' },
    loans: [
      { key: 'closed', principal: '1000000', termMonths: 3, applied: [9, 3], pay: 'due' },
      { key: 'closed2', principal: '800000', termMonths: 2, applied: [6, 3], pay: 'due' },
      { key: 'late', principal: '1200000', termMonths: 3, applied: [4, 3], pay: 1 },
      { key: 'current', principal: '1500000', termMonths: 3, applied: [1, 3], pay: 'due' },
    ],
  },
  {
    nameLatin: 'Nhom Huong Duong',
    key: 'huongduong',
    country: 'VN',
    capital: [],
    meetings: [6, 5, 4, 3, 2, 1],
    meetingDay: 15,
    savingsGroup: { shareValue: '20000', socialFund: '3000', payout: '100000' },
    loans: [],
  },
];

// ---------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------

const PROVINCES = `query DemoProvinces { provinces(first: 10) { nodes { id nameLatin } } }`;
const FUNDS = `query DemoFunds($id: ID!) { node(id: $id) { ... on Province {
  counties(first: 10) { nodes { villages(first: 10) { nodes { funds(first: 5) { nodes { id nameLatin currency } } } } } } } }
}`;
const PARTNERS = `query DemoPartners { partners(first: 100) { nodes { id name nameLatin } } }`;
const FUND_STATE = `query DemoFundState($id: ID!) {
  node(id: $id) { ... on Fund {
    id
    groups(first: 20) { nodes { id } }
    members(first: 100) { nodes { id joinedOn status group { id } accounts { savings { amount } } } }
    books { closedThrough savingsTerms { shareValue { amount } } journal(first: 1) { totalCount } }
    loanProducts { id name }
    loans(first: 100) { nodes { id memberId appliedOn status rescheduledCount principal { amount } arrears { daysPastDue } } }
  } }
}`;
const LOAN_FIELDS = `id status rescheduledCount disbursedOn
  instalments(allVersions: true) { version number dueOn principal { amount } interest { amount } fee { amount } }`;
const CAPITAL: Record<CapitalOp, string> = Object.fromEntries(
  (['receiveGrant', 'receiveTrustCapital', 'repayTrustCapital', 'drawCreditLine', 'repayCreditLine'] as CapitalOp[]).map((op) => [
    op,
    `mutation Demo${op[0].toUpperCase()}${op.slice(1)}($input: CapitalInput!) { ${op}(input: $input) { id } }`,
  ]),
) as Record<CapitalOp, string>;
const RECORD_MEETING = `mutation DemoRecordMeeting($input: MeetingInput!) { recordMeeting(input: $input) { id } }`;
const DEPOSIT = `mutation DemoDeposit($input: MemberMoneyInput!) { deposit(input: $input) { id } }`;
const WITHDRAW = `mutation DemoWithdraw($input: MemberMoneyInput!) { withdraw(input: $input) { id } }`;
const SET_TERMS = `mutation DemoSetSavingsTerms($input: SavingsTermsInput!) { setSavingsTerms(input: $input) { setAt } }`;
const BUY_SHARES = `mutation DemoBuyShares($input: BuySharesInput!) { buyShares(input: $input) { id } }`;
const CONTRIBUTE = `mutation DemoContribute($input: SocialFundInput!) { contributeToSocialFund(input: $input) { id } }`;
const PAY_OUT = `mutation DemoPayFromSocialFund($input: SocialFundInput!) { payFromSocialFund(input: $input) { id } }`;
const CREATE_PRODUCT = `mutation DemoCreateLoanProduct($fundId: ID!) { createLoanProduct(fundId: $fundId, input: {}) { id name } }`;
const APPLY = `mutation DemoApplyForLoan($input: ApplyForLoanInput!) { applyForLoan(input: $input) { ${LOAN_FIELDS} } }`;
const APPROVE = `mutation DemoApproveLoan($loanId: ID!, $approvedOn: String, $note: String) {
  approveLoan(loanId: $loanId, approvedOn: $approvedOn, note: $note) { ${LOAN_FIELDS} } }`;
const DISBURSE = `mutation DemoDisburseLoan($input: LoanMoneyInput!) { disburseLoan(input: $input) { ${LOAN_FIELDS} } }`;
const REPAY = `mutation DemoRepayLoan($input: RepayLoanInput!) { repayLoan(input: $input) { ${LOAN_FIELDS} } }`;
const RESCHEDULE = `mutation DemoRescheduleLoan($input: RescheduleLoanInput!) { rescheduleLoan(input: $input) { ${LOAN_FIELDS} } }`;
const WRITE_OFF = `mutation DemoWriteOffLoan($input: LoanMoneyInput!) { writeOffLoan(input: $input) { ${LOAN_FIELDS} } }`;
const CLOSE_MONTH = `mutation DemoCloseMonth($fundId: ID!, $month: String!) { closeMonth(fundId: $fundId, month: $month) { closedThrough } }`;

interface MemberRow {
  id: string;
  joinedOn: string;
  status: string;
  group: { id: string } | null;
  accounts: unknown;
}
interface LoanRow {
  id: string;
  memberId: string;
  appliedOn: string;
  status: string;
  rescheduledCount: number;
  principal: { amount: string };
  arrears: { daysPastDue: number };
}
interface FundState {
  id: string;
  groups: { nodes: { id: string }[] };
  members: { nodes: MemberRow[] };
  books: { closedThrough: string | null; savingsTerms: unknown; journal: { totalCount: number } } | null;
  loanProducts: { id: string; name: string }[];
  loans: { nodes: LoanRow[] } | null;
}
interface LoanState {
  id: string;
  status: string;
  rescheduledCount: number;
  disbursedOn: string | null;
  instalments: {
    version: number;
    number: number;
    dueOn: string;
    principal: { amount: string };
    interest: { amount: string };
    fee: { amount: string };
  }[];
}

/** The client: every operation's errors stop the load, naming the operation and the error's code. */
class Api {
  mutations = 0;
  constructor(private readonly gql: DemoGql) {}

  async query(operation: string, query: string, variables?: Record<string, unknown>): Promise<any> {
    const result = await this.gql(query, variables);
    const error = result.errors?.[0];
    if (error) throw new DemoBooksError(operation, error.extensions?.code, error.message ?? JSON.stringify(error));
    if (!result.data) throw new DemoBooksError(operation, undefined, 'no data in the answer');
    return result.data;
  }

  mutate(operation: string, query: string, variables: Record<string, unknown>): Promise<any> {
    this.mutations++;
    return this.query(operation, query, variables);
  }
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const toIso = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (iso: string, days: number) => toIso(new Date(toDate(iso).getTime() + days * DAY_MS));

class Calendar {
  constructor(
    readonly today: string,
    private readonly country: Country,
  ) {}

  /** A working day on or before `iso` (the weekend: Friday in Iran, Sunday in Vietnam), and before today. */
  workday(iso: string): string {
    let day = iso < this.today ? iso : addDays(this.today, -1);
    const weekend = this.country === 'IR' ? 5 : 0;
    if (toDate(day).getUTCDay() === weekend) day = addDays(day, -1);
    return day;
  }

  /** Day `day` of the month `monthsAgo` months before today (0: `day` days ago), on a working day. */
  at(monthsAgo: number, day: number): string {
    if (monthsAgo === 0) return this.workday(addDays(this.today, -Math.max(day, 1)));
    const t = toDate(this.today);
    const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() - monthsAgo + 1, 0)).getUTCDate();
    return this.workday(toIso(new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() - monthsAgo, Math.min(day, last)))));
  }

  /** The last day of the month `monthsAgo` months before today, as YYYY-MM. */
  month(monthsAgo: number): string {
    const t = toDate(this.today);
    return toIso(new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() - monthsAgo, 1))).slice(0, 7);
  }
}

/** A meeting id (a UUID, as recordMeeting asks) derived from a stable key, so a rerun sends the same sheet. */
function meetingId(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// ---------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------

/**
 * Loads the demo network's books history through the public API (see the file's comment). The
 * demo network must be loaded already; waits (every 200 ms, up to `waitMs`) until savings-loan
 * knows its funds and members. Stops at the first refused operation (DemoBooksError).
 */
export async function loadDemoBooks(gql: DemoGql, options: DemoBooksOptions = {}): Promise<DemoBooksSummary> {
  const api = new Api(gql);
  const log = options.log ?? (() => undefined);
  const today = options.today ?? toIso(new Date());
  const partners = await findPartners(api);
  const funds = await findFunds(api);
  const before = await waitForBooks(api, funds, options.waitMs ?? 60_000);

  // Independent funds load side by side, two at a time (a small machine runs the services too).
  const queue = [...PLANS];
  const worker = async () => {
    for (let plan = queue.shift(); plan; plan = queue.shift()) {
      await loadFund(api, plan, funds.get(plan.nameLatin)!, partners, new Calendar(today, plan.country));
      log(`books of ${plan.nameLatin} loaded`);
    }
  };
  await Promise.all([worker(), worker()]);

  const summary: DemoBooksSummary = {
    funds: [],
    entries: 0,
    posted: 0,
    mutations: api.mutations,
    loans: { applied: 0, current: 0, late: 0, rescheduled: 0, closed: 0, writtenOff: 0 },
  };
  for (const plan of PLANS) {
    const state = await fundState(api, funds.get(plan.nameLatin)!.id);
    const entries = state.books!.journal.totalCount;
    const loans = state.loans?.nodes ?? [];
    summary.funds.push({ name: plan.nameLatin, entries, loans: loans.length });
    summary.entries += entries;
    summary.posted += entries - before.get(plan.nameLatin)!;
    for (const loan of loans) {
      if (loan.status === 'APPLIED' || loan.status === 'APPROVED') summary.loans.applied++;
      else if (loan.status === 'CLOSED') summary.loans.closed++;
      else if (loan.status === 'WRITTEN_OFF') summary.loans.writtenOff++;
      else if (loan.status === 'DISBURSED' && loan.arrears.daysPastDue > 0) summary.loans.late++;
      else if (loan.status === 'DISBURSED' && loan.rescheduledCount > 0) summary.loans.rescheduled++;
      else if (loan.status === 'DISBURSED') summary.loans.current++;
    }
  }
  return summary;
}

async function findPartners(api: Api): Promise<Map<string, string>> {
  const data = await api.query('partners', PARTNERS);
  const byName = new Map<string, string>();
  for (const p of data.partners.nodes as { id: string; name: string; nameLatin: string | null }[]) {
    byName.set(p.name, p.id);
    if (p.nameLatin) byName.set(p.nameLatin, p.id);
  }
  for (const name of new Set(PLANS.flatMap((plan) => [...plan.capital.map((c) => c.partner), ...plan.loans.map((l) => l.fundedBy)]))) {
    if (name && !byName.has(name)) throw new DemoBooksError('partners', 'NOT_FOUND', `the demo partner '${name}' is not in the network`);
  }
  return byName;
}

async function findFunds(api: Api): Promise<Map<string, { id: string; currency: string }>> {
  const found = new Map<string, { id: string; currency: string }>();
  const provinces = (await api.query('provinces', PROVINCES)).provinces.nodes as { id: string; nameLatin: string | null }[];
  for (const province of provinces) {
    const data = await api.query(`funds of ${province.nameLatin}`, FUNDS, { id: province.id });
    for (const county of data.node.counties.nodes)
      for (const village of county.villages.nodes)
        for (const fund of village.funds.nodes) if (fund.nameLatin) found.set(fund.nameLatin, { id: fund.id, currency: fund.currency });
  }
  for (const plan of PLANS) {
    if (!found.has(plan.nameLatin)) {
      throw new DemoBooksError(
        'funds',
        'NOT_FOUND',
        `the demo fund '${plan.nameLatin}' is not in the network: load the demo network first`,
      );
    }
  }
  return found;
}

async function fundState(api: Api, fundId: string): Promise<FundState> {
  const data = await api.query(`fund ${fundId}`, FUND_STATE, { id: fundId });
  return data.node as FundState;
}

/**
 * Waits until savings-loan knows every demo fund (its books open) and each of their active members
 * (her accounts answer): its reference tables are filled from membership's events, moments after
 * the network is loaded. Partners come first in those events, so they are known by then too.
 * Returns each fund's journal size before loading.
 */
async function waitForBooks(api: Api, funds: Map<string, { id: string }>, waitMs: number): Promise<Map<string, number>> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const sizes = new Map<string, number>();
    const waiting: string[] = [];
    for (const plan of PLANS) {
      const state = await fundState(api, funds.get(plan.nameLatin)!.id);
      const unknown = state.members.nodes.filter((m) => m.status === 'ACTIVE' && !m.accounts).length;
      if (!state.books || unknown > 0) waiting.push(`${plan.nameLatin} (${state.books ? `${unknown} members` : 'books'})`);
      else sizes.set(plan.nameLatin, state.books.journal.totalCount);
    }
    if (waiting.length === 0) return sizes;
    if (Date.now() > deadline) {
      throw new DemoBooksError(
        'waiting for the books',
        'TIMEOUT',
        `savings-loan does not know these yet after ${waitMs / 1000}s: ${waiting.join(', ')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function loadFund(
  api: Api,
  plan: FundPlan,
  fund: { id: string; currency: string },
  partners: Map<string, string>,
  cal: Calendar,
): Promise<void> {
  const state = await fundState(api, fund.id);
  const k = (...parts: (string | number)[]) => ['demo', plan.key, ...parts].join('-');
  const where = (operation: string, key: string) => `${operation} (${plan.nameLatin}, ${key})`;
  // Members in the order they were enrolled (ids are time-ordered), active ones only.
  const members = state.members.nodes.filter((m) => m.status === 'ACTIVE').sort((a, b) => (a.id < b.id ? -1 : 1));
  const index = new Map(members.map((m, i) => [m.id, i]));

  // Partner capital.
  for (const [n, c] of plan.capital.entries()) {
    const key = k('capital', n + 1);
    await api.mutate(where(c.op, key), CAPITAL[c.op], {
      input: {
        fundId: fund.id,
        partnerId: partners.get(c.partner),
        amount: c.amount,
        valueDate: cal.at(c.monthsAgo, c.day),
        memo: c.memo,
        idempotencyKey: key,
      },
    });
  }

  // Savings-group terms, before any share is bought.
  const sg = plan.savingsGroup;
  if (sg && !state.books!.savingsTerms) {
    await api.mutate(where('setSavingsTerms', plan.key), SET_TERMS, {
      input: { fundId: fund.id, shareValue: sg.shareValue, maxSharesPerMeeting: 5, socialFundPerMeeting: sg.socialFund },
    });
  }

  // Collection sheets: every group, at each meeting, with the members who had joined by then.
  for (const monthsAgo of plan.meetings) {
    const heldOn = cal.at(monthsAgo, plan.meetingDay);
    for (const [g, group] of state.groups.nodes.entries()) {
      const present = members.filter((m) => m.group?.id === group.id && m.joinedOn <= heldOn);
      if (present.length === 0) continue;
      const key = k('meeting', g + 1, heldOn);
      await api.mutate(where('recordMeeting', key), RECORD_MEETING, {
        input: {
          meetingId: meetingId(key),
          groupId: group.id,
          heldOn,
          lines: present.map((m) => {
            const i = index.get(m.id)!;
            if (sg) return { memberId: m.id, shares: 2 + ((i + monthsAgo) % 4), socialFund: sg.socialFund };
            return { memberId: m.id, savings: decimalToString(new Dec(plan.saving!.base).plus(new Dec(plan.saving!.step).times(i % 4))) };
          }),
        },
      });
    }
  }

  // A few members' money outside the meetings: deposits and a withdrawal; in a savings group, a
  // share purchase of its own, a contribution and a payout from the social fund.
  const founders = members.filter((m) => m.joinedOn <= cal.at(16, 1));
  if (founders.length < 4) throw new DemoBooksError(where('members', plan.key), 'NOT_ENOUGH_MEMBERS', 'fewer than 4 founding members');
  if (sg) {
    await api.mutate(where('buyShares', k('shares', 1)), BUY_SHARES, {
      input: {
        memberId: founders[0].id,
        shares: 3,
        valueDate: cal.at(2, 20),
        memo: 'Shares bought between meetings',
        idempotencyKey: k('shares', 1),
      },
    });
    await api.mutate(where('contributeToSocialFund', k('social', 1)), CONTRIBUTE, {
      input: { memberId: founders[1].id, amount: sg.socialFund, valueDate: cal.at(2, 20), idempotencyKey: k('social', 1) },
    });
    await api.mutate(where('payFromSocialFund', k('social', 2)), PAY_OUT, {
      input: {
        memberId: founders[2].id,
        amount: sg.payout,
        valueDate: cal.at(3, 18),
        memo: 'Help after a family emergency',
        idempotencyKey: k('social', 2),
      },
    });
  } else {
    const amount = plan.saving!.base;
    await api.mutate(where('deposit', k('deposit', 1)), DEPOSIT, {
      input: {
        memberId: founders[0].id,
        amount,
        valueDate: cal.at(7, 21),
        memo: 'Savings between meetings',
        idempotencyKey: k('deposit', 1),
      },
    });
    await api.mutate(where('deposit', k('deposit', 2)), DEPOSIT, {
      input: {
        memberId: founders[1].id,
        amount,
        valueDate: cal.at(1, 21),
        memo: 'Savings between meetings',
        idempotencyKey: k('deposit', 2),
      },
    });
    await api.mutate(where('withdraw', k('withdraw', 1)), WITHDRAW, {
      input: {
        memberId: founders[3].id,
        amount: decimalToString(new Dec(amount).dividedBy(2)),
        valueDate: cal.at(2, 23),
        memo: 'School costs',
        idempotencyKey: k('withdraw', 1),
      },
    });
  }

  // Loans from the methodology's preset product, to founding members (beyond any waiting period),
  // one member each, in the order they were applied for.
  if (plan.loans.length > 0) {
    let product = state.loanProducts[0];
    if (!product) product = (await api.mutate(where('createLoanProduct', plan.key), CREATE_PRODUCT, { fundId: fund.id })).createLoanProduct;
    const existing = new Map((state.loans?.nodes ?? []).map((l) => [`${l.memberId}|${l.appliedOn}|${l.principal.amount}`, l]));
    const stories = [...plan.loans].sort((a, b) => cal.at(...a.applied).localeCompare(cal.at(...b.applied)));
    for (const story of stories) {
      const borrower = founders[4 + plan.loans.indexOf(story)];
      if (!borrower) throw new DemoBooksError(where('applyForLoan', story.key), 'NOT_ENOUGH_MEMBERS', 'no founding member left to borrow');
      await tellLoan(api, story, {
        fundKey: plan.key,
        fundName: plan.nameLatin,
        productId: product.id,
        borrower: borrower.id,
        fundingPartnerId: story.fundedBy ? partners.get(story.fundedBy)! : null,
        existing: existing.get(`${borrower.id}|${cal.at(...story.applied)}|${story.principal}`),
        cal,
      });
    }
  }

  // Months kept in the books are closed: nothing more is posted in them.
  if (plan.closeThrough !== undefined) {
    const month = cal.month(plan.closeThrough);
    const closed = state.books!.closedThrough;
    if (!closed || closed.slice(0, 7) < month) {
      await api.mutate(where('closeMonth', month), CLOSE_MONTH, { fundId: fund.id, month });
    }
  }
}

/** One loan's story through the API: apply, approve, pay out, repay, reschedule, write off. */
async function tellLoan(
  api: Api,
  story: LoanStory,
  c: {
    fundKey: string;
    fundName: string;
    productId: string;
    borrower: string;
    fundingPartnerId: string | null;
    existing: LoanRow | undefined;
    cal: Calendar;
  },
): Promise<void> {
  const { cal } = c;
  const k = (...parts: (string | number)[]) => ['demo', c.fundKey, 'loan', story.key, ...parts].join('-');
  const where = (operation: string, key = k()) => `${operation} (${c.fundName}, ${key})`;
  const appliedOn = cal.at(...story.applied);
  const approvedOn = cal.workday(addDays(appliedOn, 3));
  const disbursedOn = cal.workday(addDays(approvedOn, 4));
  let loan: LoanState | { id: string; status: string; rescheduledCount: number } | undefined = c.existing;
  if (!loan) {
    const input: Record<string, unknown> = {
      memberId: c.borrower,
      productId: c.productId,
      principal: story.principal,
      termMonths: story.termMonths,
      purpose: 'livelihood',
      appliedOn,
    };
    if (c.fundingPartnerId) input.fundingPartnerId = c.fundingPartnerId;
    loan = (await api.mutate(where('applyForLoan'), APPLY, { input })).applyForLoan as LoanState;
  }
  if (story.pending) return;
  if (loan.status === 'APPLIED') {
    await api.mutate(where('approveLoan'), APPROVE, { loanId: loan.id, approvedOn, note: 'Approved by the board' });
  }
  const disbursed: LoanState = (
    await api.mutate(where('disburseLoan', k('disburse')), DISBURSE, {
      input: { loanId: loan.id, valueDate: disbursedOn, idempotencyKey: k('disburse') },
    })
  ).disburseLoan;

  // The first schedule: instalments paid on their due days, as many as the story says.
  const before = (day: string) => day < cal.today;
  const v1 = disbursed.instalments.filter((i) => i.version === 1 && before(i.dueOn));
  const paid = story.pay === 'due' ? v1.length : Math.min(story.pay ?? 0, v1.length);
  let current: LoanState = disbursed;
  for (const i of v1.slice(0, paid)) current = await repayInstalment(api, where, k(`r${i.number}`), loan.id, i, cal);

  if (story.reschedule) {
    const r = story.reschedule;
    if (current.rescheduledCount === 0) {
      current = (
        await api.mutate(where('rescheduleLoan'), RESCHEDULE, {
          input: { loanId: loan.id, termMonths: r.termMonths, valueDate: cal.at(r.monthsAgo, r.day) },
        })
      ).rescheduleLoan;
    }
    for (const i of current.instalments.filter((i) => i.version === 2 && before(i.dueOn))) {
      await repayInstalment(api, where, k(`s${i.number}`), loan.id, i, cal);
    }
  }
  if (story.writeOff) {
    const key = k('write-off');
    await api.mutate(where('writeOffLoan', key), WRITE_OFF, {
      input: {
        loanId: loan.id,
        valueDate: cal.at(story.writeOff.monthsAgo, story.writeOff.day),
        memo: 'She left the village; the board gave the loan up',
        idempotencyKey: key,
      },
    });
  }
}

async function repayInstalment(
  api: Api,
  where: (operation: string, key: string) => string,
  key: string,
  loanId: string,
  i: LoanState['instalments'][number],
  cal: Calendar,
): Promise<LoanState> {
  const amount = new Dec(i.principal.amount).plus(i.interest.amount).plus(i.fee.amount);
  const data = await api.mutate(where('repayLoan', key), REPAY, {
    input: { loanId, amount: decimalToString(amount), valueDate: cal.workday(i.dueOn), idempotencyKey: key },
  });
  return data.repayLoan as LoanState;
}

/** The funds the demo books fill (their Latin names in the demo network). */
export const DEMO_BOOK_FUNDS: readonly string[] = PLANS.map((p) => p.nameLatin);
