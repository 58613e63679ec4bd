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
 * Savings groups' terms, meetings and cycles (issue 7, "Savings" and "Meetings"):
 * - savings_terms: one row per fund, set by its admins: the share value, the most shares a member
 *   buys in one meeting, the social fund contribution per meeting;
 * - meeting: a group meeting's collection sheet, its id made by the client (the sheet's
 *   idempotency key), with the fingerprint of the request, who recorded it, when, and each line's
 *   result (the entries it posted);
 * - savings_cycle: a savings group's closed cycles, each with its profit and share-out entry.
 * Every row carries its fund's ancestry (ON UPDATE CASCADE: a moved fund carries them) and
 * row-level security like the books'. Never edit once landed.
 */
export class SavingsTerms1795900200000 implements MigrationInterface {
  name = 'SavingsTerms1795900200000';

  async up(db: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE ${S}."savings_terms" (
        ${ANCESTRY},
        "currency" text NOT NULL,
        "share_value" ${MONEY_COLUMN} NOT NULL CONSTRAINT "savings_terms_share_value_check" CHECK ("share_value" > 0),
        "max_shares_per_meeting" int NOT NULL CONSTRAINT "savings_terms_max_shares_check" CHECK ("max_shares_per_meeting" BETWEEN 1 AND 100),
        "social_fund_per_meeting" ${MONEY_COLUMN} NOT NULL CONSTRAINT "savings_terms_social_fund_check" CHECK ("social_fund_per_meeting" >= 0),
        "set_by" text NOT NULL,
        "set_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("fund_id"),
        ${fundKey('savings_terms')}
      )`,
      `CREATE TABLE ${S}."meeting" (
        "id" uuid PRIMARY KEY,
        ${ANCESTRY},
        "group_id" uuid NOT NULL CONSTRAINT "meeting_group_fkey" REFERENCES ${S}."group_ref" ("id"),
        "held_on" date NOT NULL,
        "request_hash" text NOT NULL,
        "line_count" int NOT NULL CONSTRAINT "meeting_line_count_check" CHECK ("line_count" >= 1),
        "lines" jsonb NOT NULL,
        "recorded_by" text NOT NULL,
        "recorded_at" timestamptz NOT NULL DEFAULT now(),
        ${fundKey('meeting')}
      )`,
      `CREATE INDEX "meeting_group_held_idx" ON ${S}."meeting" ("group_id", "held_on" DESC, "id")`,
      `CREATE INDEX "meeting_fund_idx" ON ${S}."meeting" ("fund_id")`,
      `CREATE TABLE ${S}."savings_cycle" (
        "id" uuid PRIMARY KEY,
        ${ANCESTRY},
        "number" int NOT NULL CONSTRAINT "savings_cycle_number_check" CHECK ("number" >= 1),
        "started_after" date,
        "closed_on" date NOT NULL,
        "currency" text NOT NULL,
        "profit" ${MONEY_COLUMN} NOT NULL,
        "shares" int NOT NULL,
        "paid_out" ${MONEY_COLUMN} NOT NULL,
        "entry_id" uuid CONSTRAINT "savings_cycle_entry_fkey" REFERENCES ${S}."journal_entry" ("id"),
        "lines" jsonb NOT NULL,
        "recorded_by" text NOT NULL,
        "recorded_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "savings_cycle_number_key" UNIQUE ("fund_id", "number"),
        CONSTRAINT "savings_cycle_order_check" CHECK ("started_after" IS NULL OR "started_after" < "closed_on"),
        ${fundKey('savings_cycle')}
      )`,
    ];
    for (const table of ['savings_terms', 'meeting', 'savings_cycle']) statements.push(...scopePolicySql(S, table, ANCESTRY_POLICY));
    for (const sql of statements) await db.query(sql);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['savings_cycle', 'meeting', 'savings_terms']) await db.query(`DROP TABLE IF EXISTS ${S}."${table}" CASCADE`);
  }
}
