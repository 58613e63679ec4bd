import type { EntityManager } from 'typeorm';
import type Decimal from 'decimal.js';
import { Dec } from '@funds/money';
import { S } from '../ledger/chart';

export type CapitalCode = 'GRANTS' | 'TRUST_CAPITAL' | 'CREDIT_LINE';

export interface PartnerRefRow {
  id: string;
  name: string;
  kind: string;
  countryCode: string | null;
}

/** One partner's capital of one kind in one fund: what came in, what went back, what is owed (or held, for a grant). */
export interface CapitalAccountRow {
  fundId: string;
  partnerId: string;
  code: CapitalCode;
  currency: string;
  received: Decimal;
  repaid: Decimal;
  outstanding: Decimal;
}

/** What a fund lends from, on the normal side: members' savings, their shares, earnings kept (retained and this period's). */
export interface FundSources {
  fundId: string;
  currency: string;
  savings: Decimal;
  shares: Decimal;
  earnings: Decimal;
}

/** One loan's principal outstanding and, when the loans module named one, the partner whose money funds it. */
export interface LoanExposureRow {
  fundId: string;
  loanId: string;
  outstanding: Decimal;
  fundingPartnerId: string | null;
}

const RECEIPTS = `('GRANT_RECEIVED', 'TRUST_CAPITAL_RECEIVED', 'CREDIT_LINE_DRAWN')`;
const REPAYMENTS = `('TRUST_CAPITAL_REPAID', 'CREDIT_LINE_REPAID')`;

/** All SQL of partners' capital. */
export class CapitalRepository {
  constructor(private readonly em: EntityManager) {}

  async partner(id: string): Promise<PartnerRefRow | null> {
    const [row]: { id: string; name: string; kind: string; country_code: string | null }[] = await this.em.query(
      `SELECT id, name, kind, country_code FROM ${S}.partner_ref WHERE id = $1`,
      [id],
    );
    return row ? { id: row.id, name: row.name, kind: row.kind, countryCode: row.country_code } : null;
  }

  /**
   * Partners' capital accounts of the funds (of one partner when given): received and repaid are
   * read from the entries that moved them, a reversal counted against what it reverses.
   */
  async capitalAccounts(fundIds: readonly string[], partnerId: string | null = null): Promise<CapitalAccountRow[]> {
    const rows: {
      fund_id: string;
      partner_id: string;
      code: CapitalCode;
      currency: string;
      received: string;
      repaid: string;
      outstanding: string;
    }[] = await this.em.query(
      `SELECT a.fund_id, a.partner_id, a.code, a.currency,
              coalesce(sum(-p.amount) FILTER (WHERE coalesce(o.kind, e.kind) IN ${RECEIPTS}), 0)::text AS received,
              coalesce(sum(p.amount) FILTER (WHERE coalesce(o.kind, e.kind) IN ${REPAYMENTS}), 0)::text AS repaid,
              (-a.balance)::text AS outstanding
         FROM ${S}.account a
         LEFT JOIN ${S}.posting p ON p.account_id = a.id
         LEFT JOIN ${S}.journal_entry e ON e.id = p.entry_id
         LEFT JOIN ${S}.journal_entry o ON o.id = e.reverses_id
        WHERE a.fund_id = ANY ($1::uuid[]) AND a.code IN ('GRANTS', 'TRUST_CAPITAL', 'CREDIT_LINE')
          AND ($2::uuid IS NULL OR a.partner_id = $2)
        GROUP BY a.id
        ORDER BY a.fund_id, a.partner_id, a.code`,
      [fundIds, partnerId],
    );
    return rows.map((r) => ({
      fundId: r.fund_id,
      partnerId: r.partner_id,
      code: r.code,
      currency: r.currency,
      received: new Dec(r.received),
      repaid: new Dec(r.repaid),
      outstanding: new Dec(r.outstanding),
    }));
  }

  async sources(fundIds: readonly string[]): Promise<FundSources[]> {
    const rows: { fund_id: string; currency: string; savings: string; shares: string; earnings: string }[] = await this.em.query(
      `SELECT b.fund_id, b.currency,
              coalesce(-sum(a.balance) FILTER (WHERE a.code = 'MEMBER_SAVINGS'), 0)::text AS savings,
              coalesce(-sum(a.balance) FILTER (WHERE a.code = 'MEMBER_SHARES'), 0)::text AS shares,
              coalesce(-sum(a.balance) FILTER (WHERE a.code = 'RETAINED_EARNINGS' OR a.kind IN ('INCOME', 'EXPENSE')), 0)::text AS earnings
         FROM ${S}.fund_book b LEFT JOIN ${S}.account a ON a.fund_id = b.fund_id
        WHERE b.fund_id = ANY ($1::uuid[])
        GROUP BY b.fund_id, b.currency`,
      [fundIds],
    );
    return rows.map((r) => ({
      fundId: r.fund_id,
      currency: r.currency,
      savings: new Dec(r.savings),
      shares: new Dec(r.shares),
      earnings: new Dec(r.earnings),
    }));
  }

  /** Loans with principal outstanding; a loan's funding partner is the one its disbursement entry names. */
  async loanExposures(fundIds: readonly string[]): Promise<LoanExposureRow[]> {
    const rows: { fund_id: string; loan_id: string; outstanding: string; partner_id: string | null }[] = await this.em.query(
      `SELECT a.fund_id, a.loan_id, a.balance::text AS outstanding,
              (SELECT e.partner_id FROM ${S}.journal_entry e
                WHERE e.loan_id = a.loan_id AND e.kind = 'LOAN_DISBURSED' AND e.partner_id IS NOT NULL ORDER BY e.seq LIMIT 1) AS partner_id
         FROM ${S}.account a
        WHERE a.fund_id = ANY ($1::uuid[]) AND a.code = 'LOANS_RECEIVABLE' AND a.balance > 0
        ORDER BY a.fund_id, a.loan_id`,
      [fundIds],
    );
    return rows.map((r) => ({ fundId: r.fund_id, loanId: r.loan_id, outstanding: new Dec(r.outstanding), fundingPartnerId: r.partner_id }));
  }

  /** The funds the caller sees (row-level security) where each partner has capital, under `nodeId` when given. */
  async fundsOfPartners(partnerIds: readonly string[], nodeId: string | null): Promise<{ partnerId: string; fundId: string }[]> {
    const rows: { partner_id: string; fund_id: string }[] = await this.em.query(
      `SELECT DISTINCT a.partner_id, a.fund_id FROM ${S}.account a
        WHERE a.partner_id = ANY ($1::uuid[]) AND a.code IN ('GRANTS', 'TRUST_CAPITAL', 'CREDIT_LINE')
          AND ($2::uuid IS NULL OR $2 IN (a.fund_id, a.village_id, a.county_id, a.province_id))
        ORDER BY a.partner_id, a.fund_id`,
      [partnerIds, nodeId],
    );
    return rows.map((r) => ({ partnerId: r.partner_id, fundId: r.fund_id }));
  }
}
