import { MigrationInterface, QueryRunner } from 'typeorm';
import { scopePolicySql } from '@funds/db-kit';

const S = 'savings_loan';
/** Money at the fixed storage scale of @funds/money, written out: a migration never changes meaning. */
const MONEY_COLUMN = 'numeric(34,4)';
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
 * Loans (issue 7, "Loans"):
 * - loan_product: a fund's loan products (its policy's terms: method, rate, fee and its timing,
 *   monthly or bullet repayment, term range, caps by savings multiple and by loan cycle, waiting
 *   months since joining, group guarantee, concurrent loans, purpose required, savings held as
 *   guarantee);
 * - loan: one member's loan, from application to closing or write-off, with its cycle number (her
 *   1st, 2nd... loan in the fund), the product's terms as they stood when she applied (a later
 *   change of the product does not change her loan) and, for a loan on a bank's credit line, the
 *   funding partner;
 * - loan_approval: each officer's approval (who, when, a note);
 * - loan_instalment: the schedule, fixed at disbursement (version 1) and replaced by each
 *   rescheduling (a new version for what is outstanding); what is due and what was paid of each
 *   part, paid never above due.
 * account.loan_id now references loan. Every row carries its fund's ancestry (ON UPDATE CASCADE)
 * and row-level security like the books'. Never edit once landed.
 */
export class Loans1795900100000 implements MigrationInterface {
  name = 'Loans1795900100000';

  async up(db: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE ${S}."loan_product" (
        "id" uuid PRIMARY KEY,
        ${ANCESTRY},
        "name" text NOT NULL CONSTRAINT "loan_product_name_check" CHECK (length(btrim("name")) BETWEEN 1 AND 100),
        "currency" text NOT NULL,
        "method" text NOT NULL CONSTRAINT "loan_product_method_check" CHECK ("method" IN ('QARD_AL_HASAN', 'FLAT', 'DECLINING_BALANCE')),
        "annual_rate_percent" numeric(9,4) NOT NULL CONSTRAINT "loan_product_rate_check" CHECK ("annual_rate_percent" BETWEEN 0 AND 100),
        "fee_percent" numeric(9,4) NOT NULL CONSTRAINT "loan_product_fee_check" CHECK ("fee_percent" BETWEEN 0 AND 100),
        "fee_timing" text NOT NULL CONSTRAINT "loan_product_fee_timing_check" CHECK ("fee_timing" IN ('UPFRONT', 'SPREAD')),
        "repayment" text NOT NULL CONSTRAINT "loan_product_repayment_check" CHECK ("repayment" IN ('MONTHLY', 'BULLET')),
        "min_term_months" int NOT NULL,
        "max_term_months" int NOT NULL,
        "max_savings_multiple" numeric(9,4) CONSTRAINT "loan_product_multiple_check" CHECK ("max_savings_multiple" > 0),
        "cycle_caps" numeric(34,4)[] CONSTRAINT "loan_product_cycle_caps_check" CHECK (cardinality("cycle_caps") >= 1 AND 0 < ALL ("cycle_caps")),
        "waiting_months" int NOT NULL DEFAULT 0 CONSTRAINT "loan_product_waiting_check" CHECK ("waiting_months" BETWEEN 0 AND 120),
        "group_guarantee" boolean NOT NULL DEFAULT false,
        "max_concurrent_loans" int NOT NULL DEFAULT 1 CONSTRAINT "loan_product_concurrent_check" CHECK ("max_concurrent_loans" BETWEEN 1 AND 10),
        "purpose_required" boolean NOT NULL DEFAULT false,
        "guarantee_hold_percent" numeric(9,4) NOT NULL DEFAULT 0 CONSTRAINT "loan_product_hold_check" CHECK ("guarantee_hold_percent" BETWEEN 0 AND 100),
        "active" boolean NOT NULL DEFAULT true,
        "created_by" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "loan_product_terms_check" CHECK ("min_term_months" >= 1 AND "max_term_months" <= 120 AND "min_term_months" <= "max_term_months"),
        CONSTRAINT "loan_product_qard_check" CHECK ("method" <> 'QARD_AL_HASAN' OR "annual_rate_percent" = 0),
        CONSTRAINT "loan_product_name_key" UNIQUE ("fund_id", "name"),
        ${fundKey('loan_product')}
      )`,
      `CREATE TABLE ${S}."loan" (
        "id" uuid PRIMARY KEY,
        ${ANCESTRY},
        "member_id" uuid NOT NULL CONSTRAINT "loan_member_fkey" REFERENCES ${S}."member_ref" ("id"),
        "group_id" uuid CONSTRAINT "loan_group_fkey" REFERENCES ${S}."group_ref" ("id"),
        "product_id" uuid NOT NULL CONSTRAINT "loan_product_fkey" REFERENCES ${S}."loan_product" ("id"),
        "cycle" int NOT NULL CONSTRAINT "loan_cycle_check" CHECK ("cycle" >= 1),
        "currency" text NOT NULL,
        "principal" ${MONEY_COLUMN} NOT NULL CONSTRAINT "loan_principal_check" CHECK ("principal" > 0),
        "term_months" int NOT NULL CONSTRAINT "loan_term_check" CHECK ("term_months" BETWEEN 1 AND 120),
        "method" text NOT NULL CONSTRAINT "loan_method_check" CHECK ("method" IN ('QARD_AL_HASAN', 'FLAT', 'DECLINING_BALANCE')),
        "annual_rate_percent" numeric(9,4) NOT NULL CONSTRAINT "loan_rate_check" CHECK ("annual_rate_percent" BETWEEN 0 AND 100),
        "fee_percent" numeric(9,4) NOT NULL CONSTRAINT "loan_fee_check" CHECK ("fee_percent" BETWEEN 0 AND 100),
        "fee_timing" text NOT NULL CONSTRAINT "loan_fee_timing_check" CHECK ("fee_timing" IN ('UPFRONT', 'SPREAD')),
        "repayment" text NOT NULL CONSTRAINT "loan_repayment_check" CHECK ("repayment" IN ('MONTHLY', 'BULLET')),
        "purpose" text,
        "status" text NOT NULL CONSTRAINT "loan_status_check"
          CHECK ("status" IN ('APPLIED', 'APPROVED', 'REJECTED', 'DISBURSED', 'CLOSED', 'WRITTEN_OFF')),
        "applied_on" date NOT NULL,
        "decided_on" date,
        "decision_note" text,
        "disbursed_on" date,
        "closed_on" date,
        "written_off_on" date,
        "funding_partner_id" uuid CONSTRAINT "loan_partner_fkey" REFERENCES ${S}."partner_ref" ("id"),
        "rescheduled_count" int NOT NULL DEFAULT 0 CONSTRAINT "loan_rescheduled_check" CHECK ("rescheduled_count" >= 0),
        "schedule_version" int NOT NULL DEFAULT 0,
        "disbursement_entry_id" uuid CONSTRAINT "loan_disbursement_fkey" REFERENCES ${S}."journal_entry" ("id"),
        "recorded_by" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "loan_disbursed_check" CHECK (("status" IN ('DISBURSED', 'CLOSED', 'WRITTEN_OFF')) = ("disbursed_on" IS NOT NULL)),
        CONSTRAINT "loan_ancestry_key" UNIQUE ("id", "fund_id"),
        ${fundKey('loan')}
      )`,
      `CREATE INDEX "loan_member_idx" ON ${S}."loan" ("member_id", "status")`,
      `CREATE INDEX "loan_group_idx" ON ${S}."loan" ("group_id") WHERE "status" = 'DISBURSED'`,
      `CREATE INDEX "loan_fund_idx" ON ${S}."loan" ("fund_id", "status", "id")`,
      `CREATE INDEX "loan_product_idx" ON ${S}."loan" ("product_id")`,
      `CREATE TABLE ${S}."loan_approval" (
        "id" uuid PRIMARY KEY,
        ${ANCESTRY},
        "loan_id" uuid NOT NULL CONSTRAINT "loan_approval_loan_fkey" REFERENCES ${S}."loan" ("id"),
        "approved_by" text NOT NULL,
        "approved_at" timestamptz NOT NULL DEFAULT now(),
        "note" text,
        CONSTRAINT "loan_approval_once_key" UNIQUE ("loan_id", "approved_by"),
        ${fundKey('loan_approval')}
      )`,
      `CREATE TABLE ${S}."loan_instalment" (
        ${ANCESTRY},
        "loan_id" uuid NOT NULL CONSTRAINT "loan_instalment_loan_fkey" REFERENCES ${S}."loan" ("id"),
        "version" int NOT NULL CONSTRAINT "loan_instalment_version_check" CHECK ("version" >= 1),
        "number" int NOT NULL CONSTRAINT "loan_instalment_number_check" CHECK ("number" >= 1),
        "due_on" date NOT NULL,
        "principal_due" ${MONEY_COLUMN} NOT NULL,
        "interest_due" ${MONEY_COLUMN} NOT NULL,
        "fee_due" ${MONEY_COLUMN} NOT NULL,
        "principal_paid" ${MONEY_COLUMN} NOT NULL DEFAULT 0,
        "interest_paid" ${MONEY_COLUMN} NOT NULL DEFAULT 0,
        "fee_paid" ${MONEY_COLUMN} NOT NULL DEFAULT 0,
        PRIMARY KEY ("loan_id", "version", "number"),
        CONSTRAINT "loan_instalment_amounts_check" CHECK (
          "principal_due" >= 0 AND "interest_due" >= 0 AND "fee_due" >= 0
          AND "principal_paid" BETWEEN 0 AND "principal_due"
          AND "interest_paid" BETWEEN 0 AND "interest_due"
          AND "fee_paid" BETWEEN 0 AND "fee_due"
        ),
        ${fundKey('loan_instalment')}
      )`,
      `CREATE INDEX "loan_instalment_due_idx" ON ${S}."loan_instalment" ("fund_id", "due_on")`,
      `ALTER TABLE ${S}."account" ADD CONSTRAINT "account_loan_fkey" FOREIGN KEY ("loan_id") REFERENCES ${S}."loan" ("id")`,
    ];
    for (const table of ['loan_product', 'loan', 'loan_approval', 'loan_instalment'])
      statements.push(...scopePolicySql(S, table, ANCESTRY_POLICY));
    for (const sql of statements) await db.query(sql);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE ${S}."account" DROP CONSTRAINT IF EXISTS "account_loan_fkey"`);
    for (const table of ['loan_instalment', 'loan_approval', 'loan', 'loan_product'])
      await db.query(`DROP TABLE IF EXISTS ${S}."${table}" CASCADE`);
  }
}
