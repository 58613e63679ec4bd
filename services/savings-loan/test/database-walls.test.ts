import type { DataSource, EntityManager } from 'typeorm';
import { Role } from '@funds/auth';
import { DbScope, SYSTEM_SCOPE, ScopedDatabase, applicationDatabaseUrl, applicationRoleFromConfig, uuid7 } from '@funds/db-kit';
import { createTestDatabase, TestDatabase } from '@funds/testing';
import { Dec } from '@funds/money';
import { createSavingsLoanDataSource } from '../src/database';
import { openFundBooks } from '../src/modules/ledger/chart';

/**
 * The books' walls in the database itself (issue 7, DESIGN.md section 4), behind the service: what
 * the application role (what the subgraph connects as) cannot do even when it writes SQL straight
 * into the tables, bypassing the service's checks. Real Postgres, no HTTP: the file's own database
 * cloned from the migrated template; reference rows and books arranged as the owner; every refusal
 * tried as the application role. Each test names the wall it proves and shows the same statement
 * passing when the wall's condition is not met, so it fails if that wall is taken away.
 */
const S = 'savings_loan';
let db: TestDatabase;
let owner: DataSource;
let app: DataSource;
let scoped: ScopedDatabase;

interface Books {
  provinceId: string;
  countyId: string;
  villageId: string;
  fundId: string;
  memberId: string;
  cash: string;
  savings: string;
}
let north: Books;
let south: Books;

/** A fund (in a province and county of its own) with its books open and one member, written as the owner. */
async function openBooks(currency: string): Promise<Books> {
  const [provinceId, countyId, villageId, fundId, memberId] = [uuid7(), uuid7(), uuid7(), uuid7(), uuid7()];
  await owner.transaction(async (em) => {
    await em.query(
      `INSERT INTO ${S}.fund_ref (id, country_code, province_id, county_id, village_id, name, methodology, status, currency)
       VALUES ($1, 'IR', $2, $3, $4, 'walls', 'MICRO_FUND', 'ACTIVE', $5)`,
      [fundId, provinceId, countyId, villageId, currency],
    );
    await em.query(
      `INSERT INTO ${S}.member_ref (id, fund_id, province_id, county_id, village_id, status, joined_on)
       VALUES ($1, $2, $3, $4, $5, 'ACTIVE', '2026-01-15')`,
      [memberId, fundId, provinceId, countyId, villageId],
    );
    await openFundBooks(em, fundId);
    await em.query(
      `INSERT INTO ${S}.account (id, fund_id, province_id, county_id, village_id, currency, code, kind, member_id, no_overdraft)
       VALUES ($1, $2, $3, $4, $5, $6, 'MEMBER_SAVINGS', 'LIABILITY', $7, true)`,
      [uuid7(), fundId, provinceId, countyId, villageId, currency, memberId],
    );
  });
  const [cash] = await owner.query(`SELECT id FROM ${S}.account WHERE fund_id = $1 AND code = 'CASH'`, [fundId]);
  const [savings] = await owner.query(`SELECT id FROM ${S}.account WHERE fund_id = $1 AND member_id = $2`, [fundId, memberId]);
  return { provinceId, countyId, villageId, fundId, memberId, cash: cash.id, savings: savings.id };
}

/** Inserts an entry of `books` and its postings straight into the tables: [account id, amount][]. */
async function insertEntry(
  em: EntityManager,
  books: Books,
  valueDate: string,
  postings: [string, string][],
  options: { currency?: string; postingFund?: Books } = {},
): Promise<string> {
  const id = uuid7();
  const currency = options.currency ?? 'IRR';
  await em.query(
    `INSERT INTO ${S}.journal_entry (id, fund_id, province_id, county_id, village_id, kind, value_date, currency, recorded_by)
     VALUES ($1, $2, $3, $4, $5, 'DEPOSIT', $6, $7, 'walls-test')`,
    [id, books.fundId, books.provinceId, books.countyId, books.villageId, valueDate, currency],
  );
  const of = options.postingFund ?? books;
  for (const [accountId, amount] of postings) {
    await em.query(
      `INSERT INTO ${S}.posting (entry_id, fund_id, province_id, county_id, village_id, account_id, amount, currency, value_date, balance_after)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0)`,
      [id, of.fundId, of.provinceId, of.countyId, of.villageId, accountId, amount, currency, valueDate],
    );
  }
  return id;
}

/** As the application role, in one transaction of `scope` (the platform's whole network by default). */
const asApp = <T>(fn: (em: EntityManager) => Promise<T>, scope: DbScope = SYSTEM_SCOPE) => scoped.transaction(scope, fn, { retries: 0 });

/** A deposit of `amount` straight into the tables, as the application role: cash debited, the member's savings credited. */
const deposit = (books: Books, amount: string, valueDate = '2026-05-10') =>
  asApp((em) =>
    insertEntry(em, books, valueDate, [
      [books.cash, amount],
      [books.savings, `-${amount}`],
    ]),
  );

/** An account's stored balance (signed: debits positive, credits negative), as exact decimal text. */
const balanceOf = async (accountId: string) =>
  new Dec((await owner.query(`SELECT balance::text AS balance FROM ${S}.account WHERE id = $1`, [accountId]))[0].balance).toString();

beforeAll(async () => {
  db = await createTestDatabase();
  owner = createSavingsLoanDataSource(db.url);
  await owner.initialize();
  app = createSavingsLoanDataSource(applicationDatabaseUrl(db.url));
  await app.initialize();
  scoped = new ScopedDatabase(app);
  north = await openBooks('IRR');
  south = await openBooks('IRR');
  await deposit(north, '1000000');
  await deposit(south, '700000');
});

afterAll(async () => {
  await app.destroy();
  await owner.destroy();
  await db.drop();
});

describe('append-only: the application role may not change or delete the journal, its postings or accounts', () => {
  // Wall: SAVINGS_LOAN_APPEND_ONLY (database.ts) - migrate() revokes UPDATE, DELETE and TRUNCATE on
  // journal_entry, posting and account from the application role; without the REVOKE each statement passes.
  it.each([
    ['journal_entry', `UPDATE ${S}.journal_entry SET memo = 'changed'`],
    ['journal_entry', `DELETE FROM ${S}.journal_entry`],
    ['posting', `UPDATE ${S}.posting SET amount = amount * 2`],
    ['posting', `DELETE FROM ${S}.posting`],
    ['account', `UPDATE ${S}.account SET balance = 0`],
    ['account', `DELETE FROM ${S}.account WHERE code = 'RETAINED_EARNINGS'`],
    ['journal_entry', `TRUNCATE ${S}.journal_entry CASCADE`],
  ])('%s: %s is refused', async (_table, sql) => {
    await expect(asApp((em) => em.query(sql))).rejects.toMatchObject({ code: '42501' });
  });

  it('the same UPDATE passes once the role is granted it (so the grant is the wall), and nothing changed', async () => {
    // The owner grants UPDATE inside a transaction, acts as the application role, and rolls it all back.
    const role = applicationRoleFromConfig().name;
    const runner = owner.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query(`GRANT UPDATE ON ${S}.journal_entry TO "${role}"`);
      await runner.query(`SET LOCAL ROLE "${role}"`);
      await runner.query(`SELECT set_config('app.scope_all', 'on', true)`);
      const changed = await runner.query(`UPDATE ${S}.journal_entry SET memo = 'changed' RETURNING id`);
      expect(changed[0].length).toBeGreaterThan(0);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    const [{ n }] = await owner.query(`SELECT count(*)::int AS n FROM ${S}.journal_entry WHERE memo = 'changed'`);
    expect(n).toBe(0);
  });

  it('a balance moves only through a posting (the SECURITY DEFINER trigger), and then by exactly its amount', async () => {
    // Wall: apply_posting() runs as the migrations' role, the only writer of account.balance.
    const before = await balanceOf(north.savings);
    await deposit(north, '2500');
    expect(await balanceOf(north.savings)).toBe(new Dec(before).minus(2500).toString());
    const [last] = await owner.query(
      `SELECT balance_after::text AS after FROM ${S}.posting WHERE account_id = $1 ORDER BY id DESC LIMIT 1`,
      [north.savings],
    );
    expect(new Dec(last.after).toString()).toBe(await balanceOf(north.savings));
  });
});

describe('balanced entries, checked at commit', () => {
  // Wall: the deferred constraint trigger journal_entry_balanced (check_entry_balanced): two or more
  // postings summing to zero, all of the entry's fund, currency and date, checked at COMMIT.
  const refusedAtCommit = async (postings: (b: Books) => [string, string][]) => {
    let inserted = false;
    const error = await asApp(async (em) => {
      await insertEntry(em, north, '2026-05-11', postings(north));
      inserted = true; // every statement passed: only COMMIT can refuse it
    }).catch((e: unknown) => e);
    expect(inserted).toBe(true);
    expect(error).toMatchObject({ code: '23514', constraint: 'journal_entry_balanced_check' });
  };

  it('postings that do not sum to zero', async () => {
    const count = await owner.query(`SELECT count(*)::int AS n FROM ${S}.journal_entry`);
    await refusedAtCommit((b) => [
      [b.cash, '100'],
      [b.savings, '-99'],
    ]);
    expect(await owner.query(`SELECT count(*)::int AS n FROM ${S}.journal_entry`)).toEqual(count);
  });

  it('a single posting', async () => {
    await refusedAtCommit((b) => [[b.cash, '100']]);
  });

  it('no posting at all', async () => {
    await refusedAtCommit(() => []);
  });

  it('a posting of another fund inside the entry (balanced in amount, through that fund’s own accounts)', async () => {
    let inserted = false;
    const error = await asApp(async (em) => {
      const id = await insertEntry(em, north, '2026-05-11', [[north.cash, '100']]);
      // The second leg names south's fund and south's account: the posting trigger accepts it (they agree), the entry does not.
      await em.query(
        `INSERT INTO ${S}.posting (entry_id, fund_id, province_id, county_id, village_id, account_id, amount, currency, value_date, balance_after)
         VALUES ($1, $2, $3, $4, $5, $6, -100, 'IRR', '2026-05-11', 0)`,
        [id, south.fundId, south.provinceId, south.countyId, south.villageId, south.savings],
      );
      inserted = true;
    }).catch((e: unknown) => e);
    expect(inserted).toBe(true);
    expect(error).toMatchObject({ code: '23514', constraint: 'journal_entry_balanced_check' });
  });

  it('the same statements with a balanced pair commit (the control)', async () => {
    const before = await balanceOf(north.cash);
    await asApp((em) =>
      insertEntry(em, north, '2026-05-11', [
        [north.cash, '100'],
        [north.savings, '-100'],
      ]),
    );
    expect(await balanceOf(north.cash)).toBe(new Dec(before).plus(100).toString());
  });
});

describe('a transaction stays inside one fund', () => {
  it("a posting to another fund's account is refused at once", async () => {
    // Wall: apply_posting() compares the posting's fund and currency with its account's
    // (posting_account_fund_check); without it this entry would move south's cash from north's books.
    const southCash = await balanceOf(south.cash);
    await expect(
      asApp((em) =>
        insertEntry(em, north, '2026-05-12', [
          [south.cash, '100'],
          [north.savings, '-100'],
        ]),
      ),
    ).rejects.toMatchObject({ code: '23514', constraint: 'posting_account_fund_check' });
    expect(await balanceOf(south.cash)).toBe(southCash);
  });
});

describe('no overdraft, even when the service is bypassed', () => {
  it('a withdrawal beyond her savings, written straight into the tables, is refused by the CHECK', async () => {
    // Wall: account_overdraft_check (no_overdraft accounts never pass zero on the wrong side).
    const savings = await balanceOf(north.savings); // stored signed: a credit balance is negative
    const beyond = new Dec(savings).negated().plus(1).toString();
    const withdraw = (amount: string) =>
      asApp((em) =>
        insertEntry(em, north, '2026-05-12', [
          [north.savings, amount],
          [north.cash, `-${amount}`],
        ]),
      );
    await expect(withdraw(beyond)).rejects.toMatchObject({ code: '23514', constraint: 'account_overdraft_check' });
    expect(await balanceOf(north.savings)).toBe(savings);
    // All of it, to zero: allowed (the control).
    await withdraw(new Dec(savings).negated().toString());
    expect(await balanceOf(north.savings)).toBe('0');
    await deposit(north, '1000000');
  });
});

describe('closed months', () => {
  it('an entry dated into a closed month is refused by the entry trigger; the day after is open', async () => {
    // Wall: check_entry_period() (journal_entry_period_check) reads fund_book.closed_through under a share lock.
    await owner.query(`UPDATE ${S}.fund_book SET closed_through = '2026-04-30' WHERE fund_id = $1`, [south.fundId]);
    await expect(deposit(south, '100', '2026-04-30')).rejects.toMatchObject({ code: '23514', constraint: 'journal_entry_period_check' });
    await expect(deposit(south, '100', '2026-01-01')).rejects.toMatchObject({ code: '23514', constraint: 'journal_entry_period_check' });
    await deposit(south, '100', '2026-05-01');
    // North's books are not closed: the same date passes there.
    await deposit(north, '100', '2026-04-30');
  });
});

describe('row-level security on the books', () => {
  // Wall: the scope policies on fund_book, account, journal_entry, posting and idempotency_key
  // (scopePolicySql on the ancestry columns): a caller's scope sees and writes only its own rows.
  const TABLES = ['fund_book', 'account', 'journal_entry', 'posting'];
  const countsBy = (scope: DbScope) =>
    asApp(async (em) => {
      const out: Record<string, [number, number]> = {};
      for (const t of TABLES) {
        const [row] = await em.query(
          `SELECT count(*) FILTER (WHERE fund_id = $1)::int AS mine, count(*) FILTER (WHERE fund_id = $2)::int AS theirs FROM ${S}.${t}`,
          [north.fundId, south.fundId],
        );
        out[t] = [row.mine, row.theirs];
      }
      return out;
    }, scope);

  it("a county's scope sees its own books and no row of another county's", async () => {
    const seen = await countsBy({ nodeId: north.countyId, role: Role.REGIONAL_ADMIN });
    for (const t of TABLES) {
      expect([t, seen[t][0] > 0]).toEqual([t, true]);
      expect([t, seen[t][1]]).toEqual([t, 0]);
    }
    // The control: the whole network sees both.
    const all = await countsBy(SYSTEM_SCOPE);
    for (const t of TABLES) expect([t, all[t][1] > 0]).toEqual([t, true]);
    // And a connection with no scope set sees nothing at all.
    expect(await app.query(`SELECT count(*)::int AS n FROM ${S}.journal_entry`)).toEqual([{ n: 0 }]);
  });

  it("a county's scope cannot write into another county's books", async () => {
    // The policy's WITH CHECK refuses the row (42501), before any trigger of the books.
    await expect(
      asApp(
        (em) =>
          insertEntry(em, south, '2026-05-12', [
            [south.cash, '100'],
            [south.savings, '-100'],
          ]),
        { nodeId: north.countyId, role: Role.REGIONAL_ADMIN },
      ),
    ).rejects.toMatchObject({ code: '42501' });
  });
});
