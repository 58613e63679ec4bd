import { MigrationInterface, QueryRunner } from 'typeorm';
import { scopePolicySql } from '@funds/db-kit';

const S = 'reporting';
/** Money at the fixed storage scale of @funds/money (MONEY_SQL_TYPE), written out: a migration never changes meaning. */
const MONEY = 'numeric(34,4)';
/** A row is visible when its province, county, village, fund or group is the caller's scope node. */
const ANCESTRY_POLICY = ['province_id', 'county_id', 'village_id', 'fund_id', 'group_id'];
/** A snapshot row's node and where it hangs: itself and its ancestors (for row-level security), its parent (for roll-ups). */
const SNAPSHOT_NODE = `
  "node_id" uuid NOT NULL,
  "day" date NOT NULL,
  "level" text NOT NULL,
  "parent_id" uuid,
  "province_id" uuid NOT NULL,
  "county_id" uuid,
  "village_id" uuid,
  "fund_id" uuid,
  "group_id" uuid`;
const money = (...columns: string[]) => columns.map((c) => `"${c}" ${MONEY} NOT NULL DEFAULT 0`).join(',\n  ');
const counts = (...columns: string[]) => columns.map((c) => `"${c}" integer NOT NULL DEFAULT 0`).join(',\n  ');

/**
 * Daily portfolio snapshots (issue 8, cost): a dashboard answer reads one row per node and day it
 * returns, never the loans, members or movements under the node.
 *
 * - node_snapshot: a node's member figures at the end of a day (open memberships, women,
 *   female-headed households, with a disability, referred by a partner) and the memberships ended
 *   up to it (for the drop-out rate of a period);
 * - currency_snapshot: per currency, the stocks at the end of the day (gross loan portfolio,
 *   principal at risk past 1 and 30 days, overdue principal, active borrowers, savings, shares,
 *   social fund, partners' capital) and the flows from the first event up to it (paid out, written
 *   off, repayments received, fees and interest, amounts fallen due and paid on time, savings
 *   deposited, profit shared out): a period's flow is the difference of two days' rows;
 * - capital_snapshot: partners' capital outstanding per partner and kind.
 *
 * Funds and groups are computed from reporting's per-loan state; villages, counties and
 * provinces are the sums of their children's rows (parent_id). Rows are written on demand and by
 * the server's warmer, and deleted by the event consumers from the value date of every event
 * that changes them (modules/portfolio/snapshot.*). They are a cache: deleting them all loses
 * nothing.
 *
 * Also: member_fact.referred (a member referred by a partner; rows written before this migration
 * say false until the read models are rebuilt with scripts/rebuild-reporting.mjs --replay), and
 * fund_flow: partners' capital movements (signed, per partner and kind), fees taken when a loan
 * is paid out, the profit paid out at a share-out, and the share-days of each cycle shared out
 * (the shares held over the cycle, amount times days: its average shares times its length), by
 * value date.
 */
export class PortfolioSnapshots1796200000000 implements MigrationInterface {
  name = 'PortfolioSnapshots1796200000000';

  async up(db: QueryRunner): Promise<void> {
    const statements = [
      `ALTER TABLE ${S}."member_fact" ADD COLUMN "referred" boolean NOT NULL DEFAULT false`,
      `CREATE TABLE ${S}."fund_flow" (
        "source_id" uuid NOT NULL,
        "flow" text NOT NULL CHECK ("flow" IN ('GRANT', 'TRUST_CAPITAL', 'CREDIT_LINE', 'UPFRONT_FEE', 'PROFIT_SHARED', 'SHARE_DAYS')),
        "fund_id" uuid NOT NULL,
        "province_id" uuid NOT NULL,
        "county_id" uuid NOT NULL,
        "village_id" uuid NOT NULL,
        "group_id" uuid,
        "partner_id" uuid,
        "currency" text NOT NULL,
        "value_date" date NOT NULL,
        "amount" ${MONEY} NOT NULL,
        PRIMARY KEY ("source_id", "flow"),
        CONSTRAINT "fund_flow_fund_ancestry_fkey" FOREIGN KEY ("fund_id", "province_id", "county_id", "village_id")
          REFERENCES ${S}."node" ("id", "province_id", "county_id", "village_id") ON UPDATE CASCADE
      )`,
      ...ANCESTRY_POLICY.map((c) => `CREATE INDEX "fund_flow_${c}_idx" ON ${S}."fund_flow" ("${c}")`),
      `CREATE TABLE ${S}."node_snapshot" (${SNAPSHOT_NODE},
        ${counts('members', 'women', 'female_headed', 'disabled', 'referred', 'exited_through')},
        PRIMARY KEY ("node_id", "day")
      )`,
      `CREATE TABLE ${S}."currency_snapshot" (${SNAPSHOT_NODE},
        "currency" text NOT NULL,
        ${money('gross_loan_portfolio', 'at_risk_1', 'at_risk_30', 'overdue', 'savings', 'shares', 'social_fund', 'partner_capital')},
        ${counts('active_borrowers', 'disbursed_count')},
        ${money('disbursed', 'written_off', 'collected', 'income', 'fallen_due', 'paid_on_time', 'deposited', 'upfront_fees', 'profit_shared', 'share_days')},
        PRIMARY KEY ("node_id", "day", "currency")
      )`,
      `CREATE TABLE ${S}."capital_snapshot" (${SNAPSHOT_NODE},
        "currency" text NOT NULL,
        "partner_id" uuid NOT NULL,
        "kind" text NOT NULL,
        "amount" ${MONEY} NOT NULL,
        PRIMARY KEY ("node_id", "day", "currency", "partner_id", "kind")
      )`,
    ];
    for (const table of ['node_snapshot', 'currency_snapshot', 'capital_snapshot']) {
      statements.push(
        `CREATE INDEX "${table}_parent_idx" ON ${S}."${table}" ("parent_id", "day")`,
        `CREATE INDEX "${table}_fund_idx" ON ${S}."${table}" ("fund_id", "day")`,
      );
    }
    for (const table of ['fund_flow', 'node_snapshot', 'currency_snapshot', 'capital_snapshot'])
      statements.push(...scopePolicySql(S, table, ANCESTRY_POLICY));
    for (const sql of statements) await db.query(sql);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['capital_snapshot', 'currency_snapshot', 'node_snapshot', 'fund_flow']) {
      await db.query(`DROP TABLE IF EXISTS ${S}."${table}"`);
    }
    await db.query(`ALTER TABLE ${S}."member_fact" DROP COLUMN IF EXISTS "referred"`);
  }
}
