import { MigrationInterface, QueryRunner } from 'typeorm';
import { AUDIT_TABLE_SQL, auditPolicySql, scopePolicySql } from '@funds/db-kit';

const S = 'savings_loan';
/** Money at the fixed storage scale of @funds/money (MONEY_SQL_TYPE), written out: a migration never changes meaning. */
const MONEY_COLUMN = 'numeric(34,4)';
/** The chart of accounts as it stood when this migration landed (modules/ledger/chart.ts; a later code needs a later migration). */
const ACCOUNT_CODES = [
  'CASH',
  'MEMBER_SAVINGS',
  'MEMBER_SHARES',
  'SOCIAL_FUND',
  'LOANS_RECEIVABLE',
  'FEE_INCOME',
  'INTEREST_INCOME',
  'GRANTS',
  'TRUST_CAPITAL',
  'CREDIT_LINE',
  'WRITE_OFFS',
  'RETAINED_EARNINGS',
];
const ACCOUNT_KINDS = ['ASSET', 'LIABILITY', 'EQUITY', 'INCOME', 'EXPENSE'];

/** The ancestry every row of the books carries, referencing its fund's (ON UPDATE CASCADE: a moved fund carries its books). */
const ANCESTRY = `
  "fund_id" uuid NOT NULL,
  "province_id" uuid NOT NULL,
  "county_id" uuid NOT NULL,
  "village_id" uuid NOT NULL`;
const fundKey = (table: string) =>
  `CONSTRAINT "${table}_fund_ancestry_fkey" FOREIGN KEY ("fund_id", "province_id", "county_id", "village_id")
     REFERENCES ${S}."fund_ref" ("id", "province_id", "county_id", "village_id") ON UPDATE CASCADE`;
const ANCESTRY_POLICY = ['province_id', 'county_id', 'village_id', 'fund_id'];

/**
 * The funds' books (issue 7), and the reference data they are kept against.
 *
 * Reference tables (fund_ref, group_ref, member_ref, partner_ref) are savings-loan's own copy of
 * what membership decides, fed by membership's events (modules/reference): the books never call
 * membership at run time.
 *
 * The books: one fund_book per fund (its currency, its closed months, its savings-group terms);
 * a chart of accounts per fund (account); a journal of entries (journal_entry), each of two or more
 * postings (posting). The database keeps the invariants itself, as a second wall behind the
 * service:
 * - an entry's postings sum to zero, there are at least two, all of the entry's fund and currency
 *   (a deferred constraint trigger, checked at commit);
 * - every account's stored balance is the sum of its postings: only the posting trigger (a
 *   function owned by the migrations' role) changes it; the application role may not UPDATE it;
 * - accounts that may not go below zero (cash, savings, shares, the social fund, a loan,
 *   capital owed to a partner) cannot: a CHECK on the balance, which concurrent postings meet
 *   one at a time under the row lock of the balance update;
 * - journal entries and postings are append-only for the application role (granted SELECT and
 *   INSERT only); a correction is a reversal entry that names what it reverses, at most once;
 * - an entry dated into a closed month is refused (the entry trigger reads the fund's closing
 *   under a share lock, so a month cannot close under an entry being written);
 * - every row carries its fund_id (the distribution key) and ancestry, for row-level security.
 * Never edit once landed.
 */
export class Books1795900000000 implements MigrationInterface {
  name = 'Books1795900000000';

  async up(db: QueryRunner): Promise<void> {
    const statements = [
      // ---- Reference data, fed by membership's events
      `CREATE TABLE ${S}."fund_ref" (
        "id" uuid PRIMARY KEY,
        "country_code" text NOT NULL,
        "province_id" uuid NOT NULL,
        "county_id" uuid NOT NULL,
        "village_id" uuid NOT NULL,
        "name" text NOT NULL,
        "methodology" text NOT NULL,
        "status" text NOT NULL,
        "currency" text NOT NULL,
        "policy" jsonb NOT NULL DEFAULT '{}',
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "fund_ref_ancestry_key" UNIQUE ("id", "province_id", "county_id", "village_id")
      )`,
      `CREATE INDEX "fund_ref_province_idx" ON ${S}."fund_ref" ("province_id")`,
      `CREATE INDEX "fund_ref_county_idx" ON ${S}."fund_ref" ("county_id")`,
      `CREATE INDEX "fund_ref_village_idx" ON ${S}."fund_ref" ("village_id")`,
      `CREATE TABLE ${S}."group_ref" (
        "id" uuid PRIMARY KEY,
        ${ANCESTRY},
        "name" text NOT NULL,
        "status" text NOT NULL,
        ${fundKey('group_ref')}
      )`,
      `CREATE INDEX "group_ref_fund_idx" ON ${S}."group_ref" ("fund_id")`,
      `CREATE TABLE ${S}."member_ref" (
        "id" uuid PRIMARY KEY,
        ${ANCESTRY},
        "group_id" uuid CONSTRAINT "member_ref_group_fkey" REFERENCES ${S}."group_ref" ("id"),
        "status" text NOT NULL,
        "joined_on" date NOT NULL,
        "sex" text,
        "female_headed" boolean,
        ${fundKey('member_ref')}
      )`,
      `CREATE INDEX "member_ref_fund_idx" ON ${S}."member_ref" ("fund_id")`,
      `CREATE INDEX "member_ref_group_idx" ON ${S}."member_ref" ("group_id")`,
      `CREATE TABLE ${S}."partner_ref" (
        "id" uuid PRIMARY KEY,
        "name" text NOT NULL,
        "kind" text NOT NULL,
        "country_code" text
      )`,
      // ---- A fund's books
      `CREATE TABLE ${S}."fund_book" (
        ${ANCESTRY},
        "currency" text NOT NULL,
        "closed_through" date,
        "opened_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("fund_id"),
        ${fundKey('fund_book')}
      )`,
      `CREATE TABLE ${S}."account" (
        "id" uuid PRIMARY KEY,
        ${ANCESTRY},
        "code" text NOT NULL CONSTRAINT "account_code_check" CHECK ("code" IN (${ACCOUNT_CODES.map((c) => `'${c}'`).join(', ')})),
        "kind" text NOT NULL CONSTRAINT "account_kind_check" CHECK ("kind" IN (${ACCOUNT_KINDS.map((c) => `'${c}'`).join(', ')})),
        "member_id" uuid CONSTRAINT "account_member_fkey" REFERENCES ${S}."member_ref" ("id"),
        "partner_id" uuid CONSTRAINT "account_partner_fkey" REFERENCES ${S}."partner_ref" ("id"),
        "loan_id" uuid,
        "currency" text NOT NULL,
        "balance" ${MONEY_COLUMN} NOT NULL DEFAULT 0,
        "no_overdraft" boolean NOT NULL,
        "opened_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "account_overdraft_check" CHECK (
          NOT "no_overdraft"
          OR ("kind" IN ('ASSET', 'EXPENSE') AND "balance" >= 0)
          OR ("kind" IN ('LIABILITY', 'EQUITY', 'INCOME') AND "balance" <= 0)
        ),
        CONSTRAINT "account_key" UNIQUE NULLS NOT DISTINCT ("fund_id", "code", "member_id", "partner_id", "loan_id"),
        ${fundKey('account')}
      )`,
      `CREATE INDEX "account_member_idx" ON ${S}."account" ("member_id") WHERE "member_id" IS NOT NULL`,
      `CREATE INDEX "account_partner_idx" ON ${S}."account" ("partner_id") WHERE "partner_id" IS NOT NULL`,
      `CREATE INDEX "account_loan_idx" ON ${S}."account" ("loan_id") WHERE "loan_id" IS NOT NULL`,
      `CREATE TABLE ${S}."journal_entry" (
        "id" uuid PRIMARY KEY,
        ${ANCESTRY},
        "seq" bigserial NOT NULL UNIQUE,
        "kind" text NOT NULL,
        "value_date" date NOT NULL,
        "currency" text NOT NULL,
        "memo" text,
        "member_id" uuid,
        "loan_id" uuid,
        "partner_id" uuid,
        "meeting_id" uuid,
        "reverses_id" uuid CONSTRAINT "journal_entry_reverses_key" UNIQUE
          CONSTRAINT "journal_entry_reverses_fkey" REFERENCES ${S}."journal_entry" ("id"),
        "recorded_by" text NOT NULL,
        "recorded_at" timestamptz NOT NULL DEFAULT now(),
        ${fundKey('journal_entry')}
      )`,
      `CREATE INDEX "journal_entry_fund_date_idx" ON ${S}."journal_entry" ("fund_id", "value_date")`,
      `CREATE INDEX "journal_entry_loan_idx" ON ${S}."journal_entry" ("loan_id") WHERE "loan_id" IS NOT NULL`,
      `CREATE INDEX "journal_entry_meeting_idx" ON ${S}."journal_entry" ("meeting_id") WHERE "meeting_id" IS NOT NULL`,
      `CREATE TABLE ${S}."posting" (
        "id" bigserial PRIMARY KEY,
        "entry_id" uuid NOT NULL CONSTRAINT "posting_entry_fkey" REFERENCES ${S}."journal_entry" ("id"),
        ${ANCESTRY},
        "account_id" uuid NOT NULL CONSTRAINT "posting_account_fkey" REFERENCES ${S}."account" ("id"),
        "amount" ${MONEY_COLUMN} NOT NULL CONSTRAINT "posting_amount_check" CHECK ("amount" <> 0),
        "currency" text NOT NULL,
        "value_date" date NOT NULL,
        "balance_after" ${MONEY_COLUMN} NOT NULL,
        ${fundKey('posting')}
      )`,
      `CREATE INDEX "posting_entry_idx" ON ${S}."posting" ("entry_id")`,
      `CREATE INDEX "posting_account_idx" ON ${S}."posting" ("account_id", "id")`,
      `CREATE INDEX "posting_fund_date_idx" ON ${S}."posting" ("fund_id", "value_date")`,
      // A posting moves its account's balance (and records the balance after it); only this
      // function, owned by the migrations' role, may change a balance.
      `CREATE FUNCTION ${S}.apply_posting() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
        DECLARE
          account_fund uuid;
          account_currency text;
        BEGIN
          UPDATE ${S}.account SET balance = balance + NEW.amount
           WHERE id = NEW.account_id
           RETURNING fund_id, currency, balance INTO account_fund, account_currency, NEW.balance_after;
          IF account_fund IS NULL THEN
            RAISE EXCEPTION 'posting to unknown account %', NEW.account_id USING ERRCODE = '23503';
          END IF;
          IF account_fund <> NEW.fund_id OR account_currency <> NEW.currency THEN
            RAISE EXCEPTION 'posting of fund % in % to an account of fund % in %', NEW.fund_id, NEW.currency, account_fund, account_currency
              USING ERRCODE = '23514', CONSTRAINT = 'posting_account_fund_check';
          END IF;
          RETURN NEW;
        END $$`,
      `CREATE TRIGGER "posting_apply" BEFORE INSERT ON ${S}."posting" FOR EACH ROW EXECUTE FUNCTION ${S}.apply_posting()`,
      // A rule that reads balances before posting (a withdrawal) locks those accounts first. The
      // application role may not UPDATE accounts, so it cannot lock them with SELECT ... FOR UPDATE:
      // this function does it for it, in id order (the order postings take them too).
      `CREATE FUNCTION ${S}.lock_accounts(ids uuid[]) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
        BEGIN
          PERFORM 1 FROM ${S}.account WHERE id = ANY (ids) ORDER BY id FOR UPDATE;
        END $$`,
      // An entry: not into a closed month (read under a share lock: closing waits for entries being written).
      `CREATE FUNCTION ${S}.check_entry_period() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
        DECLARE
          closed date;
        BEGIN
          SELECT closed_through INTO closed FROM ${S}.fund_book WHERE fund_id = NEW.fund_id FOR SHARE;
          IF NOT FOUND THEN
            RAISE EXCEPTION 'fund % has no books', NEW.fund_id USING ERRCODE = '23503', CONSTRAINT = 'journal_entry_books_check';
          END IF;
          IF closed IS NOT NULL AND NEW.value_date <= closed THEN
            RAISE EXCEPTION 'entry dated % falls in a closed period (closed through %)', NEW.value_date, closed
              USING ERRCODE = '23514', CONSTRAINT = 'journal_entry_period_check';
          END IF;
          RETURN NEW;
        END $$`,
      `CREATE TRIGGER "journal_entry_period" BEFORE INSERT ON ${S}."journal_entry" FOR EACH ROW EXECUTE FUNCTION ${S}.check_entry_period()`,
      // At commit: two or more postings, summing to zero, all of the entry's fund, currency and date.
      `CREATE FUNCTION ${S}.check_entry_balanced() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
        DECLARE
          n int;
          total numeric;
          strays int;
        BEGIN
          SELECT count(*), coalesce(sum(p.amount), 0),
                 count(*) FILTER (WHERE p.fund_id <> NEW.fund_id OR p.currency <> NEW.currency OR p.value_date <> NEW.value_date)
            INTO n, total, strays
            FROM ${S}.posting p WHERE p.entry_id = NEW.id;
          IF n < 2 OR total <> 0 OR strays > 0 THEN
            RAISE EXCEPTION 'journal entry % is not balanced: % postings summing to %, % outside its fund, currency or date', NEW.id, n, total, strays
              USING ERRCODE = '23514', CONSTRAINT = 'journal_entry_balanced_check';
          END IF;
          RETURN NULL;
        END $$`,
      `CREATE CONSTRAINT TRIGGER "journal_entry_balanced" AFTER INSERT ON ${S}."journal_entry"
         DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ${S}.check_entry_balanced()`,
      // ---- Idempotency: one result per key and fund; the same key with another request is refused.
      `CREATE TABLE ${S}."idempotency_key" (
        ${ANCESTRY},
        "key" text NOT NULL CONSTRAINT "idempotency_key_length_check" CHECK (length("key") BETWEEN 8 AND 100),
        "operation" text NOT NULL,
        "request_hash" text NOT NULL,
        "result" jsonb,
        "recorded_by" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("fund_id", "key"),
        ${fundKey('idempotency_key')}
      )`,
      ...AUDIT_TABLE_SQL(S),
      ...auditPolicySql(S),
    ];
    for (const table of ['group_ref', 'member_ref', 'fund_book', 'account', 'journal_entry', 'posting', 'idempotency_key']) {
      statements.push(...scopePolicySql(S, table, ANCESTRY_POLICY));
    }
    statements.push(...scopePolicySql(S, 'fund_ref', ['province_id', 'county_id', 'village_id', 'id']));
    for (const sql of statements) await db.query(sql);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'audit_event',
      'idempotency_key',
      'posting',
      'journal_entry',
      'account',
      'fund_book',
      'partner_ref',
      'member_ref',
      'group_ref',
      'fund_ref',
    ]) {
      await db.query(`DROP TABLE IF EXISTS ${S}."${table}" CASCADE`);
    }
    for (const fn of ['apply_posting', 'check_entry_period', 'check_entry_balanced'])
      await db.query(`DROP FUNCTION IF EXISTS ${S}.${fn}()`);
  }
}
