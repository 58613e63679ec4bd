import { MigrationInterface, QueryRunner } from 'typeorm';
import { scopePolicySql } from '@funds/db-kit';
import { consumerTablesDownSql, consumerTablesPolicySql, consumerTablesSql } from '@funds/events';

const S = 'reporting';
/** Money at the fixed storage scale of @funds/money (MONEY_SQL_TYPE), written out: a migration never changes meaning. */
const MONEY = 'numeric(34,4)';

/** The ancestry every read-model row carries, referencing its fund's node row (ON UPDATE CASCADE: a moved fund carries its rows). */
const ANCESTRY = `
  "fund_id" uuid NOT NULL,
  "province_id" uuid NOT NULL,
  "county_id" uuid NOT NULL,
  "village_id" uuid NOT NULL,
  "group_id" uuid`;
const fundKey = (table: string) =>
  `CONSTRAINT "${table}_fund_ancestry_fkey" FOREIGN KEY ("fund_id", "province_id", "county_id", "village_id")
     REFERENCES ${S}."node" ("id", "province_id", "county_id", "village_id") ON UPDATE CASCADE`;
/** A row is visible when its province, county, village, fund or group is the caller's scope node. */
const ANCESTRY_POLICY = ['province_id', 'county_id', 'village_id', 'fund_id', 'group_id'];
const ancestryIndexes = (table: string) =>
  ANCESTRY_POLICY.map((column) => `CREATE INDEX "${table}_${column}_idx" ON ${S}."${table}" ("${column}")`);

/** Tables whose rows belong to a loan: visible exactly when their loan is (the loan's row carries the ancestry). */
const LOAN_CHILDREN = ['loan_schedule', 'loan_instalment', 'loan_repayment'];

/**
 * Reporting's read models (issue 8), fed by membership's and savings-loan's events (modules/events);
 * reporting never reads another service's tables.
 *
 * - node: the hierarchy, one row per province, county, village, fund and group, each carrying the
 *   ids of itself and every ancestor (a province's province_id is its own id), its country and, for
 *   a fund, its currency; last_event_at is the time of the newest event applied to it (a fund's
 *   includes the books' events), for the answers' asOfEvent;
 * - member_fact: each membership's fund, group, status, sex, female-headed household, disability,
 *   joining and exit days (no personal data);
 * - loan_state: each loan as the books tell it (member, group, principal, days it was applied,
 *   paid out, written off and closed, its schedule version);
 * - loan_schedule, loan_instalment: each schedule version (from the day it took effect) with its
 *   instalments and their running principal (principal_through);
 * - loan_repayment: each repayment by value date, split into fee, interest and principal;
 * - balance_movement: each movement of members' savings, shares and the social fund by value date.
 *
 * Row-level security: every table with ancestry has the scope policy on it; a loan's schedule,
 * instalments and repayments are visible when their loan is. The consumer's bookkeeping
 * (event_checkpoint, applied_event) is the platform's only. Never edit once landed.
 */
export class ReadModels1796100000000 implements MigrationInterface {
  name = 'ReadModels1796100000000';

  async up(db: QueryRunner): Promise<void> {
    const statements = [
      ...consumerTablesSql(S),
      ...consumerTablesPolicySql(S),
      `CREATE TABLE ${S}."node" (
        "id" uuid PRIMARY KEY,
        "level" text NOT NULL CHECK ("level" IN ('PROVINCE', 'COUNTY', 'VILLAGE', 'FUND', 'GROUP')),
        "country_code" text NOT NULL DEFAULT '',
        "province_id" uuid NOT NULL,
        "county_id" uuid,
        "village_id" uuid,
        "fund_id" uuid,
        "group_id" uuid,
        "name" text NOT NULL DEFAULT '',
        "status" text NOT NULL DEFAULT '',
        "currency" text,
        "last_event_at" timestamptz,
        CONSTRAINT "node_ancestry_key" UNIQUE ("id", "province_id", "county_id", "village_id"),
        CONSTRAINT "node_group_fund_fkey" FOREIGN KEY ("fund_id", "province_id", "county_id", "village_id")
          REFERENCES ${S}."node" ("id", "province_id", "county_id", "village_id") ON UPDATE CASCADE
      )`,
      ...ancestryIndexes('node'),
      `CREATE TABLE ${S}."member_fact" (
        "id" uuid PRIMARY KEY,
        ${ANCESTRY},
        "status" text NOT NULL,
        "sex" text NOT NULL,
        "female_headed" boolean NOT NULL,
        "has_disability" boolean NOT NULL,
        "joined_on" date NOT NULL,
        "exited_on" date,
        ${fundKey('member_fact')}
      )`,
      ...ancestryIndexes('member_fact'),
      `CREATE TABLE ${S}."loan_state" (
        "id" uuid PRIMARY KEY,
        ${ANCESTRY},
        "member_id" uuid NOT NULL,
        "currency" text NOT NULL,
        "principal" ${MONEY} NOT NULL,
        "status" text NOT NULL,
        "applied_on" date,
        "disbursed_on" date,
        "schedule_version" integer NOT NULL DEFAULT 0,
        "rescheduled_count" integer NOT NULL DEFAULT 0,
        "written_off_on" date,
        "written_off_principal" ${MONEY},
        "closed_on" date,
        ${fundKey('loan_state')}
      )`,
      ...ancestryIndexes('loan_state'),
      `CREATE INDEX "loan_state_member_idx" ON ${S}."loan_state" ("member_id")`,
      `CREATE TABLE ${S}."loan_schedule" (
        "loan_id" uuid NOT NULL REFERENCES ${S}."loan_state" ("id"),
        "version" integer NOT NULL,
        "effective_on" date NOT NULL,
        "principal" ${MONEY} NOT NULL,
        PRIMARY KEY ("loan_id", "version")
      )`,
      `CREATE TABLE ${S}."loan_instalment" (
        "loan_id" uuid NOT NULL REFERENCES ${S}."loan_state" ("id"),
        "version" integer NOT NULL,
        "number" integer NOT NULL,
        "due_on" date NOT NULL,
        "principal" ${MONEY} NOT NULL,
        "interest" ${MONEY} NOT NULL,
        "fee" ${MONEY} NOT NULL,
        "principal_through" ${MONEY} NOT NULL,
        PRIMARY KEY ("loan_id", "version", "number")
      )`,
      `CREATE TABLE ${S}."loan_repayment" (
        "entry_id" uuid PRIMARY KEY,
        "loan_id" uuid NOT NULL REFERENCES ${S}."loan_state" ("id"),
        "value_date" date NOT NULL,
        "amount" ${MONEY} NOT NULL,
        "fee" ${MONEY} NOT NULL,
        "interest" ${MONEY} NOT NULL,
        "principal" ${MONEY} NOT NULL
      )`,
      `CREATE INDEX "loan_repayment_loan_idx" ON ${S}."loan_repayment" ("loan_id", "value_date")`,
      `CREATE TABLE ${S}."balance_movement" (
        "source_id" uuid NOT NULL,
        "account" text NOT NULL CHECK ("account" IN ('SAVINGS', 'SHARES', 'SOCIAL_FUND')),
        ${ANCESTRY},
        "member_id" uuid,
        "kind" text NOT NULL,
        "currency" text NOT NULL,
        "value_date" date NOT NULL,
        "amount" ${MONEY} NOT NULL,
        PRIMARY KEY ("source_id", "account"),
        ${fundKey('balance_movement')}
      )`,
      ...ancestryIndexes('balance_movement'),
    ];
    for (const table of ['node', 'member_fact', 'loan_state', 'balance_movement'])
      statements.push(...scopePolicySql(S, table, ANCESTRY_POLICY));
    for (const table of LOAN_CHILDREN) {
      const visible = `EXISTS (SELECT 1 FROM ${S}."loan_state" l WHERE l."id" = "loan_id")`;
      statements.push(
        `ALTER TABLE ${S}."${table}" ENABLE ROW LEVEL SECURITY`,
        `CREATE POLICY scope ON ${S}."${table}" USING (${visible}) WITH CHECK (${visible})`,
      );
    }
    for (const sql of statements) await db.query(sql);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['balance_movement', 'loan_repayment', 'loan_instalment', 'loan_schedule', 'loan_state', 'member_fact', 'node']) {
      await db.query(`DROP TABLE IF EXISTS ${S}."${table}"`);
    }
    for (const sql of consumerTablesDownSql(S)) await db.query(sql);
  }
}
