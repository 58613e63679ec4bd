import { MigrationInterface, QueryRunner } from 'typeorm';
import { scopePolicySql } from '@funds/db-kit';

const S = 'savings_loan';
const ANCESTRY_POLICY = ['province_id', 'county_id', 'village_id', 'fund_id'];

/**
 * A caller scoped at a group (a dashboard viewer of one group) sees that group's and its members'
 * reference rows: group_ref's policy counts the group's own id, member_ref's the member's group.
 * Without it savings-loan could not place a group-scoped caller at all (every id of its group was
 * NOT_FOUND where the permission table says FORBIDDEN). Never edit once landed.
 */
export class GroupScope1795900300000 implements MigrationInterface {
  name = 'GroupScope1795900300000';

  async up(db: QueryRunner): Promise<void> {
    const statements = [
      ...scopePolicySql(S, 'group_ref', [...ANCESTRY_POLICY, 'id']),
      ...scopePolicySql(S, 'member_ref', [...ANCESTRY_POLICY, 'group_id']),
    ];
    for (const sql of statements) await db.query(sql);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['group_ref', 'member_ref']) {
      for (const sql of scopePolicySql(S, table, ANCESTRY_POLICY)) await db.query(sql);
    }
  }
}
