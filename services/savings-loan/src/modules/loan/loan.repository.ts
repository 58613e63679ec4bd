import type { EntityManager } from 'typeorm';
import type Decimal from 'decimal.js';
import { isUniqueViolation, uuid7 } from '@funds/db-kit';
import { DomainError } from '@funds/graphql-kit';
import { Dec, decimalToString } from '@funds/money';
import type { Instalment } from './schedule';
import {
  OPEN_STATUSES,
  type Loan,
  type LoanApproval,
  type LoanInstalmentRow,
  type LoanProduct,
  type LoanProductSettings,
  type LoanStatus,
} from './loan.entity';

/** savings-loan's Postgres schema. */
const S = 'savings_loan';

const PRODUCT_COLUMNS = `p.id, p.fund_id, p.name, p.currency, p.method, p.annual_rate_percent::text AS annual_rate_percent,
  p.fee_percent::text AS fee_percent, p.fee_timing, p.repayment, p.min_term_months, p.max_term_months,
  p.max_savings_multiple::text AS max_savings_multiple, p.cycle_caps::text[] AS cycle_caps, p.waiting_months, p.group_guarantee,
  p.max_concurrent_loans, p.purpose_required, p.guarantee_hold_percent::text AS guarantee_hold_percent, p.active`;

interface ProductRow {
  id: string;
  fund_id: string;
  name: string;
  currency: string;
  method: LoanProduct['method'];
  annual_rate_percent: string;
  fee_percent: string;
  fee_timing: LoanProduct['feeTiming'];
  repayment: LoanProduct['repayment'];
  min_term_months: number;
  max_term_months: number;
  max_savings_multiple: string | null;
  cycle_caps: string[] | null;
  waiting_months: number;
  group_guarantee: boolean;
  max_concurrent_loans: number;
  purpose_required: boolean;
  guarantee_hold_percent: string;
  active: boolean;
}

function toProduct(r: ProductRow): LoanProduct {
  return {
    id: r.id,
    fundId: r.fund_id,
    name: r.name,
    currency: r.currency,
    method: r.method,
    annualRatePercent: new Dec(r.annual_rate_percent),
    feePercent: new Dec(r.fee_percent),
    feeTiming: r.fee_timing,
    repayment: r.repayment,
    minTermMonths: r.min_term_months,
    maxTermMonths: r.max_term_months,
    maxSavingsMultiple: r.max_savings_multiple === null ? null : new Dec(r.max_savings_multiple),
    cycleCaps: r.cycle_caps === null ? null : r.cycle_caps.map((c) => new Dec(c)),
    waitingMonths: r.waiting_months,
    groupGuarantee: r.group_guarantee,
    maxConcurrentLoans: r.max_concurrent_loans,
    purposeRequired: r.purpose_required,
    guaranteeHoldPercent: new Dec(r.guarantee_hold_percent),
    active: r.active,
  };
}

const LOAN_COLUMNS = `l.id, l.fund_id, l.member_id, l.group_id, l.product_id, l.cycle, l.currency, l.principal::text AS principal, l.term_months,
  l.method, l.annual_rate_percent::text AS annual_rate_percent, l.fee_percent::text AS fee_percent, l.fee_timing, l.repayment, l.purpose,
  l.status, to_char(l.applied_on, 'YYYY-MM-DD') AS applied_on, to_char(l.decided_on, 'YYYY-MM-DD') AS decided_on, l.decision_note,
  to_char(l.disbursed_on, 'YYYY-MM-DD') AS disbursed_on, to_char(l.closed_on, 'YYYY-MM-DD') AS closed_on,
  to_char(l.written_off_on, 'YYYY-MM-DD') AS written_off_on, l.funding_partner_id, l.rescheduled_count, l.schedule_version`;

interface LoanRow {
  id: string;
  fund_id: string;
  member_id: string;
  group_id: string | null;
  product_id: string;
  cycle: number;
  currency: string;
  principal: string;
  term_months: number;
  method: Loan['method'];
  annual_rate_percent: string;
  fee_percent: string;
  fee_timing: Loan['feeTiming'];
  repayment: Loan['repayment'];
  purpose: string | null;
  status: LoanStatus;
  applied_on: string;
  decided_on: string | null;
  decision_note: string | null;
  disbursed_on: string | null;
  closed_on: string | null;
  written_off_on: string | null;
  funding_partner_id: string | null;
  rescheduled_count: number;
  schedule_version: number;
}

function toLoan(r: LoanRow): Loan {
  return {
    id: r.id,
    fundId: r.fund_id,
    memberId: r.member_id,
    groupId: r.group_id,
    productId: r.product_id,
    cycle: r.cycle,
    currency: r.currency,
    principal: new Dec(r.principal),
    termMonths: r.term_months,
    method: r.method,
    annualRatePercent: new Dec(r.annual_rate_percent),
    feePercent: new Dec(r.fee_percent),
    feeTiming: r.fee_timing,
    repayment: r.repayment,
    purpose: r.purpose,
    status: r.status,
    appliedOn: r.applied_on,
    decidedOn: r.decided_on,
    decisionNote: r.decision_note,
    disbursedOn: r.disbursed_on,
    closedOn: r.closed_on,
    writtenOffOn: r.written_off_on,
    fundingPartnerId: r.funding_partner_id,
    rescheduledCount: r.rescheduled_count,
    scheduleVersion: r.schedule_version,
  };
}

const INSTALMENT_COLUMNS = `i.loan_id, i.version, i.number, to_char(i.due_on, 'YYYY-MM-DD') AS due_on, i.principal_due::text AS principal_due,
  i.interest_due::text AS interest_due, i.fee_due::text AS fee_due, i.principal_paid::text AS principal_paid,
  i.interest_paid::text AS interest_paid, i.fee_paid::text AS fee_paid`;

interface InstalmentRow {
  loan_id: string;
  version: number;
  number: number;
  due_on: string;
  principal_due: string;
  interest_due: string;
  fee_due: string;
  principal_paid: string;
  interest_paid: string;
  fee_paid: string;
}

function toInstalment(r: InstalmentRow): LoanInstalmentRow {
  return {
    loanId: r.loan_id,
    version: r.version,
    number: r.number,
    dueOn: r.due_on,
    principal: new Dec(r.principal_due),
    interest: new Dec(r.interest_due),
    fee: new Dec(r.fee_due),
    principalPaid: new Dec(r.principal_paid),
    interestPaid: new Dec(r.interest_paid),
    feePaid: new Dec(r.fee_paid),
  };
}

/** All SQL of the loans module. Every statement runs in the caller's scoped transaction. */
export class LoanRepository {
  constructor(private readonly em: EntityManager) {}

  // ---- Products

  async insertProduct(fundId: string, settings: LoanProductSettings, recordedBy: string): Promise<string> {
    const id = uuid7();
    try {
      await this.em.query(
        `INSERT INTO ${S}.loan_product (id, fund_id, province_id, county_id, village_id, currency, created_by, ${SETTING_COLUMNS.join(', ')})
         SELECT $1, b.fund_id, b.province_id, b.county_id, b.village_id, b.currency, $3, ${SETTING_COLUMNS.map((_, i) => `$${i + 4}`).join(', ')}
           FROM ${S}.fund_book b WHERE b.fund_id = $2`,
        [id, fundId, recordedBy, ...settingValues(settings)],
      );
    } catch (error) {
      throw nameTaken(error, settings.name);
    }
    return id;
  }

  async updateProduct(id: string, settings: LoanProductSettings): Promise<void> {
    try {
      await this.em.query(
        `UPDATE ${S}.loan_product SET ${SETTING_COLUMNS.map((c, i) => `${c} = $${i + 2}`).join(', ')}, updated_at = now() WHERE id = $1`,
        [id, ...settingValues(settings)],
      );
    } catch (error) {
      throw nameTaken(error, settings.name);
    }
  }

  async products(ids: readonly string[], lock = false): Promise<Map<string, LoanProduct>> {
    const rows: ProductRow[] = await this.em.query(
      `SELECT ${PRODUCT_COLUMNS} FROM ${S}.loan_product p WHERE p.id = ANY ($1::uuid[]) ORDER BY p.id${lock ? ' FOR UPDATE' : ''}`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, toProduct(r)]));
  }

  async productsOfFunds(fundIds: readonly string[]): Promise<LoanProduct[]> {
    const rows: ProductRow[] = await this.em.query(
      `SELECT ${PRODUCT_COLUMNS} FROM ${S}.loan_product p WHERE p.fund_id = ANY ($1::uuid[]) ORDER BY p.fund_id, p.name, p.id`,
      [fundIds],
    );
    return rows.map(toProduct);
  }

  // ---- Loans

  async partnerExists(partnerId: string): Promise<boolean> {
    const rows: unknown[] = await this.em.query(`SELECT 1 FROM ${S}.partner_ref WHERE id = $1`, [partnerId]);
    return rows.length > 0;
  }

  /**
   * Serializes a member's loan steps that judge her caps (applying, disbursing): a transaction-long
   * lock on the member, taken before anything is counted. Two of her applications or
   * disbursements at once are judged one after the other, each counting what the other wrote.
   */
  async lockMember(memberId: string): Promise<void> {
    await this.em.query(`SELECT pg_advisory_xact_lock(hashtextextended('savings_loan.loan.member:' || $1::text, 0))`, [memberId]);
  }

  async insertLoan(
    loan: Omit<
      Loan,
      'status' | 'decidedOn' | 'decisionNote' | 'disbursedOn' | 'closedOn' | 'writtenOffOn' | 'rescheduledCount' | 'scheduleVersion'
    >,
    recordedBy: string,
  ): Promise<void> {
    await this.em.query(
      `INSERT INTO ${S}.loan (id, fund_id, province_id, county_id, village_id, member_id, group_id, product_id, cycle, currency, principal,
                             term_months, method, annual_rate_percent, fee_percent, fee_timing, repayment, purpose, status, applied_on,
                             funding_partner_id, recorded_by)
       SELECT $1, b.fund_id, b.province_id, b.county_id, b.village_id, $3, $4, $5, $6, b.currency, $7, $8, $9, $10, $11, $12, $13, $14,
              'APPLIED', $15, $16, $17
         FROM ${S}.fund_book b WHERE b.fund_id = $2`,
      [
        loan.id,
        loan.fundId,
        loan.memberId,
        loan.groupId,
        loan.productId,
        loan.cycle,
        decimalToString(loan.principal),
        loan.termMonths,
        loan.method,
        decimalToString(loan.annualRatePercent),
        decimalToString(loan.feePercent),
        loan.feeTiming,
        loan.repayment,
        loan.purpose,
        loan.appliedOn,
        loan.fundingPartnerId,
        recordedBy,
      ],
    );
  }

  /** Loans by id; with `lock`, each row locked (in id order) until the transaction ends. */
  async loans(ids: readonly string[], lock = false): Promise<Map<string, Loan>> {
    const rows: LoanRow[] = await this.em.query(
      `SELECT ${LOAN_COLUMNS} FROM ${S}.loan l WHERE l.id = ANY ($1::uuid[]) ORDER BY l.id${lock ? ' FOR UPDATE' : ''}`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, toLoan(r)]));
  }

  async loansOfMembers(memberIds: readonly string[]): Promise<Loan[]> {
    const rows: LoanRow[] = await this.em.query(
      `SELECT ${LOAN_COLUMNS} FROM ${S}.loan l WHERE l.member_id = ANY ($1::uuid[]) ORDER BY l.member_id, l.id`,
      [memberIds],
    );
    return rows.map(toLoan);
  }

  /** A page of a fund's loans, oldest first (ids are time-ordered), after `afterId`. */
  async fundLoans(fundId: string, status: LoanStatus | null, afterId: string | null, limit: number): Promise<Loan[]> {
    const rows: LoanRow[] = await this.em.query(
      `SELECT ${LOAN_COLUMNS} FROM ${S}.loan l
        WHERE l.fund_id = $1 AND ($2::text IS NULL OR l.status = $2) AND ($3::uuid IS NULL OR l.id > $3)
        ORDER BY l.id LIMIT $4`,
      [fundId, status, afterId, limit],
    );
    return rows.map(toLoan);
  }

  async countFundLoans(fundId: string, status: LoanStatus | null): Promise<number> {
    const [{ n }]: { n: number }[] = await this.em.query(
      `SELECT count(*)::int AS n FROM ${S}.loan l WHERE l.fund_id = $1 AND ($2::text IS NULL OR l.status = $2)`,
      [fundId, status],
    );
    return n;
  }

  /** Her loans in the fund by where they stand: open (applied, approved, disbursed) and disbursed ever (her past cycles). */
  async memberLoanCounts(memberId: string, fundId: string, excludeLoanId: string | null): Promise<{ open: number; disbursedEver: number }> {
    const [row]: { open: number; disbursed_ever: number }[] = await this.em.query(
      `SELECT count(*) FILTER (WHERE status = ANY ($3::text[]))::int AS open,
              count(*) FILTER (WHERE disbursed_on IS NOT NULL)::int AS disbursed_ever
         FROM ${S}.loan WHERE member_id = $1 AND fund_id = $2 AND ($4::uuid IS NULL OR id <> $4)`,
      [memberId, fundId, OPEN_STATUSES, excludeLoanId],
    );
    return { open: row.open, disbursedEver: row.disbursed_ever };
  }

  /** Principal she still owes on her disbursed loans (the loans' receivable balances). */
  async memberOutstanding(memberId: string, fundId: string, excludeLoanId: string | null): Promise<Decimal> {
    const [row]: { outstanding: string }[] = await this.em.query(
      `SELECT coalesce(sum(a.balance), 0)::text AS outstanding
         FROM ${S}.loan l JOIN ${S}.account a ON a.loan_id = l.id AND a.code = 'LOANS_RECEIVABLE'
        WHERE l.member_id = $1 AND l.fund_id = $2 AND l.status = 'DISBURSED' AND ($3::uuid IS NULL OR l.id <> $3)`,
      [memberId, fundId, excludeLoanId],
    );
    return new Dec(row.outstanding);
  }

  /** Disbursed loans of the group's members with an instalment fallen due before `asOf` and not fully paid. */
  async groupLoansInArrears(groupId: string, asOf: string): Promise<number> {
    const [row]: { n: number }[] = await this.em.query(
      `SELECT count(DISTINCT l.id)::int AS n
         FROM ${S}.loan l JOIN ${S}.member_ref m ON m.id = l.member_id
         JOIN ${S}.loan_instalment i ON i.loan_id = l.id AND i.version = l.schedule_version
        WHERE m.group_id = $1 AND l.status = 'DISBURSED' AND i.due_on < $2
          AND (i.principal_paid < i.principal_due OR i.interest_paid < i.interest_due OR i.fee_paid < i.fee_due)`,
      [groupId, asOf],
    );
    return row.n;
  }

  async setStatus(
    loanId: string,
    status: LoanStatus,
    dates: { decidedOn?: string; decisionNote?: string | null; disbursedOn?: string; closedOn?: string; writtenOffOn?: string } = {},
  ): Promise<void> {
    await this.em.query(
      `UPDATE ${S}.loan SET status = $2,
              decided_on = coalesce($3::date, decided_on), decision_note = coalesce($4, decision_note),
              disbursed_on = coalesce($5::date, disbursed_on), closed_on = coalesce($6::date, closed_on),
              written_off_on = coalesce($7::date, written_off_on)
        WHERE id = $1`,
      [
        loanId,
        status,
        dates.decidedOn ?? null,
        dates.decisionNote ?? null,
        dates.disbursedOn ?? null,
        dates.closedOn ?? null,
        dates.writtenOffOn ?? null,
      ],
    );
  }

  /** At disbursement: her cycle as it stands now, and the entry that paid it out. */
  async markDisbursed(loanId: string, cycle: number, disbursedOn: string, entryId: string): Promise<void> {
    await this.em.query(
      `UPDATE ${S}.loan SET status = 'DISBURSED', cycle = $2, disbursed_on = $3, disbursement_entry_id = $4, schedule_version = 1 WHERE id = $1`,
      [loanId, cycle, disbursedOn, entryId],
    );
  }

  async markRescheduled(loanId: string, version: number): Promise<void> {
    await this.em.query(`UPDATE ${S}.loan SET schedule_version = $2, rescheduled_count = rescheduled_count + 1 WHERE id = $1`, [
      loanId,
      version,
    ]);
  }

  // ---- Approvals

  /** Records an officer's approval; false when she approved it already. */
  async insertApproval(loanId: string, fundId: string, approvedBy: string, note: string | null): Promise<boolean> {
    const inserted: unknown[] = await this.em.query(
      `INSERT INTO ${S}.loan_approval (id, fund_id, province_id, county_id, village_id, loan_id, approved_by, note)
       SELECT $1, b.fund_id, b.province_id, b.county_id, b.village_id, $3, $4, $5 FROM ${S}.fund_book b WHERE b.fund_id = $2
       ON CONFLICT ON CONSTRAINT loan_approval_once_key DO NOTHING RETURNING id`,
      [uuid7(), fundId, loanId, approvedBy, note],
    );
    return inserted.length > 0;
  }

  async approvals(loanIds: readonly string[]): Promise<LoanApproval[]> {
    const rows: { loan_id: string; approved_by: string; approved_at: Date; note: string | null }[] = await this.em.query(
      `SELECT loan_id, approved_by, approved_at, note FROM ${S}.loan_approval WHERE loan_id = ANY ($1::uuid[]) ORDER BY loan_id, approved_at, id`,
      [loanIds],
    );
    return rows.map((r) => ({ loanId: r.loan_id, approvedBy: r.approved_by, approvedAt: r.approved_at, note: r.note }));
  }

  // ---- Schedules

  async insertInstalments(loan: Pick<Loan, 'id' | 'fundId'>, version: number, instalments: Instalment[]): Promise<void> {
    await this.em.query(
      `INSERT INTO ${S}.loan_instalment (fund_id, province_id, county_id, village_id, loan_id, version, number, due_on,
                                         principal_due, interest_due, fee_due)
       SELECT b.fund_id, b.province_id, b.county_id, b.village_id, $2, $3, i.number, i.due_on, i.principal, i.interest, i.fee
         FROM ${S}.fund_book b, unnest($4::int[], $5::date[], $6::numeric[], $7::numeric[], $8::numeric[]) AS i(number, due_on, principal, interest, fee)
        WHERE b.fund_id = $1`,
      [
        loan.fundId,
        loan.id,
        version,
        instalments.map((i) => i.number),
        instalments.map((i) => i.dueOn),
        instalments.map((i) => decimalToString(i.principal)),
        instalments.map((i) => decimalToString(i.interest)),
        instalments.map((i) => decimalToString(i.fee)),
      ],
    );
  }

  /** The instalments of each loan's current schedule version (or of every version), in order. */
  async instalments(loanIds: readonly string[], allVersions = false): Promise<LoanInstalmentRow[]> {
    const rows: InstalmentRow[] = await this.em.query(
      `SELECT ${INSTALMENT_COLUMNS} FROM ${S}.loan_instalment i JOIN ${S}.loan l ON l.id = i.loan_id
        WHERE i.loan_id = ANY ($1::uuid[]) AND ($2 OR i.version = l.schedule_version)
        ORDER BY i.loan_id, i.version, i.number`,
      [loanIds, allVersions],
    );
    return rows.map(toInstalment);
  }

  /** Adds what a repayment paid to its instalments (the database keeps paid within due). */
  async addPayments(
    loanId: string,
    version: number,
    parts: { number: number; fee: Decimal; interest: Decimal; principal: Decimal }[],
  ): Promise<void> {
    if (parts.length === 0) return;
    await this.em.query(
      `UPDATE ${S}.loan_instalment i SET fee_paid = i.fee_paid + p.fee, interest_paid = i.interest_paid + p.interest,
              principal_paid = i.principal_paid + p.principal
         FROM unnest($3::int[], $4::numeric[], $5::numeric[], $6::numeric[]) AS p(number, fee, interest, principal)
        WHERE i.loan_id = $1 AND i.version = $2 AND i.number = p.number`,
      [
        loanId,
        version,
        parts.map((p) => p.number),
        parts.map((p) => decimalToString(p.fee)),
        parts.map((p) => decimalToString(p.interest)),
        parts.map((p) => decimalToString(p.principal)),
      ],
    );
  }

  // ---- Money read back

  /** The ids and kinds of loans' journal entries (disbursement, repayments, write-off), oldest first. */
  async entryIds(loanIds: readonly string[]): Promise<{ loanId: string; entryId: string; kind: string }[]> {
    const rows: { loan_id: string; id: string; kind: string }[] = await this.em.query(
      `SELECT e.loan_id, e.id, e.kind FROM ${S}.journal_entry e WHERE e.loan_id = ANY ($1::uuid[]) ORDER BY e.seq`,
      [loanIds],
    );
    return rows.map((r) => ({ loanId: r.loan_id, entryId: r.id, kind: r.kind }));
  }
}

const SETTING_COLUMNS = [
  'name',
  'method',
  'annual_rate_percent',
  'fee_percent',
  'fee_timing',
  'repayment',
  'min_term_months',
  'max_term_months',
  'max_savings_multiple',
  'cycle_caps',
  'waiting_months',
  'group_guarantee',
  'max_concurrent_loans',
  'purpose_required',
  'guarantee_hold_percent',
  'active',
];

function settingValues(s: LoanProductSettings): unknown[] {
  return [
    s.name,
    s.method,
    decimalToString(s.annualRatePercent),
    decimalToString(s.feePercent),
    s.feeTiming,
    s.repayment,
    s.minTermMonths,
    s.maxTermMonths,
    s.maxSavingsMultiple === null ? null : decimalToString(s.maxSavingsMultiple),
    s.cycleCaps === null ? null : s.cycleCaps.map(decimalToString),
    s.waitingMonths,
    s.groupGuarantee,
    s.maxConcurrentLoans,
    s.purposeRequired,
    decimalToString(s.guaranteeHoldPercent),
    s.active,
  ];
}

function nameTaken(error: unknown, name: string): unknown {
  if (isUniqueViolation(error, 'loan_product_name_key')) {
    return new DomainError('NAME_TAKEN', `The fund has a loan product named '${name}' already`, 'input.name');
  }
  return error;
}
