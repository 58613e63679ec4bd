import { Role } from '@funds/auth';
import { TestPlatform, failure, ok, startTestPlatform } from '../../support/platform';
import { booksProblems, settleBooks } from '../../support/books';
import { Tree, createTree, enrol } from '../../../services/membership/test/support/factories';

let p: TestPlatform;
let tree: Tree;
let members: string[];
let outsider: string;
let officer: string;

const RECORD = `mutation($input: MeetingInput!) { recordMeeting(input: $input) {
  id groupId heldOn recordedAt savings { amount currency } sharesValue { amount } socialFund { amount } repaid { amount }
  lines { memberId savings { amount } shares sharesValue { amount } socialFund { amount } repaid { amount } entries { kind meetingId } }
  entries { id kind }
} }`;
const MEETINGS = `query($id: ID!, $from: String, $to: String) { node(id: $id) { ... on Group { meetings(from: $from, to: $to) { id heldOn lines { memberId shares } entries { kind postings { account { code } debit { amount } } } } } } }`;
const BOOKS = `query($id: ID!) { node(id: $id) { ... on Fund { books { cash { amount } memberSavings { amount } memberShares { amount } socialFund { amount } journal { totalCount } } } } }`;
const meetingId = '0193a000-0000-7000-8000-0000000b0001';

const sheet = (overrides: Record<string, unknown> = {}) => ({
  meetingId,
  groupId: tree.groupId,
  heldOn: '2026-11-10',
  lines: [
    { memberId: members[0], savings: '200000', shares: 2, socialFund: '10000' },
    { memberId: members[1], savings: '150000', shares: 5, socialFund: '10000' },
    { memberId: members[2], shares: 1, socialFund: '10000' },
    { memberId: members[3], savings: '50000' },
  ],
  ...overrides,
});

async function journalCount(): Promise<number> {
  return ok(await p.gql(p.national, BOOKS, { id: tree.fundId })).node.books.journal.totalCount;
}

beforeAll(async () => {
  // Business dates from a fixed clock: today is 2026-11-23 in Iran.
  p = await startTestPlatform({ clock: { now: () => new Date('2026-11-23T08:00:00Z') } });
  tree = await createTree(p, { methodology: 'SAVINGS_GROUP', policy: { maxGroups: 2 } });
  members = [];
  for (let i = 0; i < 4; i++) members.push(ok(await enrol(p, tree.fundId, { groupId: tree.groupId })).enrolMember.id);
  const other = ok(
    await p.gql(p.national, `mutation($input: CreateGroupInput!) { createGroup(input: $input) { id } }`, {
      input: { fundId: tree.fundId, name: 'گروه دوم' },
    }),
  ).createGroup.id;
  outsider = ok(await enrol(p, tree.fundId, { groupId: other })).enrolMember.id;
  await settleBooks(p);
  officer = p.token(Role.FUND_OFFICER, tree.fundId);
  ok(
    await p.gql(p.national, `mutation($input: SavingsTermsInput!) { setSavingsTerms(input: $input) { maxSharesPerMeeting } }`, {
      input: { fundId: tree.fundId, shareValue: '50000', maxSharesPerMeeting: 5, socialFundPerMeeting: '10000' },
    }),
  );
});

afterAll(async () => {
  expect(await booksProblems(p)).toEqual([]);
  await p.stop();
});

it('a bad line refuses the whole sheet, names the line, and writes nothing', async () => {
  const before = await journalCount();
  const lines = sheet().lines.map((l, i) => (i === 2 ? { ...l, shares: 6 } : l));
  expect(failure(await p.gql(officer, RECORD, { input: sheet({ lines }) }))).toMatchObject({
    code: 'SHARE_LIMIT_PER_MEETING',
    field: 'lines.2.shares',
  });
  const negative = sheet().lines.map((l, i) => (i === 3 ? { ...l, savings: '-1' } : l));
  expect(failure(await p.gql(officer, RECORD, { input: sheet({ lines: negative }) }))).toMatchObject({
    code: 'INVALID_AMOUNT',
    field: 'lines.3.savings',
  });
  const stranger = [...sheet().lines, { memberId: outsider, savings: '1000' }];
  expect(failure(await p.gql(officer, RECORD, { input: sheet({ lines: stranger }) }))).toMatchObject({
    code: 'MEMBER_NOT_IN_GROUP',
    field: 'lines.4.memberId',
  });
  const twice = [...sheet().lines, { memberId: members[0], savings: '1000' }];
  expect(failure(await p.gql(officer, RECORD, { input: sheet({ lines: twice }) }))).toMatchObject({
    code: 'DUPLICATE_MEETING_LINE',
    field: 'lines.4.memberId',
  });
  expect(failure(await p.gql(officer, RECORD, { input: sheet({ meetingId: 'not-a-uuid' }) }))).toMatchObject({
    code: 'INVALID_INPUT',
    field: 'meetingId',
  });
  expect(failure(await p.gql(officer, RECORD, { input: sheet({ lines: [] }) }))).toMatchObject({ code: 'INVALID_INPUT', field: 'lines' });
  // A suspended member's line refuses the sheet too.
  const suspended = ok(await enrol(p, tree.fundId, { groupId: tree.groupId })).enrolMember.id;
  ok(await p.gql(p.national, `mutation($id: ID!) { suspendMember(id: $id) { id } }`, { id: suspended }));
  await settleBooks(p);
  const inactive = [...sheet().lines, { memberId: suspended, savings: '1000' }];
  expect(failure(await p.gql(officer, RECORD, { input: sheet({ lines: inactive }) }))).toMatchObject({
    code: 'MEMBER_NOT_ACTIVE',
    field: 'lines.4.memberId',
  });
  expect(await journalCount()).toBe(before);
  expect(ok(await p.gql(officer, MEETINGS, { id: tree.groupId })).node.meetings).toEqual([]);
});

it("a group's sheet posts every line in one go, with a result per line", async () => {
  const meeting = ok(await p.gql(officer, RECORD, { input: sheet() })).recordMeeting;
  expect(meeting).toMatchObject({
    id: meetingId,
    groupId: tree.groupId,
    heldOn: '2026-11-10',
    savings: { amount: '400000', currency: 'IRR' },
    sharesValue: { amount: '400000' },
    socialFund: { amount: '30000' },
    repaid: { amount: '0' },
  });
  expect(meeting.lines[1]).toEqual({
    memberId: members[1],
    savings: { amount: '150000' },
    shares: 5,
    sharesValue: { amount: '250000' },
    socialFund: { amount: '10000' },
    repaid: { amount: '0' },
    entries: [
      { kind: 'DEPOSIT', meetingId },
      { kind: 'SHARE_PURCHASE', meetingId },
      { kind: 'SOCIAL_FUND_CONTRIBUTION', meetingId },
    ],
  });
  expect(meeting.lines[3].entries).toEqual([{ kind: 'DEPOSIT', meetingId }]);
  expect(meeting.entries).toHaveLength(9);
  expect(ok(await p.gql(officer, BOOKS, { id: tree.fundId })).node.books).toMatchObject({
    cash: { amount: '830000' },
    memberSavings: { amount: '400000' },
    memberShares: { amount: '400000' },
    socialFund: { amount: '30000' },
    journal: { totalCount: 9 },
  });
  // The per-meeting maximum counts the sheet: a purchase in the same meeting afterwards is refused.
  expect(
    failure(
      await p.gql(officer, `mutation($input: BuySharesInput!) { buyShares(input: $input) { id } }`, {
        input: { memberId: members[1], shares: 1, meetingId, idempotencyKey: 'meeting-extra-1' },
      }),
    ),
  ).toMatchObject({ code: 'SHARE_LIMIT_PER_MEETING', details: { alreadyBought: 5 } });
});

it('the same sheet sent again returns the same result and posts nothing; another sheet with its id is refused', async () => {
  const again = ok(await p.gql(officer, RECORD, { input: sheet() })).recordMeeting;
  expect(again.id).toBe(meetingId);
  expect(again.entries).toHaveLength(9);
  expect(await journalCount()).toBe(9);
  const changed = sheet().lines.map((l, i) => (i === 0 ? { ...l, savings: '200001' } : l));
  expect(failure(await p.gql(officer, RECORD, { input: sheet({ lines: changed }) }))).toMatchObject({
    code: 'IDEMPOTENCY_KEY_REUSED',
    field: 'meetingId',
  });
  expect(await journalCount()).toBe(9);
});

it("the group's meetings list the sheet with its entries", async () => {
  const meetings = ok(await p.gql(officer, MEETINGS, { id: tree.groupId, from: '2026-11-01', to: '2026-11-30' })).node.meetings;
  expect(meetings).toHaveLength(1);
  expect(meetings[0]).toMatchObject({ id: meetingId, heldOn: '2026-11-10' });
  expect(meetings[0].lines.map((l: { shares: number }) => l.shares)).toEqual([2, 5, 1, 0]);
  expect(meetings[0].entries[0]).toEqual({
    kind: 'DEPOSIT',
    postings: expect.arrayContaining([{ account: { code: 'CASH' }, debit: { amount: '200000' } }]),
  });
  expect(ok(await p.gql(officer, MEETINGS, { id: tree.groupId, from: '2026-11-11' })).node.meetings).toEqual([]);
  const viewer = p.token(Role.DASHBOARD_VIEWER, tree.countyId);
  expect(failure(await p.gql(viewer, MEETINGS, { id: tree.groupId }))).toMatchObject({ code: 'FORBIDDEN' });
});

it("a later sheet repays a member's loan, through the loans module, in the same transaction", async () => {
  const product = ok(await p.gql(p.national, `mutation($f: ID!) { createLoanProduct(fundId: $f, input: {}) { id } }`, { f: tree.fundId }))
    .createLoanProduct.id;
  const loan = ok(
    await p.gql(officer, `mutation($input: ApplyForLoanInput!) { applyForLoan(input: $input) { id } }`, {
      input: { memberId: members[0], productId: product, principal: '300000', termMonths: 1 },
    }),
  ).applyForLoan.id;
  ok(await p.gql(officer, `mutation($id: ID!) { approveLoan(loanId: $id) { id } }`, { id: loan }));
  ok(
    await p.gql(officer, `mutation($input: LoanMoneyInput!) { disburseLoan(input: $input) { id } }`, {
      input: { loanId: loan, idempotencyKey: 'meeting-disburse-1' },
    }),
  );
  const later = (lines: unknown[], id = '0193a000-0000-7000-8000-0000000b0003') => ({
    meetingId: id,
    groupId: tree.groupId,
    heldOn: '2026-11-23',
    lines,
  });
  const before = await journalCount();
  // Another member's line may not repay her loan; nor may anyone repay more than it owes.
  expect(
    failure(
      await p.gql(officer, RECORD, {
        input: later([
          { memberId: members[0], savings: '1000' },
          { memberId: members[1], repayments: [{ loanId: loan, amount: '1000' }] },
        ]),
      }),
    ),
  ).toMatchObject({ code: 'LOAN_NOT_OF_MEMBER', field: 'lines.1.repayments.0.loanId' });
  expect(
    failure(await p.gql(officer, RECORD, { input: later([{ memberId: members[0], repayments: [{ loanId: loan, amount: '306001' }] }]) })),
  ).toMatchObject({ code: 'REPAYMENT_EXCEEDS_OUTSTANDING', field: 'lines.0.repayments.0.amount' });
  expect(await journalCount()).toBe(before);
  // 300,000 over one month at 24% a year flat: 6,000 interest, 306,000 in all.
  const sheet2 = ok(
    await p.gql(officer, RECORD, {
      input: later([
        { memberId: members[0], savings: '10000', repayments: [{ loanId: loan, amount: '306000' }] },
        { memberId: members[1], socialFund: '10000' },
      ]),
    }),
  ).recordMeeting;
  expect(sheet2).toMatchObject({ repaid: { amount: '306000' }, savings: { amount: '10000' } });
  expect(sheet2.lines[0]).toMatchObject({
    repaid: { amount: '306000' },
    entries: [
      { kind: 'DEPOSIT', meetingId: sheet2.id },
      { kind: 'LOAN_REPAYMENT', meetingId: sheet2.id },
    ],
  });
  expect(await journalCount()).toBe(before + 3);
  const loans = ok(await p.gql(officer, `query($id: ID!) { node(id: $id) { ... on Member { loans { id status } } } }`, { id: members[0] }))
    .node.loans;
  expect(loans).toEqual([{ id: loan, status: 'CLOSED' }]);
});

it('a regional admin of another county sees none of it and records nothing', async () => {
  const other = await createTree(p);
  await settleBooks(p);
  const stranger = p.token(Role.REGIONAL_ADMIN, other.countyId);
  expect(failure(await p.gql(stranger, RECORD, { input: sheet({ meetingId: '0193a000-0000-7000-8000-0000000b0002' }) }))).toMatchObject({
    code: 'NOT_FOUND',
    field: 'groupId',
  });
  expect(ok(await p.gql(stranger, MEETINGS, { id: tree.groupId })).node).toBeNull();
  expect(await journalCount()).toBe(13);
});
