import { Role } from '@funds/auth';
import { TestPlatform, ok, startTestPlatform } from '../support/platform';

/**
 * savings-loan and reporting answer, through the gateway, their status: the Postgres schema each
 * owns, the migrations applied to it and the events waiting in its outbox.
 */
let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.stop());

const STATUS = `query ServiceStatus {
  savingsLoanStatus { service databaseSchema migrations outboxEvents }
  reportingStatus { service databaseSchema migrations outboxEvents }
}`;

it('each subgraph reports its own schema, its migrations and its outbox, to any signed-in caller', async () => {
  expect(ok(await p.gql(p.national, STATUS))).toEqual({
    savingsLoanStatus: {
      service: 'savings-loan',
      databaseSchema: 'savings_loan',
      // Its own migrations, oldest first (the books' later ones follow).
      migrations: expect.arrayContaining(['Initial1763798400000', 'RowLevelSecurity1795720000000', 'Books1795900000000']),
      outboxEvents: 0,
    },
    reportingStatus: {
      service: 'reporting',
      databaseSchema: 'reporting',
      migrations: [
        'Initial1763798400000',
        'RowLevelSecurity1795720000000',
        'ReadModels1796100000000',
        'PortfolioSnapshots1796200000000',
        'ChildrenIndexes1796300000000',
      ],
      outboxEvents: 0,
    },
  });

  // The figures are read from each service's own tables: an event waiting in savings-loan's outbox shows there only.
  await p.membershipDb.query(
    `INSERT INTO savings_loan.outbox (id, type, aggregate_type, aggregate_id, payload)
     VALUES ('01890000-0000-7000-8000-00000000abcd', 'Probe', 'FUND', '01890000-0000-7000-8000-00000000abce', '{}')`,
  );
  const province = ok(
    await p.gql(p.national, 'mutation($input: CreateProvinceInput!) { createProvince(input: $input) { id } }', {
      input: { countryCode: 'IR', name: 'استان وضعیت' },
    }),
  ).createProvince;
  const status = ok(await p.gql(p.token(Role.DASHBOARD_VIEWER, province.id), STATUS));
  expect(status.savingsLoanStatus.outboxEvents).toBe(1);
  expect(status.reportingStatus.outboxEvents).toBe(0);
});
