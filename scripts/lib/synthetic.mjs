// The national-scale synthetic network (issue 9): a deterministic network written set-based, as the
// database owner, into the services' own tables: membership's hierarchy and members, savings-loan's
// books (reference rows, accounts, loan products, loans with their schedules, journal entries and
// postings) and reporting's read models. Same seed and scale, same rows: every id is the md5 of the
// seed and what the row is, every draw a counter-based hash of the seed and the row (no Math.random,
// no gen_random_uuid, no now()).
//
// The books are written a batch of funds per transaction, set-based: the ledger's row triggers
// (posting_apply, journal_entry_balanced, journal_entry_period) are switched off inside that
// transaction only, and their rules are checked for the whole batch before it commits (see
// writeBatch); the CHECKs and foreign keys stay on. Each fund's partner capital is sized from the
// lowest point its cash would reach without it, so the cash never goes below zero.
//
// Scale 1 is about 31 provinces, 430 counties, 5,000 villages, 10,000 funds, 30,000 groups, 400,000
// members, 600,000 loans; everything but the provinces is linear in the scale.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './services.mjs';

const require = createRequire(import.meta.url);
const { Client } = require(join(ROOT, 'packages/db-kit/node_modules/pg'));

/** The day the synthetic books stand at (fixed, so the data do not depend on when they are built). */
export const SYNTHETIC_AS_OF = '2026-10-31';
/** The first day of the synthetic history. */
const HISTORY_FROM = '2023-05-01';

const IR_PROVINCES = [
  'Tehran', 'Razavi Khorasan', 'Isfahan', 'Fars', 'Khuzestan', 'East Azerbaijan', 'Mazandaran', 'West Azerbaijan',
  'Kerman', 'Sistan and Baluchestan', 'Alborz', 'Gilan', 'Kermanshah', 'Golestan', 'Hormozgan', 'Lorestan', 'Hamadan',
  'Kurdistan', 'Markazi', 'Qom', 'Qazvin', 'Ardabil', 'Bushehr', 'Yazd', 'Zanjan', 'Chaharmahal and Bakhtiari',
  'North Khorasan', 'Kohgiluyeh and Boyer-Ahmad', 'Semnan', 'South Khorasan', 'Ilam',
]; // prettier-ignore
const VN_PROVINCES = [
  'Yên Bái', 'Lào Cai', 'Hà Giang', 'Điện Biên', 'Sơn La', 'Lai Châu', 'Cao Bằng', 'Bắc Kạn', 'Tuyên Quang', 'Thái Nguyên',
  'Lạng Sơn', 'Phú Thọ', 'Hòa Bình', 'Thanh Hóa', 'Nghệ An', 'Quảng Bình', 'Quảng Trị', 'Kon Tum', 'Gia Lai', 'Đắk Lắk',
]; // prettier-ignore
const IR_GIVEN = [
  'Fatemeh',
  'Zahra',
  'Maryam',
  'Masoumeh',
  'Zeinab',
  'Roghayeh',
  'Sakineh',
  'Leila',
  'Somayeh',
  'Narges',
  'Marzieh',
  'Khadijeh',
  'Robabeh',
  'Soghra',
  'Tayebeh',
];
const IR_FAMILY = [
  'Mohammadi',
  'Hosseini',
  'Ahmadi',
  'Rezaei',
  'Moradi',
  'Karimi',
  'Jafari',
  'Rahimi',
  'Heidari',
  'Ghasemi',
  'Sadeghi',
  'Kazemi',
  'Nazari',
  'Abbasi',
  'Soltani',
];
const VN_GIVEN = ['Lan', 'Hoa', 'Mai', 'Hương', 'Thảo', 'Hằng', 'Nga', 'Linh', 'Trang', 'Thu', 'Hạnh', 'Nhung', 'Yến', 'Dung', 'Phương'];
const VN_FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Hà', 'Triệu'];

/** The row counts a scale asks for. */
export function syntheticShape(scale) {
  if (!(scale > 0) || scale > 20) throw new Error(`scale must be above 0 and at most 20 (got ${scale})`);
  const provinces = Math.max(2, Math.round(31 * Math.sqrt(Math.min(scale, 1))));
  const counties = Math.max(provinces, Math.round(430 * scale));
  const villages = Math.max(counties, Math.round(5000 * scale));
  const funds = Math.max(villages, Math.round(10000 * scale));
  const groups = Math.max(funds, Math.round(30000 * scale));
  const members = Math.max(groups * 5, Math.round(400000 * scale));
  const loans = Math.max(1, Math.round(600000 * scale));
  return { provinces, counties, villages, funds, groups, members, loans };
}

/**
 * Builds the network into the (migrated, empty) database at `url`, as its owner. Options: scale,
 * seed (an integer), log, fundsPerBatch (funds written per transaction). Returns the shape
 * written and the seconds each phase took.
 */
export async function seedSynthetic(url, { scale = 0.01, seed = 1, log = () => {}, fundsPerBatch = 1000 } = {}) {
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`seed must be a non-negative integer (got ${seed})`);
  const shape = syntheticShape(scale);
  const S = `'${seed}'`;
  const timings = {};
  const client = new Client({ connectionString: url });
  await client.connect();
  const q = (sql, params) => client.query(sql, params);
  const phase = async (name, fn) => {
    const t = Date.now();
    await fn();
    timings[name] = (Date.now() - t) / 1000;
    log(`${name}: ${timings[name].toFixed(1)}s`);
  };
  try {
    await q(`SET synchronous_commit = off; SET work_mem = '128MB'; SET maintenance_work_mem = '256MB'`);
    const [{ n }] = (await q(`SELECT (SELECT count(*) FROM membership.province)::int AS n`)).rows;
    if (n > 0) throw new Error('the database already holds a network: the synthetic network goes only into an empty one');

    // ---- Helpers: ids and draws from the seed (md5: the same on every machine and version).
    await q(`DROP SCHEMA IF EXISTS synthetic CASCADE; CREATE SCHEMA synthetic`);
    await q(`CREATE FUNCTION synthetic.u(k text) RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE
               RETURN md5(${S} || ':' || k)::uuid`);
    await q(`CREATE FUNCTION synthetic.r(k text) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE
               RETURN ('x' || substr(md5('r' || ${S} || ':' || k), 1, 8))::bit(32)::bigint / 4294967296.0`);
    // A parent index for child i of n parents: the first n children one each, the rest skewed to
    // the low indexes (power > 1) or spread around the middle (power 0: triangular).
    await q(`CREATE FUNCTION synthetic.parent(i int, n int, k text, power float8) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE
               RETURN CASE WHEN i <= n THEN i
                           WHEN power = 0 THEN least(n, 1 + floor(n * (synthetic.r(k || i) + synthetic.r(k || '/' || i)) / 2)::int)
                           ELSE least(n, 1 + floor(n * power(synthetic.r(k || i), power))::int) END`);

    // ---- Membership: the hierarchy, members, officers, partners.
    await phase('hierarchy', async () => {
      await q(
        `CREATE TABLE synthetic.province AS
           SELECT i, synthetic.u('p' || i) AS id, CASE WHEN i % 4 = 2 THEN 'VN' ELSE 'IR' END AS country,
                  (row_number() OVER (PARTITION BY i % 4 = 2 ORDER BY i))::int AS k
             FROM generate_series(1, $1) i`,
        [shape.provinces],
      );
      await q(
        `INSERT INTO membership.province (id, name, name_latin, country_code, created_at, updated_at)
         SELECT id, n.name || CASE WHEN k > n.len THEN ' ' || ((k - 1) / n.len + 1) ELSE '' END, NULL, country, $3::date, $3::date
           FROM synthetic.province p,
                LATERAL (SELECT CASE WHEN p.country = 'IR' THEN ($1::text[])[(k - 1) % cardinality($1::text[]) + 1]
                                     ELSE ($2::text[])[(k - 1) % cardinality($2::text[]) + 1] END AS name,
                                CASE WHEN p.country = 'IR' THEN cardinality($1::text[]) ELSE cardinality($2::text[]) END AS len) n`,
        [IR_PROVINCES, VN_PROVINCES, HISTORY_FROM],
      );
      await q(
        `CREATE TABLE synthetic.county AS
           SELECT i, synthetic.u('c' || i) AS id, synthetic.u('p' || synthetic.parent(i, $2, 'cp', 1.3)) AS province_id
             FROM generate_series(1, $1) i`,
        [shape.counties, shape.provinces],
      );
      await q(
        `INSERT INTO membership.county (id, name, province_id, created_at, updated_at)
         SELECT id, 'County ' || i, province_id, $1::date, $1::date FROM synthetic.county`,
        [HISTORY_FROM],
      );
      await q(
        `CREATE TABLE synthetic.village AS
           SELECT v.i, synthetic.u('v' || v.i) AS id, c.id AS county_id, c.province_id
             FROM generate_series(1, $1) v(i) JOIN synthetic.county c ON c.i = synthetic.parent(v.i, $2, 'vc', 1.3)`,
        [shape.villages, shape.counties],
      );
      await q(
        `INSERT INTO membership.village (id, name, kind, province_id, county_id, created_at, updated_at)
         SELECT id, 'Village ' || i, CASE WHEN synthetic.r('vk' || i) < 0.1 THEN 'NEIGHBORHOOD' ELSE 'VILLAGE' END, province_id, county_id, $1::date, $1::date
           FROM synthetic.village`,
        [HISTORY_FROM],
      );
      // Funds: each village one or more (skewed); groups: every fund one, the rest spread around the middle.
      await q(
        `CREATE TABLE synthetic.fund AS
           SELECT f.i, synthetic.u('f' || f.i) AS id, v.id AS village_id, v.county_id, v.province_id, p.country,
                  CASE WHEN p.country = 'VN' THEN 'VND' ELSE 'IRR' END AS currency,
                  (date '2019-01-01' + floor(synthetic.r('ff' || f.i) * 1500)::int) AS founded_on,
                  0 AS batch
             FROM generate_series(1, $1) f(i)
             JOIN synthetic.village v ON v.i = synthetic.parent(f.i, $2, 'fv', 1.3)
             JOIN synthetic.province p ON p.id = v.province_id`,
        [shape.funds, shape.villages],
      );
      await q(
        `CREATE TABLE synthetic.grp AS
           SELECT g.i, synthetic.u('g' || g.i) AS id, f.id AS fund_id, f.village_id, f.county_id, f.province_id,
                  row_number() OVER (PARTITION BY f.id ORDER BY g.i) AS k
             FROM generate_series(1, $1) g(i) JOIN synthetic.fund f ON f.i = synthetic.parent(g.i, $2, 'gf', 0)`,
        [shape.groups, shape.funds],
      );
      // Methodology: Vietnam's funds are savings groups; Iran's with one group self-help groups, the others micro-funds.
      await q(
        `CREATE TABLE synthetic.fund_kind AS
           SELECT f.id, CASE WHEN f.country = 'VN' THEN 'SAVINGS_GROUP' WHEN count(g.*) = 1 THEN 'SELF_HELP_GROUP' ELSE 'MICRO_FUND' END AS methodology,
                  count(g.*)::int AS groups
             FROM synthetic.fund f JOIN synthetic.grp g ON g.fund_id = f.id GROUP BY f.id, f.country`,
      );
    });

    await phase('members', async () => {
      await q(
        `CREATE TABLE synthetic.member AS
           SELECT m.i, synthetic.u('m' || m.i) AS id, g.id AS group_id, g.fund_id, g.village_id, g.county_id, g.province_id, f.country,
                  f.currency, greatest(f.founded_on, least(date '2026-06-30', f.founded_on + floor(synthetic.r('mj' || m.i) * 1400)::int)) AS joined_on,
                  synthetic.r('mx' || m.i) < 0.04 AS exited
             FROM generate_series(1, $1) m(i)
             JOIN synthetic.grp g ON g.i = synthetic.parent(m.i, $2, 'mg', 0)
             JOIN synthetic.fund f ON f.id = g.fund_id`,
        [shape.members, shape.groups],
      );
      await q(`CREATE INDEX ON synthetic.member (id)`);
      await q(
        `INSERT INTO membership.fund (id, name, status, methodology, currency, founded_on, activated_on, policy_min_members, policy_max_members,
                                      policy_min_group_size, policy_max_group_size, policy_max_groups, policy_min_age, policy_max_age,
                                      policy_women_only, policy_residence_required, province_id, county_id, village_id, created_at, updated_at)
         SELECT f.id, 'Fund ' || f.i, 'ACTIVE', k.methodology, f.currency, f.founded_on, f.founded_on + 60, 1,
                greatest(CASE k.methodology WHEN 'MICRO_FUND' THEN 50 ELSE 25 END, s.members), 1,
                greatest(CASE k.methodology WHEN 'MICRO_FUND' THEN 7 ELSE 25 END, s.largest), NULL, 15, 60,
                k.methodology <> 'SAVINGS_GROUP', k.methodology = 'MICRO_FUND', f.province_id, f.county_id, f.village_id, f.founded_on, f.founded_on
           FROM synthetic.fund f JOIN synthetic.fund_kind k ON k.id = f.id
           JOIN (SELECT fund_id, count(*)::int AS members, max(n)::int AS largest
                   FROM (SELECT fund_id, count(*) AS n FROM synthetic.member GROUP BY fund_id, group_id) x GROUP BY fund_id) s ON s.fund_id = f.id`,
      );
      await q(
        `INSERT INTO membership.member_group (id, name, province_id, county_id, village_id, fund_id, created_at, updated_at)
         SELECT g.id, 'Group ' || g.k, g.province_id, g.county_id, g.village_id, g.fund_id, $1::date, $1::date FROM synthetic.grp g`,
        [HISTORY_FROM],
      );
      await q(
        `INSERT INTO membership.member (id, given_name, family_name, national_id, country_code, birth_date, sex, female_head_of_household,
                                        has_disability, livelihood, status, joined_on, exited_on, exit_reason,
                                        province_id, county_id, village_id, fund_id, group_id, created_at, updated_at)
         SELECT m.id,
                CASE WHEN m.country = 'IR' THEN ($1::text[])[1 + floor(synthetic.r('mn' || m.i) * cardinality($1::text[]))::int]
                     ELSE ($3::text[])[1 + floor(synthetic.r('mn' || m.i) * cardinality($3::text[]))::int] END,
                CASE WHEN m.country = 'IR' THEN ($2::text[])[1 + floor(synthetic.r('mf' || m.i) * cardinality($2::text[]))::int]
                     ELSE ($4::text[])[1 + floor(synthetic.r('mf' || m.i) * cardinality($4::text[]))::int] END,
                lpad(m.i::text, CASE WHEN m.country = 'IR' THEN 10 ELSE 12 END, '0'), m.country,
                date '1966-01-01' + floor(synthetic.r('mb' || m.i) * 15000)::int,
                CASE WHEN synthetic.r('ms' || m.i) < 0.97 THEN 'FEMALE' ELSE 'MALE' END,
                synthetic.r('mh' || m.i) < 0.25, synthetic.r('md' || m.i) < 0.03,
                ($5::text[])[1 + floor(synthetic.r('ml' || m.i) * cardinality($5::text[]))::int],
                CASE WHEN m.exited THEN 'EXITED' ELSE 'ACTIVE' END, m.joined_on,
                CASE WHEN m.exited THEN date '2026-10-01' END, CASE WHEN m.exited THEN 'MOVED_AWAY' END,
                m.province_id, m.county_id, m.village_id, m.fund_id, m.group_id, m.joined_on, m.joined_on
           FROM synthetic.member m`,
        [
          IR_GIVEN,
          IR_FAMILY,
          VN_GIVEN,
          VN_FAMILY,
          ['BEEKEEPING', 'LEATHERWORK', 'VEGETABLES', 'DAIRY', 'POULTRY', 'KILIM_WEAVING', 'HANDICRAFTS'],
        ],
      );
      // The board: the first three members of each fund (micro-funds and self-help groups: managing
      // director, secretary, accountant; savings groups: chair, secretary, treasurer).
      await q(
        `INSERT INTO membership.officer (id, fund_id, member_id, role, term_start, term_end)
         SELECT synthetic.u('o' || m.id), m.fund_id, m.id,
                CASE WHEN m.country = 'VN' THEN (ARRAY['CHAIR', 'SECRETARY', 'TREASURER'])[m.n] ELSE (ARRAY['MANAGING_DIRECTOR', 'SECRETARY', 'ACCOUNTANT'])[m.n] END,
                m.joined_on, m.joined_on + 730
           FROM (SELECT m.*, row_number() OVER (PARTITION BY m.fund_id ORDER BY m.i) AS n FROM synthetic.member m WHERE NOT m.exited) m
          WHERE m.n <= 3`,
      );
      await q(
        `INSERT INTO membership.partner (id, name, name_latin, kind, country_code, created_at)
         SELECT synthetic.u('partner' || p.k), p.name, p.name, p.kind, p.country, $1::date
           FROM (VALUES ('grant-ir', 'Women''s Affairs Office (synthetic)', 'GOVERNMENT_BODY', 'IR'),
                        ('bank-ir', 'Agriculture Bank (synthetic)', 'BANK', 'IR'),
                        ('grant-vn', 'Plan (synthetic)', 'NGO', 'VN'),
                        ('bank-vn', 'Women''s Union credit line (synthetic)', 'BANK', 'VN')) p(k, name, kind, country)`,
        [HISTORY_FROM],
      );
    });

    // ---- Savings-loan: reference rows and open books, as the consumers of membership's events write them.
    await phase('reference rows and accounts', async () => {
      await q(
        `INSERT INTO savings_loan.fund_ref (id, country_code, province_id, county_id, village_id, name, methodology, status, currency, policy, updated_at)
         SELECT f.id, pr.country_code, f.province_id, f.county_id, f.village_id, f.name, f.methodology, f.status, f.currency, '{}', f.created_at
           FROM membership.fund f JOIN membership.province pr ON pr.id = f.province_id`,
      );
      await q(
        `INSERT INTO savings_loan.group_ref (id, fund_id, province_id, county_id, village_id, name, status)
         SELECT id, fund_id, province_id, county_id, village_id, name, status FROM membership.member_group`,
      );
      await q(
        `INSERT INTO savings_loan.member_ref (id, fund_id, group_id, province_id, county_id, village_id, status, joined_on, sex, female_headed)
         SELECT id, fund_id, group_id, province_id, county_id, village_id, status, joined_on, sex, female_head_of_household FROM membership.member`,
      );
      await q(
        `INSERT INTO savings_loan.partner_ref (id, name, kind, country_code) SELECT id, name, kind, country_code FROM membership.partner`,
      );
      await q(
        `INSERT INTO savings_loan.fund_book (fund_id, province_id, county_id, village_id, currency, opened_at)
         SELECT id, province_id, county_id, village_id, currency, $1::date FROM savings_loan.fund_ref`,
        [HISTORY_FROM],
      );
      // The fund-level accounts (chart.ts FUND_ACCOUNTS), each member's savings or shares account, each fund's partner account.
      await q(
        `INSERT INTO savings_loan.account (id, fund_id, province_id, county_id, village_id, currency, code, kind, no_overdraft, opened_at)
         SELECT synthetic.u('a' || f.id || c.code), f.id, f.province_id, f.county_id, f.village_id, f.currency, c.code, c.kind, c.no_overdraft, $1::date
           FROM synthetic.fund f,
                (VALUES ('CASH', 'ASSET', true), ('SOCIAL_FUND', 'LIABILITY', true), ('FEE_INCOME', 'INCOME', false),
                        ('INTEREST_INCOME', 'INCOME', false), ('WRITE_OFFS', 'EXPENSE', false), ('RETAINED_EARNINGS', 'EQUITY', false)) c(code, kind, no_overdraft)`,
        [HISTORY_FROM],
      );
      await q(
        `INSERT INTO savings_loan.account (id, fund_id, province_id, county_id, village_id, currency, code, kind, member_id, no_overdraft, opened_at)
         SELECT synthetic.u('a' || m.id), m.fund_id, m.province_id, m.county_id, m.village_id, m.currency,
                CASE WHEN m.country = 'VN' THEN 'MEMBER_SHARES' ELSE 'MEMBER_SAVINGS' END,
                CASE WHEN m.country = 'VN' THEN 'EQUITY' ELSE 'LIABILITY' END, m.id, true, m.joined_on
           FROM synthetic.member m`,
      );
      // Capital: micro-funds and savings groups a grant, self-help groups a bank's credit line.
      await q(
        `CREATE TABLE synthetic.capital AS
           SELECT f.id AS fund_id, f.country, f.currency,
                  CASE WHEN k.methodology = 'SELF_HELP_GROUP' THEN 'CREDIT_LINE' ELSE 'GRANTS' END AS code,
                  CASE WHEN k.methodology = 'SELF_HELP_GROUP' THEN 'LIABILITY' ELSE 'EQUITY' END AS kind,
                  CASE WHEN k.methodology = 'SELF_HELP_GROUP' THEN 'CREDIT_LINE_DRAWN' ELSE 'GRANT_RECEIVED' END AS entry_kind,
                  synthetic.u('partner' || CASE WHEN k.methodology = 'SELF_HELP_GROUP' THEN 'bank-' ELSE 'grant-' END || lower(f.country)) AS partner_id
             FROM synthetic.fund f JOIN synthetic.fund_kind k ON k.id = f.id`,
      );
      await q(
        `INSERT INTO savings_loan.account (id, fund_id, province_id, county_id, village_id, currency, code, kind, partner_id, no_overdraft, opened_at)
         SELECT synthetic.u('a' || c.fund_id || c.code), c.fund_id, f.province_id, f.county_id, f.village_id, c.currency, c.code, c.kind, c.partner_id, true, $1::date
           FROM synthetic.capital c JOIN synthetic.fund f ON f.id = c.fund_id`,
        [HISTORY_FROM],
      );
      await q(
        `INSERT INTO savings_loan.loan_product (id, fund_id, province_id, county_id, village_id, name, currency, method, annual_rate_percent,
                                               fee_percent, fee_timing, repayment, min_term_months, max_term_months, max_savings_multiple,
                                               cycle_caps, waiting_months, group_guarantee, created_by, created_at, updated_at)
         SELECT synthetic.u('lp' || f.id), f.id, f.province_id, f.county_id, f.village_id,
                CASE WHEN f.country = 'VN' THEN 'Flexible loan' ELSE 'Qard al-hasan' END, f.currency,
                CASE WHEN f.country = 'VN' THEN 'FLAT' ELSE 'QARD_AL_HASAN' END, CASE WHEN f.country = 'VN' THEN 12 ELSE 0 END,
                CASE WHEN f.country = 'VN' THEN 0 ELSE 2 END, 'UPFRONT', 'MONTHLY', 6, 12, NULL,
                CASE WHEN f.country = 'VN' THEN ARRAY[7200000, 9600000, 12000000]::numeric[] ELSE ARRAY[24000000, 36000000, 48000000]::numeric[] END,
                6, f.country = 'IR', 'synthetic', $1::date, $1::date
           FROM synthetic.fund f`,
        [HISTORY_FROM],
      );
    });

    // ---- Loans: borrowers in random order; loan i is borrower ((i-1) mod B)+1's cycle ((i-1) div B)+1.
    await phase('loans planned', async () => {
      await q(
        `CREATE TABLE synthetic.borrower AS
           SELECT row_number() OVER (ORDER BY synthetic.r('bo' || m.i), m.i) AS b, m.*
             FROM synthetic.member m WHERE NOT m.exited AND synthetic.r('bw' || m.i) < 0.8`,
      );
      await q(`CREATE INDEX ON synthetic.borrower (b)`);
      const [{ borrowers }] = (await q(`SELECT count(*)::int AS borrowers FROM synthetic.borrower`)).rows;
      // Terms of 6, 8, 10 or 12 months; principal from the cycle's amounts (each a multiple of every term).
      await q(
        `CREATE TABLE synthetic.loan_plan AS
           SELECT l.i, synthetic.u('l' || l.i) AS id, b.id AS member_id, b.group_id, b.fund_id, b.village_id, b.county_id, b.province_id,
                  b.country, b.currency, b.joined_on, ((l.i - 1) / $2 + 1)::int AS cycle,
                  (ARRAY[6, 8, 10, 12])[1 + floor(synthetic.r('lt' || l.i) * 4)::int] AS term,
                  CASE WHEN b.country = 'VN'
                       THEN (ARRAY[2400000, 4800000, 7200000, 9600000, 12000000])[1 + floor(synthetic.r('la' || l.i) * 3)::int + least(2, (l.i - 1) / $2)]
                       ELSE (ARRAY[12000000, 18000000, 24000000, 30000000, 36000000, 48000000])[1 + floor(synthetic.r('la' || l.i) * 3)::int + least(3, (l.i - 1) / $2)]
                  END::numeric AS principal,
                  floor(synthetic.r('lg' || l.i) * 45)::int + 15 AS gap_days,
                  synthetic.r('lb' || l.i) AS behaviour, synthetic.r('lk' || l.i) AS stop
             FROM generate_series(1, $1) l(i) JOIN synthetic.borrower b ON b.b = (l.i - 1) % $2 + 1`,
        [shape.loans, borrowers],
      );
    });
    await phase('loans dated', async () => {
      await q(
        `CREATE TABLE synthetic.loan AS
           WITH dated AS (
             SELECT p.*, (greatest(p.joined_on + 183, date '${HISTORY_FROM}') + floor(synthetic.r('ls' || p.member_id) * 240)::int
                     + coalesce(sum(p.term * 31 + p.gap_days) OVER (PARTITION BY p.member_id ORDER BY p.cycle
                                                                    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)::int) AS disbursed_on,
                    p.cycle = max(p.cycle) OVER (PARTITION BY p.member_id) AS last_cycle
               FROM synthetic.loan_plan p)
           SELECT d.*, d.disbursed_on - 10 AS applied_on, d.disbursed_on - 4 AS decided_on,
                  CASE WHEN d.country = 'VN' THEN d.principal / 100 ELSE 0 END AS interest,
                  CASE WHEN d.country = 'VN' THEN 0 ELSE d.principal * 2 / 100 END AS fee,
                  -- The instalments she pays: all that fall due (a good payer), or the first few (late,
                  -- written off: only her latest loan goes bad); -1 when not paid out yet.
                  CASE WHEN d.disbursed_on > date '${SYNTHETIC_AS_OF}' THEN -1
                       WHEN d.last_cycle AND d.behaviour >= 0.82 THEN floor(d.stop * d.term * 0.8)::int
                       ELSE d.term END AS pays
             FROM dated d
            WHERE d.disbursed_on - 10 <= date '${SYNTHETIC_AS_OF}'`,
      );
      await q(
        `CREATE TABLE synthetic.instalment AS
           SELECT l.id AS loan_id, l.fund_id, l.province_id, l.county_id, l.village_id, n.n AS number,
                  (l.disbursed_on + make_interval(months => n.n))::date AS due_on, l.principal / l.term AS principal, l.interest,
                  n.n <= l.pays AND (l.disbursed_on + make_interval(months => n.n))::date <= date '${SYNTHETIC_AS_OF}' AS paid
             FROM synthetic.loan l, generate_series(1, l.term) n(n) WHERE l.pays >= 0`,
      );
      // Status as of the day: applied, paid out (current or in arrears), closed, or written off 180
      // days after the first instalment she missed.
      await q(
        `CREATE TABLE synthetic.loan_status AS
           SELECT l.id, l.fund_id,
                  CASE WHEN l.pays < 0 THEN 'APPLIED'
                       WHEN s.paid = l.term THEN 'CLOSED'
                       WHEN l.behaviour >= 0.93 AND l.last_cycle AND s.missed_on + 180 <= date '${SYNTHETIC_AS_OF}' THEN 'WRITTEN_OFF'
                       ELSE 'DISBURSED' END AS status,
                  s.paid, s.last_paid_on, CASE WHEN s.missed_on IS NOT NULL THEN s.missed_on + 180 END AS written_off_on
             FROM synthetic.loan l
             LEFT JOIN (SELECT loan_id, count(*) FILTER (WHERE paid)::int AS paid, max(due_on) FILTER (WHERE paid) AS last_paid_on,
                               min(due_on) FILTER (WHERE NOT paid) AS missed_on
                          FROM synthetic.instalment GROUP BY loan_id) s ON s.loan_id = l.id`,
      );
    });

    // ---- The journal to write: one row per entry with its lines (accounts and amounts).
    await phase('entries planned', async () => {
      const cash = `synthetic.u('a' || e.fund_id || 'CASH')`;
      await q(
        `CREATE UNLOGGED TABLE synthetic.entry (
           id uuid, fund_id uuid, value_date date, ord int, kind text, member_id uuid, loan_id uuid, partner_id uuid,
           accounts uuid[], amounts numeric[], fee numeric, interest numeric, principal numeric)`,
      );
      // Loans paid out: the receivable up, cash out less the upfront fee, fee income up.
      await q(
        `INSERT INTO synthetic.entry
         SELECT synthetic.u('ed' || e.id), e.fund_id, e.disbursed_on, 2, 'LOAN_DISBURSED', e.member_id, e.id, NULL,
                CASE WHEN e.fee > 0 THEN ARRAY[synthetic.u('a' || e.id), ${cash}, synthetic.u('a' || e.fund_id || 'FEE_INCOME')]
                     ELSE ARRAY[synthetic.u('a' || e.id), ${cash}] END,
                CASE WHEN e.fee > 0 THEN ARRAY[e.principal, -(e.principal - e.fee), -e.fee] ELSE ARRAY[e.principal, -e.principal] END,
                e.fee, 0, e.principal
           FROM synthetic.loan e WHERE e.pays >= 0`,
      );
      // Repayments on their due days: cash in; interest income and the receivable paid.
      await q(
        `INSERT INTO synthetic.entry
         SELECT synthetic.u('er' || e.loan_id || ':' || e.number), e.fund_id, e.due_on, 3, 'LOAN_REPAYMENT', l.member_id, e.loan_id, NULL,
                CASE WHEN e.interest > 0 THEN ARRAY[${cash}, synthetic.u('a' || e.loan_id), synthetic.u('a' || e.fund_id || 'INTEREST_INCOME')]
                     ELSE ARRAY[${cash}, synthetic.u('a' || e.loan_id)] END,
                CASE WHEN e.interest > 0 THEN ARRAY[e.principal + e.interest, -e.principal, -e.interest] ELSE ARRAY[e.principal, -e.principal] END,
                0, e.interest, e.principal
           FROM synthetic.instalment e JOIN synthetic.loan l ON l.id = e.loan_id WHERE e.paid`,
      );
      // Write-offs: what she still owed, to the write-off expense.
      await q(
        `INSERT INTO synthetic.entry
         SELECT synthetic.u('ew' || e.id), e.fund_id, s.written_off_on, 4, 'LOAN_WRITE_OFF', e.member_id, e.id, NULL,
                ARRAY[synthetic.u('a' || e.fund_id || 'WRITE_OFFS'), synthetic.u('a' || e.id)],
                ARRAY[e.principal - e.principal / e.term * s.paid, -(e.principal - e.principal / e.term * s.paid)], 0, 0,
                e.principal - e.principal / e.term * s.paid
           FROM synthetic.loan e JOIN synthetic.loan_status s ON s.id = e.id WHERE s.status = 'WRITTEN_OFF'`,
      );
      // Savings every six months from joining (Iran: savings deposits; Vietnam: shares and the social fund).
      await q(
        `INSERT INTO synthetic.entry
         SELECT synthetic.u('es' || m.id || ':' || n), m.fund_id, d.on, 1, CASE WHEN m.country = 'VN' THEN 'SHARE_PURCHASE' ELSE 'DEPOSIT' END,
                m.id, NULL, NULL, ARRAY[${cash.replace('e.fund_id', 'm.fund_id')}, synthetic.u('a' || m.id)], ARRAY[d.amount, -d.amount], 0, 0, 0
           FROM synthetic.member m,
                generate_series(0, greatest(0, (date '${SYNTHETIC_AS_OF}' - greatest(m.joined_on, date '${HISTORY_FROM}')) / 183)) n,
                LATERAL (SELECT greatest(m.joined_on, date '${HISTORY_FROM}') + n * 183 AS on,
                                CASE WHEN m.country = 'VN' THEN 20000 * (1 + floor(synthetic.r('sv' || m.id || n) * 5))::int * 6
                                     ELSE 100000 * (2 + floor(synthetic.r('sv' || m.id || n) * 9))::int * 6 END::numeric AS amount) d
          WHERE d.on <= date '${SYNTHETIC_AS_OF}' AND (NOT m.exited OR d.on < date '2026-10-01')`,
      );
      await q(
        `INSERT INTO synthetic.entry
         SELECT synthetic.u('ef' || m.id || ':' || n), m.fund_id, d.on, 1, 'SOCIAL_FUND_CONTRIBUTION', m.id, NULL, NULL,
                ARRAY[${cash.replace('e.fund_id', 'm.fund_id')}, synthetic.u('a' || m.fund_id || 'SOCIAL_FUND')], ARRAY[60000, -60000]::numeric[], 0, 0, 0
           FROM synthetic.member m,
                generate_series(0, greatest(0, (date '${SYNTHETIC_AS_OF}' - greatest(m.joined_on, date '${HISTORY_FROM}')) / 183)) n,
                LATERAL (SELECT greatest(m.joined_on, date '${HISTORY_FROM}') + n * 183 AS on) d
          WHERE m.country = 'VN' AND d.on <= date '${SYNTHETIC_AS_OF}' AND (NOT m.exited OR d.on < date '2026-10-01')`,
      );
      // Partner capital on the history's first day, the cash's lowest point without it rounded up (at least 50M rials / 5M dong).
      await q(
        `INSERT INTO synthetic.entry
         SELECT synthetic.u('ec' || c.fund_id), c.fund_id, date '${HISTORY_FROM}' - 1, 0, c.entry_kind, NULL, NULL, c.partner_id,
                ARRAY[synthetic.u('a' || c.fund_id || 'CASH'), synthetic.u('a' || c.fund_id || c.code)], ARRAY[x.amount, -x.amount], 0, 0, 0
           FROM synthetic.capital c
           JOIN (SELECT fund_id, min(running) AS low
                   FROM (SELECT e.fund_id, sum(e.amounts[array_position(e.accounts, ${cash})])
                                  OVER (PARTITION BY e.fund_id ORDER BY e.value_date, e.ord, e.id) AS running
                           FROM synthetic.entry e) r GROUP BY fund_id) lo ON lo.fund_id = c.fund_id,
                LATERAL (SELECT greatest(CASE WHEN c.currency = 'VND' THEN 5000000 ELSE 50000000 END,
                                         ceil(-lo.low / (CASE WHEN c.currency = 'VND' THEN 1000000 ELSE 10000000 END)) * (CASE WHEN c.currency = 'VND' THEN 1000000 ELSE 10000000 END)
                                        )::numeric AS amount) x`,
      );
      // Batches of funds, written as one transaction each.
      await q(`UPDATE synthetic.fund SET batch = (i - 1) / $1`, [fundsPerBatch]);
      await q(`CREATE TABLE synthetic.fund_batch AS SELECT id AS fund_id, batch FROM synthetic.fund`);
      await q(`CREATE INDEX ON synthetic.fund_batch (fund_id)`);
      await q(`ALTER TABLE synthetic.entry ADD COLUMN batch int`);
      await q(`UPDATE synthetic.entry e SET batch = b.batch FROM synthetic.fund_batch b WHERE b.fund_id = e.fund_id`);
      await q(`CREATE INDEX ON synthetic.entry (batch, value_date, ord, id)`);
      await q(`ALTER TABLE synthetic.loan ADD COLUMN batch int`);
      await q(`UPDATE synthetic.loan l SET batch = b.batch FROM synthetic.fund_batch b WHERE b.fund_id = l.fund_id`);
      await q(`CREATE INDEX ON synthetic.loan (batch)`);
      await q(`CREATE INDEX ON synthetic.loan_status (id)`);
      await q(`CREATE INDEX ON synthetic.instalment (loan_id)`);
      await q(`ANALYZE synthetic.entry; ANALYZE synthetic.loan; ANALYZE synthetic.instalment; ANALYZE synthetic.loan_status`);
    });

    // ---- The books, batch by batch.
    const [{ batches }] = (await q(`SELECT max(batch) + 1 AS batches FROM synthetic.fund`)).rows;
    await phase('books written', async () => {
      for (let batch = 0; batch < batches; batch++) {
        await writeBatch(client, batch);
        if ((batch + 1) % Math.max(1, Math.floor(batches / 10)) === 0 || batch + 1 === batches)
          log(`books: ${batch + 1}/${batches} batches of funds`);
      }
    });

    // ---- Reporting's read models, as its consumers would have left them.
    await phase('read models', async () => {
      await q(
        `INSERT INTO reporting.node (id, level, country_code, province_id, name, status, last_event_at)
         SELECT id, 'PROVINCE', country_code, id, name, status, $1::date FROM membership.province`,
        [SYNTHETIC_AS_OF],
      );
      await q(
        `INSERT INTO reporting.node (id, level, country_code, province_id, county_id, name, status, last_event_at)
         SELECT c.id, 'COUNTY', p.country_code, c.province_id, c.id, c.name, c.status, $1::date FROM membership.county c JOIN membership.province p ON p.id = c.province_id`,
        [SYNTHETIC_AS_OF],
      );
      await q(
        `INSERT INTO reporting.node (id, level, country_code, province_id, county_id, village_id, name, status, last_event_at)
         SELECT v.id, 'VILLAGE', p.country_code, v.province_id, v.county_id, v.id, v.name, v.status, $1::date
           FROM membership.village v JOIN membership.province p ON p.id = v.province_id`,
        [SYNTHETIC_AS_OF],
      );
      await q(
        `INSERT INTO reporting.node (id, level, country_code, province_id, county_id, village_id, fund_id, name, status, currency, last_event_at)
         SELECT f.id, 'FUND', p.country_code, f.province_id, f.county_id, f.village_id, f.id, f.name, f.status, f.currency, $1::date
           FROM membership.fund f JOIN membership.province p ON p.id = f.province_id`,
        [SYNTHETIC_AS_OF],
      );
      await q(
        `INSERT INTO reporting.node (id, level, country_code, province_id, county_id, village_id, fund_id, group_id, name, status, last_event_at)
         SELECT g.id, 'GROUP', p.country_code, g.province_id, g.county_id, g.village_id, g.fund_id, g.id, g.name, g.status, $1::date
           FROM membership.member_group g JOIN membership.province p ON p.id = g.province_id`,
        [SYNTHETIC_AS_OF],
      );
      await q(
        `INSERT INTO reporting.member_fact (id, fund_id, province_id, county_id, village_id, group_id, status, sex, female_headed, has_disability, joined_on, exited_on)
         SELECT id, fund_id, province_id, county_id, village_id, group_id, status, sex, female_head_of_household, has_disability, joined_on, exited_on
           FROM membership.member`,
      );
      await q(
        `INSERT INTO reporting.loan_state (id, fund_id, province_id, county_id, village_id, group_id, member_id, currency, principal, status,
                                           applied_on, disbursed_on, schedule_version, written_off_on, written_off_principal, closed_on)
         SELECT l.id, l.fund_id, l.province_id, l.county_id, l.village_id, l.group_id, l.member_id, l.currency, l.principal, l.status,
                l.applied_on, l.disbursed_on, l.schedule_version, l.written_off_on,
                CASE WHEN l.written_off_on IS NOT NULL THEN w.principal END, l.closed_on
           FROM savings_loan.loan l LEFT JOIN synthetic.entry w ON w.loan_id = l.id AND w.kind = 'LOAN_WRITE_OFF'`,
      );
      await q(
        `INSERT INTO reporting.loan_schedule (loan_id, version, effective_on, principal)
         SELECT id, 1, disbursed_on, principal FROM savings_loan.loan WHERE disbursed_on IS NOT NULL`,
      );
      await q(
        `INSERT INTO reporting.loan_instalment (loan_id, version, number, due_on, principal, interest, fee, principal_through)
         SELECT loan_id, version, number, due_on, principal_due, interest_due, fee_due,
                sum(principal_due) OVER (PARTITION BY loan_id, version ORDER BY number)
           FROM savings_loan.loan_instalment`,
      );
      await q(
        `INSERT INTO reporting.loan_repayment (entry_id, loan_id, value_date, amount, fee, interest, principal)
         SELECT id, loan_id, value_date, fee + interest + principal, fee, interest, principal FROM synthetic.entry WHERE kind = 'LOAN_REPAYMENT'`,
      );
      await q(
        `INSERT INTO reporting.balance_movement (source_id, account, fund_id, province_id, county_id, village_id, group_id, member_id, kind,
                                                 currency, value_date, amount)
         SELECT e.id, CASE e.kind WHEN 'DEPOSIT' THEN 'SAVINGS' WHEN 'SHARE_PURCHASE' THEN 'SHARES' ELSE 'SOCIAL_FUND' END,
                m.fund_id, m.province_id, m.county_id, m.village_id, m.group_id, m.id, e.kind, m.currency, e.value_date, e.amounts[1]
           FROM synthetic.entry e JOIN synthetic.member m ON m.id = e.member_id
          WHERE e.kind IN ('DEPOSIT', 'SHARE_PURCHASE', 'SOCIAL_FUND_CONTRIBUTION')`,
      );
    });

    await phase('fund flows', () => fillFundFlows(q));

    await phase('analyze', async () => {
      await q(`DROP SCHEMA synthetic CASCADE`);
      await q(`ANALYZE`);
    });
    const counts = (
      await q(
        `SELECT (SELECT count(*) FROM membership.province)::int AS provinces, (SELECT count(*) FROM membership.county)::int AS counties,
                (SELECT count(*) FROM membership.village)::int AS villages, (SELECT count(*) FROM membership.fund)::int AS funds,
                (SELECT count(*) FROM membership.member_group)::int AS groups, (SELECT count(*) FROM membership.member)::int AS members,
                (SELECT count(*) FROM savings_loan.loan)::int AS loans, (SELECT count(*) FROM savings_loan.loan_instalment)::int AS instalments,
                (SELECT count(*) FROM savings_loan.journal_entry)::int AS entries, (SELECT count(*) FROM savings_loan.posting)::int AS postings,
                pg_database_size(current_database())::bigint AS bytes`,
      )
    ).rows[0];
    return { scale, seed, asOf: SYNTHETIC_AS_OF, counts: { ...counts, bytes: Number(counts.bytes) }, timings };
  } finally {
    await client.end();
  }
}

/**
 * One batch of funds' books in one transaction: its journal entries, loans, schedules and
 * receivable accounts, then its postings with their running balances, then the accounts' balances.
 *
 * Set-based: inside the transaction (ALTER TABLE is transactional: on any error the triggers are
 * back as they were) the three row triggers that keep the ledger's rules one row at a time are off
 * (posting_apply, journal_entry_balanced, journal_entry_period) and the same rules are checked for
 * the whole batch before it commits: every entry balanced, two or more postings, all in its fund,
 * currency and date; every running balance (balance_after, written here as the running sum of the
 * account's postings in date order) on the right side of zero for an account that may not be
 * overdrawn; every stored balance the sum of its postings (and the account CHECK holds it). One row
 * at a time the triggers managed about 2,600 postings a second on the shared 2-core machine.
 */
async function writeBatch(client, batch) {
  const c = process.env.SYNTHETIC_TRACE
    ? {
        query: async (sql, params) => {
          const t = Date.now();
          const r = await client.query(sql, params);
          console.error(`${Date.now() - t}ms ${sql.trim().slice(0, 60)}`);
          return r;
        },
      }
    : client;
  await c.query('BEGIN');
  try {
    await c.query(`ALTER TABLE savings_loan.posting DISABLE TRIGGER posting_apply`);
    await c.query(`ALTER TABLE savings_loan.journal_entry DISABLE TRIGGER journal_entry_balanced`);
    await c.query(`ALTER TABLE savings_loan.journal_entry DISABLE TRIGGER journal_entry_period`);
    await c.query(
      `INSERT INTO savings_loan.journal_entry (id, fund_id, province_id, county_id, village_id, kind, value_date, currency, member_id, loan_id,
                                               partner_id, recorded_by, recorded_at)
       SELECT e.id, e.fund_id, b.province_id, b.county_id, b.village_id, e.kind, e.value_date, b.currency, e.member_id, e.loan_id, e.partner_id,
              'synthetic', e.value_date
         FROM synthetic.entry e JOIN savings_loan.fund_book b ON b.fund_id = e.fund_id
        WHERE e.batch = $1 ORDER BY e.value_date, e.ord, e.id`,
      [batch],
    );
    await c.query(
      `INSERT INTO savings_loan.loan (id, fund_id, province_id, county_id, village_id, member_id, group_id, product_id, cycle, currency,
                                      principal, term_months, method, annual_rate_percent, fee_percent, fee_timing, repayment, purpose, status,
                                      applied_on, decided_on, disbursed_on, closed_on, written_off_on, schedule_version, disbursement_entry_id,
                                      recorded_by, created_at)
       SELECT l.id, l.fund_id, l.province_id, l.county_id, l.village_id, l.member_id, l.group_id, synthetic.u('lp' || l.fund_id), l.cycle, l.currency,
              l.principal, l.term, CASE WHEN l.country = 'VN' THEN 'FLAT' ELSE 'QARD_AL_HASAN' END, CASE WHEN l.country = 'VN' THEN 12 ELSE 0 END,
              CASE WHEN l.country = 'VN' THEN 0 ELSE 2 END, 'UPFRONT', 'MONTHLY', NULL, s.status,
              l.applied_on, CASE WHEN s.status <> 'APPLIED' THEN l.decided_on END, CASE WHEN s.status <> 'APPLIED' THEN l.disbursed_on END,
              CASE WHEN s.status = 'CLOSED' THEN s.last_paid_on END, CASE WHEN s.status = 'WRITTEN_OFF' THEN s.written_off_on END,
              CASE WHEN s.status <> 'APPLIED' THEN 1 ELSE 0 END, CASE WHEN s.status <> 'APPLIED' THEN synthetic.u('ed' || l.id) END,
              'synthetic', l.applied_on
         FROM synthetic.loan l JOIN synthetic.loan_status s ON s.id = l.id WHERE l.batch = $1`,
      [batch],
    );
    await c.query(
      `INSERT INTO savings_loan.loan_instalment (fund_id, province_id, county_id, village_id, loan_id, version, number, due_on,
                                                 principal_due, interest_due, fee_due, principal_paid, interest_paid, fee_paid)
       SELECT i.fund_id, i.province_id, i.county_id, i.village_id, i.loan_id, 1, i.number, i.due_on, i.principal, i.interest, 0,
              CASE WHEN i.paid THEN i.principal ELSE 0 END, CASE WHEN i.paid THEN i.interest ELSE 0 END, 0
         FROM synthetic.loan l JOIN synthetic.instalment i ON i.loan_id = l.id WHERE l.batch = $1`,
      [batch],
    );
    await c.query(
      `INSERT INTO savings_loan.account (id, fund_id, province_id, county_id, village_id, currency, code, kind, loan_id, no_overdraft, opened_at)
       SELECT synthetic.u('a' || l.id), l.fund_id, l.province_id, l.county_id, l.village_id, l.currency, 'LOANS_RECEIVABLE', 'ASSET', l.id, true, l.disbursed_on
         FROM synthetic.loan l WHERE l.batch = $1 AND l.pays >= 0`,
      [batch],
    );
    // Postings in date order (each entry's lines in account order, as the ledger writes them), each
    // with its account's running balance; the batch's accounts are new, so they start at zero.
    await c.query(
      `INSERT INTO savings_loan.posting (entry_id, fund_id, province_id, county_id, village_id, account_id, amount, currency, value_date, balance_after)
       SELECT p.entry_id, p.fund_id, b.province_id, b.county_id, b.village_id, p.account_id, p.amount, b.currency, p.value_date,
              sum(p.amount) OVER (PARTITION BY p.account_id ORDER BY p.value_date, p.ord, p.entry_id)
         FROM (SELECT e.id AS entry_id, e.fund_id, e.value_date, e.ord, x.account_id, x.amount
                 FROM synthetic.entry e, unnest(e.accounts, e.amounts) AS x(account_id, amount) WHERE e.batch = $1) p
         JOIN savings_loan.fund_book b ON b.fund_id = p.fund_id
        ORDER BY p.value_date, p.ord, p.entry_id, p.account_id`,
      [batch],
    );
    await c.query(
      `UPDATE savings_loan.account a SET balance = s.total
         FROM (SELECT p.account_id, sum(p.amount) AS total FROM savings_loan.posting p JOIN synthetic.fund_batch f ON f.fund_id = p.fund_id
                WHERE f.batch = $1 GROUP BY p.account_id) s
        WHERE a.id = s.account_id`,
      [batch],
    );
    // The triggers' rules, for the whole batch.
    const [check] = (
      await c.query(
        `SELECT
           (SELECT count(*) FROM (
              SELECT e.id FROM savings_loan.journal_entry e JOIN synthetic.fund_batch f ON f.fund_id = e.fund_id AND f.batch = $1
                LEFT JOIN savings_loan.posting p ON p.entry_id = e.id
               GROUP BY e.id, e.fund_id, e.currency, e.value_date
              HAVING count(p.id) < 2 OR coalesce(sum(p.amount), 0) <> 0
                  OR count(*) FILTER (WHERE p.fund_id <> e.fund_id OR p.currency <> e.currency OR p.value_date <> e.value_date) > 0) x)::int AS unbalanced,
           (SELECT count(*) FROM savings_loan.posting p JOIN synthetic.fund_batch f ON f.fund_id = p.fund_id AND f.batch = $1
              JOIN savings_loan.account a ON a.id = p.account_id
             WHERE a.fund_id <> p.fund_id OR a.currency <> p.currency
                OR (a.no_overdraft AND ((a.kind IN ('ASSET', 'EXPENSE') AND p.balance_after < 0)
                                     OR (a.kind IN ('LIABILITY', 'EQUITY', 'INCOME') AND p.balance_after > 0))))::int AS overdrawn`,
        [batch],
      )
    ).rows;
    if (check.unbalanced || check.overdrawn) {
      throw new Error(
        `batch ${batch}: ${check.unbalanced} unbalanced entries, ${check.overdrawn} postings overdrawing or outside their account's fund`,
      );
    }
    await c.query(`ALTER TABLE savings_loan.posting ENABLE TRIGGER posting_apply`);
    await c.query(`ALTER TABLE savings_loan.journal_entry ENABLE TRIGGER journal_entry_balanced`);
    await c.query(`ALTER TABLE savings_loan.journal_entry ENABLE TRIGGER journal_entry_period`);
    await c.query('COMMIT');
  } catch (error) {
    await c.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/**
 * Reporting's fund_flow rows as its consumer writes them from CapitalMoved and LoanDisbursed: each
 * partner's capital received (signed, with its partner) and each fee taken at pay-out, read from
 * the ledger's entries (for a network written straight into the books, which produced no events).
 */
export async function fillFundFlows(q) {
  await q(
    `INSERT INTO reporting.fund_flow (source_id, flow, fund_id, province_id, county_id, village_id, partner_id, currency, value_date, amount)
     SELECT e.id, CASE e.kind WHEN 'GRANT_RECEIVED' THEN 'GRANT' WHEN 'CREDIT_LINE_DRAWN' THEN 'CREDIT_LINE' ELSE 'TRUST_CAPITAL' END,
            e.fund_id, e.province_id, e.county_id, e.village_id, e.partner_id, e.currency, e.value_date, p.amount
       FROM savings_loan.journal_entry e
       JOIN savings_loan.posting p ON p.entry_id = e.id
       JOIN savings_loan.account a ON a.id = p.account_id AND a.code = 'CASH'
      WHERE e.kind IN ('GRANT_RECEIVED', 'CREDIT_LINE_DRAWN', 'TRUST_CAPITAL_RECEIVED')
     ON CONFLICT DO NOTHING`,
  );
  await q(
    `INSERT INTO reporting.fund_flow (source_id, flow, fund_id, province_id, county_id, village_id, partner_id, currency, value_date, amount)
     SELECT e.id, 'UPFRONT_FEE', e.fund_id, e.province_id, e.county_id, e.village_id, NULL, e.currency, e.value_date, -p.amount
       FROM savings_loan.journal_entry e
       JOIN savings_loan.posting p ON p.entry_id = e.id
       JOIN savings_loan.account a ON a.id = p.account_id AND a.code = 'FEE_INCOME'
      WHERE e.kind = 'LOAN_DISBURSED'
     ON CONFLICT DO NOTHING`,
  );
}

/**
 * A checksum of the network's rows (ids, ancestry, amounts, dates, balances; not the sequence
 * numbers nor the times rows were written), to show that the same seed gives the same data.
 */
export async function syntheticChecksum(query) {
  const tables = [
    [
      'membership.member',
      `id, given_name, family_name, national_id, birth_date, sex, status, joined_on, group_id, fund_id, village_id, county_id, province_id`,
      'id',
    ],
    ['membership.fund', `id, name, methodology, currency, village_id, policy_max_members`, 'id'],
    [
      'savings_loan.loan',
      `id, member_id, cycle, principal, term_months, status, applied_on, disbursed_on, closed_on, written_off_on`,
      'id',
    ],
    ['savings_loan.loan_instalment', `loan_id, number, due_on, principal_due, interest_due, principal_paid`, 'loan_id, number'],
    ['savings_loan.journal_entry', `id, fund_id, kind, value_date, member_id, loan_id`, 'id'],
    ['savings_loan.posting', `entry_id, account_id, amount, value_date, balance_after`, 'entry_id, account_id'],
    ['savings_loan.account', `id, code, member_id, loan_id, partner_id, balance`, 'id'],
    ['reporting.loan_repayment', `entry_id, loan_id, value_date, amount, principal`, 'entry_id'],
    ['reporting.balance_movement', `source_id, account, amount, value_date`, 'source_id, account'],
    ['reporting.fund_flow', `source_id, flow, partner_id, amount, value_date`, 'source_id, flow'],
  ];
  const sums = {};
  for (const [table, columns, order] of tables) {
    const rows = await query(
      `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY ${order}), '')) AS sum FROM (SELECT ${columns} FROM ${table}) t`,
    );
    sums[table] = (rows.rows ?? rows)[0].sum;
  }
  return sums;
}
