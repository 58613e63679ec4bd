import type { EntityManager } from 'typeorm';
import type { FundStateValue, GroupStateValue, MemberStateValue } from '@funds/events';

const S = 'savings_loan';

/** A reference row whose fund savings-loan does not know: membership's stream and this copy disagree. */
export class UnknownFundError extends Error {
  constructor(what: string, id: string, fundId: string) {
    super(`${what} ${id} belongs to fund ${fundId}, which savings-loan's reference tables do not hold`);
    this.name = 'UnknownFundError';
  }
}

/**
 * All SQL of the reference tables (fund_ref, group_ref, member_ref, partner_ref), savings-loan's
 * copy of what membership decides. Every write is an upsert or an update to a value, so applying
 * an event twice changes nothing. Ancestry is written on a fund's row only (when it appears and
 * when it or a county or village above it moves); groups and members take their fund's ancestry
 * from fund_ref, and the books' foreign keys (ON UPDATE CASCADE) carry a move down to every row.
 */
export class ReferenceRepository {
  constructor(private readonly em: EntityManager) {}

  /** Inserts a fund as it first appears, or (already known) updates what is not ancestry. */
  async upsertFund(fund: FundStateValue): Promise<void> {
    await this.em.query(
      `INSERT INTO ${S}.fund_ref (id, country_code, province_id, county_id, village_id, name, methodology, status, currency, policy)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, methodology = EXCLUDED.methodology, status = EXCLUDED.status,
         currency = EXCLUDED.currency, policy = EXCLUDED.policy, updated_at = now()`,
      [
        fund.id,
        fund.countryCode,
        fund.provinceId,
        fund.countyId,
        fund.villageId,
        fund.name,
        fund.methodology,
        fund.status,
        fund.currency,
        JSON.stringify(fund.policy),
      ],
    );
  }

  /** A fund moved to another village: one UPDATE; the books, groups and members under it follow by cascade. */
  async moveFund(fund: FundStateValue): Promise<void> {
    await this.em.query(
      `UPDATE ${S}.fund_ref SET province_id = $2, county_id = $3, village_id = $4, updated_at = now()
        WHERE id = $1 AND (province_id, county_id, village_id) IS DISTINCT FROM ($2::uuid, $3::uuid, $4::uuid)`,
      [fund.id, fund.provinceId, fund.countyId, fund.villageId],
    );
  }

  /** A county moved to another province: every fund under it takes the new province. */
  async moveCounty(countyId: string, provinceId: string): Promise<void> {
    await this.em.query(`UPDATE ${S}.fund_ref SET province_id = $2, updated_at = now() WHERE county_id = $1 AND province_id <> $2`, [
      countyId,
      provinceId,
    ]);
  }

  /** A village moved to another county: every fund in it takes the new county and province. */
  async moveVillage(villageId: string, countyId: string, provinceId: string): Promise<void> {
    await this.em.query(
      `UPDATE ${S}.fund_ref SET county_id = $2, province_id = $3, updated_at = now()
        WHERE village_id = $1 AND (county_id, province_id) IS DISTINCT FROM ($2::uuid, $3::uuid)`,
      [villageId, countyId, provinceId],
    );
  }

  async setFundStatus(fundId: string, status: string): Promise<void> {
    await this.em.query(`UPDATE ${S}.fund_ref SET status = $2, updated_at = now() WHERE id = $1`, [fundId, status]);
  }

  async upsertGroup(group: GroupStateValue, status: string = group.status): Promise<void> {
    const rows: unknown[] = await this.em.query(
      `INSERT INTO ${S}.group_ref (id, fund_id, province_id, county_id, village_id, name, status)
       SELECT $1, f.id, f.province_id, f.county_id, f.village_id, $3, $4 FROM ${S}.fund_ref f WHERE f.id = $2
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, status = EXCLUDED.status
       RETURNING id`,
      [group.id, group.fundId, group.name, status],
    );
    if (rows.length === 0) throw new UnknownFundError('group', group.id, group.fundId);
  }

  /** A membership as it stands: its fund (and that fund's ancestry), group, status, joining day and the facts the books use. */
  async upsertMember(member: MemberStateValue): Promise<void> {
    const rows: unknown[] = await this.em.query(
      `INSERT INTO ${S}.member_ref (id, fund_id, province_id, county_id, village_id, group_id, status, joined_on, sex, female_headed)
       SELECT $1, f.id, f.province_id, f.county_id, f.village_id, $3, $4, $5, $6, $7 FROM ${S}.fund_ref f WHERE f.id = $2
       ON CONFLICT (id) DO UPDATE SET group_id = EXCLUDED.group_id, status = EXCLUDED.status, joined_on = EXCLUDED.joined_on,
         sex = EXCLUDED.sex, female_headed = EXCLUDED.female_headed
       RETURNING id`,
      [member.id, member.fundId, member.groupId, member.status, member.joinedOn, member.sex, member.femaleHeadedHousehold],
    );
    if (rows.length === 0) throw new UnknownFundError('member', member.id, member.fundId);
  }

  async upsertPartner(partner: { id: string; name: string; kind: string; countryCode: string | null }): Promise<void> {
    await this.em.query(
      `INSERT INTO ${S}.partner_ref (id, name, kind, country_code) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, country_code = EXCLUDED.country_code`,
      [partner.id, partner.name, partner.kind, partner.countryCode],
    );
  }
}
