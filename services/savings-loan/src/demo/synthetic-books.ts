import { CHART, FUND_ACCOUNTS } from '../modules/ledger/chart';

/**
 * For synthetic networks written straight into membership's tables (benchmarks, the national-scale
 * generator), where no events were produced: fills savings-loan's reference tables from them and
 * opens every fund's books (fund_book and its fund-level accounts), set-based. It writes exactly
 * the rows the event consumer would (modules/reference) and is for loaders only, run as the owner;
 * the services never read membership's tables.
 */
export async function addSyntheticReferences(query: (sql: string, params?: unknown[]) => Promise<unknown>): Promise<void> {
  await query(
    `INSERT INTO savings_loan.fund_ref (id, country_code, province_id, county_id, village_id, name, methodology, status, currency, policy)
     SELECT f.id, pr.country_code, f.province_id, f.county_id, f.village_id, f.name, f.methodology, f.status, f.currency, '{}'
       FROM membership.fund f JOIN membership.province pr ON pr.id = f.province_id
     ON CONFLICT (id) DO NOTHING`,
  );
  await query(
    `INSERT INTO savings_loan.group_ref (id, fund_id, province_id, county_id, village_id, name, status)
     SELECT id, fund_id, province_id, county_id, village_id, name, status FROM membership.member_group
     ON CONFLICT (id) DO NOTHING`,
  );
  await query(
    `INSERT INTO savings_loan.member_ref (id, fund_id, group_id, province_id, county_id, village_id, status, joined_on, sex, female_headed)
     SELECT id, fund_id, group_id, province_id, county_id, village_id, status, joined_on, sex, female_head_of_household FROM membership.member
     ON CONFLICT (id) DO NOTHING`,
  );
  await query(
    `INSERT INTO savings_loan.partner_ref (id, name, kind, country_code)
     SELECT id, name, kind, country_code FROM membership.partner ON CONFLICT (id) DO NOTHING`,
  );
  await query(
    `INSERT INTO savings_loan.fund_book (fund_id, province_id, county_id, village_id, currency)
     SELECT id, province_id, county_id, village_id, currency FROM savings_loan.fund_ref ON CONFLICT (fund_id) DO NOTHING`,
  );
  await query(
    `INSERT INTO savings_loan.account (id, fund_id, province_id, county_id, village_id, currency, code, kind, no_overdraft)
     SELECT gen_random_uuid(), b.fund_id, b.province_id, b.county_id, b.village_id, b.currency, c.code, c.kind, c.no_overdraft
       FROM savings_loan.fund_book b,
            unnest($1::text[], $2::text[], $3::boolean[]) AS c(code, kind, no_overdraft)
     ON CONFLICT ON CONSTRAINT account_key DO NOTHING`,
    [FUND_ACCOUNTS, FUND_ACCOUNTS.map((c) => CHART[c].kind), FUND_ACCOUNTS.map((c) => CHART[c].noOverdraft)],
  );
}
