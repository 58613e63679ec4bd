import type { EntityManager } from 'typeorm';
import type Decimal from 'decimal.js';
import { Dec, decimalToString } from '@funds/money';
import { S } from '../ledger/chart';

/** A fund's savings-group terms. */
export interface SavingsTermsRow {
  fundId: string;
  currency: string;
  shareValue: Decimal;
  maxSharesPerMeeting: number;
  socialFundPerMeeting: Decimal;
  setBy: string;
  setAt: Date;
}

interface TermsRecord {
  fund_id: string;
  currency: string;
  share_value: string;
  max_shares_per_meeting: number;
  social_fund_per_meeting: string;
  set_by: string;
  set_at: Date;
}

const toTerms = (r: TermsRecord): SavingsTermsRow => ({
  fundId: r.fund_id,
  currency: r.currency,
  shareValue: new Dec(r.share_value),
  maxSharesPerMeeting: r.max_shares_per_meeting,
  socialFundPerMeeting: new Dec(r.social_fund_per_meeting),
  setBy: r.set_by,
  setAt: r.set_at,
});

const TERMS_COLUMNS = `fund_id, currency, share_value::text AS share_value, max_shares_per_meeting,
  social_fund_per_meeting::text AS social_fund_per_meeting, set_by, set_at`;

/** All SQL of savings terms and shares. */
export class SharesRepository {
  constructor(private readonly em: EntityManager) {}

  /** The fund's terms; with `lock`, the row is share-locked (terms do not change under a purchase). */
  async terms(fundId: string, lock = false): Promise<SavingsTermsRow | null> {
    const [row]: TermsRecord[] = await this.em.query(
      `SELECT ${TERMS_COLUMNS} FROM ${S}.savings_terms WHERE fund_id = $1${lock ? ' FOR SHARE' : ''}`,
      [fundId],
    );
    return row ? toTerms(row) : null;
  }

  /** Locks the fund's terms row (if any) for a change: purchases under way hold it shared. */
  async lockTerms(fundId: string): Promise<void> {
    await this.em.query(`SELECT 1 FROM ${S}.savings_terms WHERE fund_id = $1 FOR UPDATE`, [fundId]);
  }

  async termsOf(fundIds: readonly string[]): Promise<SavingsTermsRow[]> {
    const rows: TermsRecord[] = await this.em.query(`SELECT ${TERMS_COLUMNS} FROM ${S}.savings_terms WHERE fund_id = ANY ($1::uuid[])`, [
      fundIds,
    ]);
    return rows.map(toTerms);
  }

  /** Writes the fund's terms (one row per fund), in the fund's currency and ancestry. */
  async setTerms(
    fundId: string,
    terms: { shareValue: Decimal; maxSharesPerMeeting: number; socialFundPerMeeting: Decimal },
    setBy: string,
  ): Promise<void> {
    await this.em.query(
      `INSERT INTO ${S}.savings_terms (fund_id, province_id, county_id, village_id, currency, share_value, max_shares_per_meeting,
                                       social_fund_per_meeting, set_by)
       SELECT fund_id, province_id, county_id, village_id, currency, $2, $3, $4, $5 FROM ${S}.fund_book WHERE fund_id = $1
       ON CONFLICT (fund_id) DO UPDATE SET share_value = EXCLUDED.share_value, max_shares_per_meeting = EXCLUDED.max_shares_per_meeting,
         social_fund_per_meeting = EXCLUDED.social_fund_per_meeting, set_by = EXCLUDED.set_by, set_at = now()`,
      [fundId, decimalToString(terms.shareValue), terms.maxSharesPerMeeting, decimalToString(terms.socialFundPerMeeting), setBy],
    );
  }

  /**
   * Serialises a member's share purchases until the transaction ends (her shares account may not
   * exist yet to lock: her first purchases would otherwise both pass the per-meeting maximum).
   */
  async lockMemberShares(memberId: string): Promise<void> {
    await this.em.query(`SELECT pg_advisory_xact_lock(hashtextextended('savings_loan.shares.member:' || $1::text, 0))`, [memberId]);
  }

  /**
   * The value of the shares a member bought in one meeting (purchases recorded with that meeting
   * id, less any reversal of them), on the normal side.
   */
  async sharesValueInMeeting(memberId: string, meetingId: string): Promise<Decimal> {
    const [row]: { value: string | null }[] = await this.em.query(
      `SELECT (-sum(p.amount))::text AS value
         FROM ${S}.posting p
         JOIN ${S}.account a ON a.id = p.account_id AND a.code = 'MEMBER_SHARES' AND a.member_id = $1
         JOIN ${S}.journal_entry e ON e.id = p.entry_id
         LEFT JOIN ${S}.journal_entry o ON o.id = e.reverses_id
        WHERE e.meeting_id = $2 OR o.meeting_id = $2`,
      [memberId, meetingId],
    );
    return new Dec(row?.value ?? 0);
  }

  /** The total value of the members' shares in a fund now (on the normal side). */
  async sharesOutstanding(fundId: string): Promise<Decimal> {
    const [row]: { value: string | null }[] = await this.em.query(
      `SELECT (-sum(balance))::text AS value FROM ${S}.account WHERE fund_id = $1 AND code = 'MEMBER_SHARES'`,
      [fundId],
    );
    return new Dec(row?.value ?? 0);
  }
}
