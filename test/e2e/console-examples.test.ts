import { buildClientSchema, getIntrospectionQuery, parse, validate } from 'graphql';
import { Role } from '@funds/auth';
import { TestPlatform, ok, startTestPlatform } from '../support/platform';
import { settleBooks } from '../support/books';
import { createTree } from '../../services/membership/test/support/factories';
import { loadExamples } from '../../gateway/src/console/console-page';

/** The console's example operations are valid against the composed API and do what they say. */
let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.stop());

it('every example validates against the API the gateway serves', async () => {
  const schema = buildClientSchema(ok(await p.gql(null, getIntrospectionQuery())));
  const examples = loadExamples();
  expect(examples.length).toBeGreaterThanOrEqual(3);
  for (const example of examples) expect(validate(schema, parse(example.query)).map((e) => e.message)).toEqual([]);
});

it('the examples run for a regional admin with their own variables (ids filled in)', async () => {
  const tree = await createTree(p);
  const admin = p.token(Role.REGIONAL_ADMIN, tree.countyId);
  const fill = (variables: string, ids: Record<string, string>) =>
    JSON.parse(variables.replace(/"<a (\w+) id[^"]*>"/g, (_m, kind: string) => JSON.stringify(ids[kind])));
  const [browse, createFund, enrolMember] = ['BrowseCounty', 'CreateFund', 'EnrolMember'].map((name) =>
    loadExamples().find((e) => e.query.includes(`${name}(`))!,
  );
  const county = ok(await p.gql(admin, browse.query, fill(browse.variables, { County: tree.countyId }))).node;
  expect(county.villages.totalCount).toBe(1);
  const fund = ok(await p.gql(admin, createFund.query, fill(createFund.variables, { Village: tree.villageId }))).createFund;
  expect(fund).toMatchObject({ status: 'FORMING', currency: 'IRR', policy: { methodology: 'MICRO_FUND', maxMembers: 40 } });
  const member = ok(await p.gql(admin, enrolMember.query, fill(enrolMember.variables, { Fund: fund.id }))).enrolMember;
  expect(member).toMatchObject({ status: 'ACTIVE', fund: { stats: { members: 1 } } });
  const fundBooks = loadExamples().find((e) => e.query.includes('FundBooks('))!;
  await settleBooks(p);
  const books = ok(await p.gql(admin, fundBooks.query, fill(fundBooks.variables, { Fund: tree.fundId }))).node;
  expect(books).toMatchObject({ books: { cash: { amount: '0', currency: 'IRR' }, capital: [] }, loans: { totalCount: 0 } });
});
