import type { EntityManager } from 'typeorm';
import { uuid7 } from '@funds/db-kit';

export const S = 'savings_loan';

export type AccountKind = 'ASSET' | 'LIABILITY' | 'EQUITY' | 'INCOME' | 'EXPENSE';

/** What an account is kept for: the fund itself, one member, one loan or one partner. */
export type AccountHolder = 'FUND' | 'MEMBER' | 'LOAN' | 'PARTNER';

export interface AccountDefinition {
  kind: AccountKind;
  holder: AccountHolder;
  /** The balance may never pass zero on the wrong side of its normal balance (a CHECK in the database). */
  noOverdraft: boolean;
  description: string;
}

/**
 * A fund's chart of accounts. Balances are stored signed, debits positive and credits negative:
 * assets and expenses normally hold positive balances, liabilities, equity and income negative
 * ones; the API shows every balance on its normal side (a member's savings as a positive amount).
 */
export const CHART = {
  CASH: { kind: 'ASSET', holder: 'FUND', noOverdraft: true, description: "The fund's cash: what is in its box or bank account." },
  MEMBER_SAVINGS: { kind: 'LIABILITY', holder: 'MEMBER', noOverdraft: true, description: "A member's savings: owed back to her." },
  MEMBER_SHARES: {
    kind: 'EQUITY',
    holder: 'MEMBER',
    noOverdraft: true,
    description: "A member's shares in a savings group (her part of its equity).",
  },
  SOCIAL_FUND: {
    kind: 'LIABILITY',
    holder: 'FUND',
    noOverdraft: true,
    description: 'The social fund: members’ contributions kept for emergencies, paid out as grants.',
  },
  LOANS_RECEIVABLE: { kind: 'ASSET', holder: 'LOAN', noOverdraft: true, description: 'Principal a borrower still owes on one loan.' },
  FEE_INCOME: { kind: 'INCOME', holder: 'FUND', noOverdraft: false, description: 'Service fees earned (qard al-hasan fees).' },
  INTEREST_INCOME: { kind: 'INCOME', holder: 'FUND', noOverdraft: false, description: 'Interest earned on loans.' },
  GRANTS: {
    kind: 'EQUITY',
    holder: 'PARTNER',
    noOverdraft: true,
    description: "Capital a partner granted the fund (the fund's own, never repaid).",
  },
  TRUST_CAPITAL: {
    kind: 'LIABILITY',
    holder: 'PARTNER',
    noOverdraft: true,
    description: 'Capital a partner placed with the fund in trust, returnable to it.',
  },
  CREDIT_LINE: {
    kind: 'LIABILITY',
    holder: 'PARTNER',
    noOverdraft: true,
    description: 'What the fund owes a bank on its linkage credit line.',
  },
  WRITE_OFFS: { kind: 'EXPENSE', holder: 'FUND', noOverdraft: false, description: 'Loan principal written off as lost.' },
  RETAINED_EARNINGS: {
    kind: 'EQUITY',
    holder: 'FUND',
    noOverdraft: false,
    description: 'Profit kept by the fund from closed periods and cycles.',
  },
} as const satisfies Record<string, AccountDefinition>;

export type AccountCode = keyof typeof CHART;
export const ACCOUNT_CODES = Object.keys(CHART) as AccountCode[];

/** Which account of a fund: its code and, for a member's, a loan's or a partner's account, whose. */
export interface AccountKey {
  code: AccountCode;
  memberId?: string | null;
  loanId?: string | null;
  partnerId?: string | null;
}

/** +1 when the account's normal balance is a debit (stored positive), -1 when a credit. */
export function normalSign(code: AccountCode): 1 | -1 {
  const kind: AccountKind = CHART[code].kind;
  return kind === 'ASSET' || kind === 'EXPENSE' ? 1 : -1;
}

/** The fund-level accounts every fund opens with; member, loan and partner accounts open on their first posting. */
export const FUND_ACCOUNTS: AccountCode[] = ACCOUNT_CODES.filter((code) => CHART[code].holder === 'FUND');

/**
 * Opens a fund's books when the fund first appears (membership's event): its fund_book row, in the
 * fund's currency, and its fund-level accounts. Idempotent: a fund already open is left as it is.
 * Runs in the caller's transaction, as the platform (the event consumer's scope).
 */
export async function openFundBooks(em: EntityManager, fundId: string): Promise<void> {
  const opened: unknown[] = await em.query(
    `INSERT INTO ${S}.fund_book (fund_id, province_id, county_id, village_id, currency)
     SELECT id, province_id, county_id, village_id, currency FROM ${S}.fund_ref WHERE id = $1
     ON CONFLICT (fund_id) DO NOTHING RETURNING fund_id`,
    [fundId],
  );
  if (opened.length === 0) return;
  await openAccounts(
    em,
    fundId,
    FUND_ACCOUNTS.map((code) => ({ code })),
  );
}

/**
 * The ids of the fund's accounts for `keys` (in order; a key may repeat), opening those the fund
 * does not have yet (in the fund's currency). Usually one statement: the accounts are looked up
 * first and only the missing ones inserted.
 */
export async function openAccounts(em: EntityManager, fundId: string, keys: AccountKey[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const text = (k: AccountKey) => accountKeyText(k.code, k.memberId ?? null, k.loanId ?? null, k.partnerId ?? null);
  const unique = [...new Map(keys.map((k) => [text(k), k])).values()];
  const idOf = await findAccounts(em, fundId, unique);
  const missing = unique.filter((k) => !idOf.has(text(k)));
  if (missing.length) {
    const rows = missing.map((k) => [
      uuid7(),
      k.code,
      CHART[k.code].kind,
      k.memberId ?? null,
      k.loanId ?? null,
      k.partnerId ?? null,
      CHART[k.code].noOverdraft,
    ]);
    await em.query(
      `INSERT INTO ${S}.account (id, fund_id, province_id, county_id, village_id, currency, code, kind, member_id, loan_id, partner_id, no_overdraft)
       SELECT k.id, b.fund_id, b.province_id, b.county_id, b.village_id, b.currency, k.code, k.kind, k.member_id, k.loan_id, k.partner_id, k.no_overdraft
         FROM ${S}.fund_book b,
              unnest($2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::uuid[], $7::uuid[], $8::boolean[])
                AS k(id, code, kind, member_id, loan_id, partner_id, no_overdraft)
        WHERE b.fund_id = $1
       ON CONFLICT ON CONSTRAINT account_key DO NOTHING`,
      [fundId, ...[0, 1, 2, 3, 4, 5, 6].map((i) => rows.map((r) => r[i]))],
    );
    // Opened now, or by a concurrent request a moment before (ON CONFLICT): read them back.
    for (const [key, id] of await findAccounts(em, fundId, missing)) idOf.set(key, id);
  }
  return keys.map((k) => {
    const id = idOf.get(text(k));
    if (!id) throw new Error(`account ${k.code} of fund ${fundId} could not be opened (does the fund have books?)`);
    return id;
  });
}

async function findAccounts(em: EntityManager, fundId: string, keys: AccountKey[]): Promise<Map<string, string>> {
  const found: { id: string; code: string; member_id: string | null; loan_id: string | null; partner_id: string | null }[] = await em.query(
    `SELECT a.id, a.code, a.member_id, a.loan_id, a.partner_id
       FROM ${S}.account a
       JOIN unnest($2::text[], $3::uuid[], $4::uuid[], $5::uuid[]) AS k(code, member_id, loan_id, partner_id)
         ON a.code = k.code AND a.member_id IS NOT DISTINCT FROM k.member_id
        AND a.loan_id IS NOT DISTINCT FROM k.loan_id AND a.partner_id IS NOT DISTINCT FROM k.partner_id
      WHERE a.fund_id = $1`,
    [
      fundId,
      keys.map((k) => k.code),
      keys.map((k) => k.memberId ?? null),
      keys.map((k) => k.loanId ?? null),
      keys.map((k) => k.partnerId ?? null),
    ],
  );
  return new Map(found.map((r) => [accountKeyText(r.code as AccountCode, r.member_id, r.loan_id, r.partner_id), r.id]));
}

function accountKeyText(code: AccountCode, memberId: string | null, loanId: string | null, partnerId: string | null): string {
  return `${code}|${memberId ?? ''}|${loanId ?? ''}|${partnerId ?? ''}`;
}
