import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse } from 'graphql';
import {
  ACTORS,
  Actor,
  PERMISSIONS,
  PartnerGrant,
  Role,
  SCOPE_LEVELS,
  ScopeRule,
  TargetLevel,
  authConfigFromEnv,
  permissionOf,
  signUserToken,
  targetOf,
} from '@funds/auth';
import { GraphQLResult, TestPlatform, ok, startTestPlatform } from '../support/platform';
import { buildMember } from '../../services/membership/test/support/factories';
import { randomUUID } from 'node:crypto';
import { Dec } from '@funds/money';
import { settleBooks } from '../support/books';
import { LedgerRepository } from '../../services/savings-loan/src/modules/ledger/ledger.repository';
import { EntryKind } from '../../services/savings-loan/src/modules/ledger/ledger.enums';

/**
 * The permission matrix, generated from the permission table (packages/auth/src/permissions.ts):
 * every root query and every mutation of the committed supergraph, run through the gateway by
 * every actor (each role; a partner app per grant) placed at the target's node, above it (its
 * parent, and its province), beside it (the same node of another province) and below it (a
 * child), and a national admin. Each cell expects what the table says: allowed (a mutation
 * succeeds with valid input, on targets made for that cell alone), or the exact refusal code
 * (NOT_FOUND on the argument naming a node outside the caller's scope, before anything else;
 * FORBIDDEN inside it), and a refusal writes nothing. An operation of the schema without a row
 * in the table fails the test, and so does a row that names no field of the schema.
 */

const SUPERGRAPH = parse(readFileSync(join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8'));

/** The public fields of a type of the supergraph (no federation internals, nothing @inaccessible). */
function publicFields(typeName: string): string[] {
  const fields: string[] = [];
  for (const def of SUPERGRAPH.definitions) {
    if ((def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION) || def.name.value !== typeName) continue;
    for (const field of def.fields ?? []) {
      if (field.name.value.startsWith('_') || field.directives?.some((d) => d.name.value === 'inaccessible')) continue;
      fields.push(field.name.value);
    }
  }
  return fields;
}

// ---- The network each cell runs in

type Key =
  'P' | 'P2' | 'C' | 'C2' | 'V' | 'V2' | 'VE' | 'F' | 'FE' | 'FA' | 'G' | 'G2' | 'GE' | 'GA' | 'M1' | 'M2' | 'MT' | 'O' | 'L' | 'K';
type Extra = Exclude<Key, 'P' | 'C' | 'V' | 'F' | 'G' | 'GA'>;

/** A node of a chain: its id, level and the ids from its province down to itself. */
interface N {
  id: string;
  level: TargetLevel;
  path: string[];
}
type Chain = Partial<Record<Key, N>> & { P: N; C: N; V: N; F: N; G: N };

const PARENT: Partial<Record<Key, Key>> = {
  C: 'P',
  C2: 'P',
  V: 'C',
  V2: 'C',
  VE: 'C',
  F: 'V',
  FE: 'V',
  FA: 'V',
  G: 'F',
  G2: 'F',
  GE: 'F',
  GA: 'FA',
};
const CHILD: Partial<Record<Key, Key>> = { P: 'C', C: 'V', V: 'F', F: 'G', FA: 'GA' };

let p: TestPlatform;
let partnerId: string;
const secret = authConfigFromEnv().userTokenSecret;
let unique = 0;
const uniq = (what: string) => `${what} ${++unique}`;

/** Runs `fn` over `items`, `n` at a time. */
async function pool<T, R>(items: T[], n: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

/** One mutation field called for each item, 25 aliases to a request, as the national admin; the `id` of each result. */
async function many(field: string, args: Record<string, string>, items: Record<string, unknown>[]): Promise<string[]> {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  const results = await pool(chunks, 4, async (chunk) => {
    const decls: string[] = [];
    const calls: string[] = [];
    const variables: Record<string, unknown> = {};
    chunk.forEach((item, i) => {
      const passed = Object.entries(args).map(([name, type]) => {
        decls.push(`$${name}${i}: ${type}`);
        variables[`${name}${i}`] = item[name];
        return `${name}: $${name}${i}`;
      });
      calls.push(`a${i}: ${field}(${passed.join(', ')}) { id }`);
    });
    const data = ok(await p.gql(p.national, `mutation(${decls.join(', ')}) { ${calls.join(' ')} }`, variables));
    return chunk.map((_, i) => data[`a${i}`].id as string);
  });
  return results.flat();
}

const node = (level: TargetLevel, id: string, above: N | null): N => ({ id, level, path: [...(above?.path ?? []), id] });

/**
 * `n` chains, each province -> county -> village -> fund -> group, with the extras asked for; under
 * the provinces of `root` when given (chains of their own below a shared province).
 */
async function buildChains(n: number, extras: ReadonlySet<Extra>, root?: Pick<Chain, 'P' | 'P2'>): Promise<Chain[]> {
  if (!n) return [];
  const has = (k: Extra) => extras.has(k) && !(root && k === 'P2');
  const chains: Chain[] = Array.from({ length: n }, () => ({ ...root }) as Chain);
  type Spec = [Key, TargetLevel, (c: Chain) => N | null, (c: Chain) => Record<string, unknown>];
  const level = async (field: string, args: Record<string, string>, specs: Spec[]) => {
    const items = chains.flatMap((c) => specs.map(([key, lvl, above, vars]) => ({ c, key, lvl, above: above(c), vars: vars(c) })));
    const ids = await many(
      field,
      args,
      items.map((i) => i.vars),
    );
    items.forEach((item, i) => (item.c[item.key] = node(item.lvl, ids[i], item.above)));
  };
  const when = (key: Extra, spec: Spec): Spec[] => (has(key) ? [spec] : []);
  const province = () => ({ input: { countryCode: 'IR', name: uniq('استان ماتریس') } });
  const under = (parentArg: string, k: Key) => (c: Chain) => ({ input: { [parentArg]: c[k]!.id, name: uniq('نام') } });
  const fund = (policy: Record<string, unknown>) => (c: Chain) => ({
    input: { villageId: c.V.id, name: uniq('صندوق'), methodology: 'SAVINGS_GROUP', foundedOn: '2025-01-01', policy },
  });
  await level('createProvince', { input: 'CreateProvinceInput!' }, [
    ...(root ? [] : [['P', 'PROVINCE', () => null, province] as Spec]),
    ...when('P2', ['P2', 'PROVINCE', () => null, province]),
  ]);
  await level('createCounty', { input: 'CreateCountyInput!' }, [
    ['C', 'COUNTY', (c) => c.P, under('provinceId', 'P')],
    ...when('C2', ['C2', 'COUNTY', (c) => c.P, under('provinceId', 'P')]),
  ]);
  await level('createVillage', { input: 'CreateVillageInput!' }, [
    ['V', 'VILLAGE', (c) => c.C, under('countyId', 'C')],
    ...when('V2', ['V2', 'VILLAGE', (c) => c.C, under('countyId', 'C')]),
    ...when('VE', ['VE', 'VILLAGE', (c) => c.C, under('countyId', 'C')]),
  ]);
  await level('createFund', { input: 'CreateFundInput!' }, [
    ['F', 'FUND', (c) => c.V, fund({ maxGroups: 0 })],
    ...when('FE', ['FE', 'FUND', (c) => c.V, fund({})]),
    ...when('FA', ['FA', 'FUND', (c) => c.V, fund({ maxGroups: 0, minMembers: 3, minGroupSize: 3 })]),
  ]);
  await level('createGroup', { input: 'CreateGroupInput!' }, [
    ['G', 'GROUP', (c) => c.F, under('fundId', 'F')],
    ...when('G2', ['G2', 'GROUP', (c) => c.F, under('fundId', 'F')]),
    ...when('GE', ['GE', 'GROUP', (c) => c.F, under('fundId', 'F')]),
    ...when('FA', ['GA', 'GROUP', (c) => c.FA!, under('fundId', 'FA')]),
  ]);
  // Members: M1 and M2 in G, MT in no group, an officer's member in G, three in FA's group.
  const enrol = { input: 'EnrolMemberInput!' };
  type Person = [Key | 'MO' | 'MA', (c: Chain) => N, (c: Chain) => Record<string, unknown>];
  const inGroup = (f: 'F' | 'FA', g: 'G' | 'GA' | null) => (c: Chain) => ({ input: buildMember(c[f]!.id, g ? { groupId: c[g]!.id } : {}) });
  const people: Person[] = [
    ...(has('M1') ? [['M1', (c) => c.G, inGroup('F', 'G')] as Person] : []),
    ...(has('M2') ? [['M2', (c) => c.G, inGroup('F', 'G')] as Person] : []),
    ...(has('MT') ? [['MT', (c) => c.F, inGroup('F', null)] as Person] : []),
    ...(has('O') ? [['MO', (c) => c.G, inGroup('F', 'G')] as Person] : []),
    ...(has('FA') ? [1, 2, 3].map(() => ['MA', (c) => c.GA!, inGroup('FA', 'GA')] as Person) : []),
  ];
  const personItems = chains.flatMap((c) => people.map(([key, above, vars]) => ({ c, key, above: above(c), vars: vars(c) })));
  const personIds = await many(
    'enrolMember',
    enrol,
    personItems.map((i) => i.vars),
  );
  const named = new Map<Chain, Record<string, string[]>>();
  personItems.forEach((item, i) => {
    const of = named.get(item.c) ?? {};
    (of[item.key] ??= []).push(personIds[i]);
    named.set(item.c, of);
    if (item.key === 'M1' || item.key === 'M2' || item.key === 'MT') item.c[item.key] = node('MEMBER', personIds[i], item.above);
  });
  // Then: M2 suspended, the officers appointed, a partner link on F, FA's formation recorded.
  if (has('M2'))
    await many(
      'suspendMember',
      { id: 'ID!' },
      chains.map((c) => ({ id: c.M2!.id })),
    );
  const appoint = (c: Chain, memberId: string, fundKey: 'F' | 'FA', role: string) => ({
    input: { fundId: c[fundKey]!.id, memberId, role, termStart: '2026-01-20' },
  });
  const officers = chains.flatMap((c) => [
    ...(has('O') ? [{ c, key: 'O' as const, vars: appoint(c, named.get(c)!.MO[0], 'F', 'CHAIR') }] : []),
    ...(has('FA')
      ? ['CHAIR', 'SECRETARY', 'TREASURER'].map((role, i) => ({ c, key: null, vars: appoint(c, named.get(c)!.MA[i], 'FA', role) }))
      : []),
  ]);
  const officerIds = await many(
    'appointOfficer',
    { input: 'AppointOfficerInput!' },
    officers.map((o) => o.vars),
  );
  officers.forEach((o, i) => {
    if (o.key) o.c.O = { id: officerIds[i], level: 'FUND', path: o.c.F.path };
  });
  if (has('L')) {
    const linkIds = await many(
      'linkPartner',
      { input: 'LinkPartnerInput!' },
      chains.map((c) => ({ input: { partnerId, nodeId: c.F.id, kind: 'FINANCES', startsOn: '2026-01-01' } })),
    );
    chains.forEach((c, i) => (c.L = { id: linkIds[i], level: 'FUND', path: c.F.path }));
  }
  // A partner app's API key on F (for revokeApiKey).
  if (has('K'))
    await pool(chains, 4, async (c) => {
      const data = ok(await p.gql(p.national, CREATE_API_KEY, { input: apiKeyInput(c.F.id) }));
      c.K = { id: data.createApiKey.apiKey.id, level: 'FUND', path: c.F.path };
    });
  if (has('FA'))
    for (const stage of ['MEMBERS_RECRUITED', 'GROUPS_FORMED', 'BOARD_APPOINTED'])
      await pool(chains, 4, async (c) =>
        ok(
          await p.gql(
            p.national,
            'mutation($f: ID!, $s: FormationStage!) { recordFormationStage(fundId: $f, stage: $s, completedOn: "2026-01-25") { stage } }',
            { f: c.FA!.id, s: stage },
          ),
        ),
      );
  return chains;
}

// ---- The cases: every root query and mutation, with the nodes it targets and valid input

interface Case {
  operation: string;
  label: string;
  kind: 'query' | 'mutation';
  /** The node the caller is placed at, above, beside and below. */
  anchor: Key;
  /** The nodes it targets, by argument, in the order the table lists them. */
  targets: (c: Chain) => [string, N][];
  /** The root operation whose row the targets are checked by (default: `operation`). */
  via?: string;
  /** Whether a refused field's value reached the answer anyway. */
  leaks?: (data: GraphQLResult['data']) => boolean;
  /** Field rules checked after the operation's own, on a node: [table row, node]. */
  fieldRules?: (c: Chain) => [string, N][];
  request: (c: Chain) => { query: string; variables?: Record<string, unknown> };
  extras?: Extra[];
  /** Outside the scope a read answers null instead of NOT_FOUND. */
  hiddenIsNull?: boolean;
}

const query = (operation: string, text: string): Case => ({
  operation,
  label: operation,
  kind: 'query',
  anchor: 'V',
  targets: () => [],
  request: () => ({ query: text }),
});

const mutation = (
  operation: string,
  anchor: Key,
  targets: (c: Chain) => [string, N][],
  call: string,
  variables: (c: Chain) => Record<string, unknown>,
  extras: Extra[] = [],
  label = operation,
): Case => ({ operation, label, kind: 'mutation', anchor, targets, extras, request: (c) => ({ query: call, variables: variables(c) }) });

const CREATE_API_KEY = 'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } } }';
const apiKeyInput = (nodeId: string) => ({
  partnerId,
  nodeId,
  grants: ['PORTFOLIO_READ'],
  name: uniq('Matrix app'),
  expiresAt: new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString(),
});

/** A Member field of a rule as a selection: an object field with a few of its subfields. */
const MEMBER_SELECTIONS: Record<string, string> = {
  accounts: 'accounts { savings { amount } }',
  statement: 'statement { closingBalance { amount } }',
  loans: 'loans { id }',
};
const memberSelection = (field: string) => MEMBER_SELECTIONS[field] ?? field;

/** The deposit prepareJournal recorded in each fund (by fund id): what reverseEntry's cells reverse. */
const deposits = new Map<string, string>();
const depositOf = (c: Chain): N => ({ id: deposits.get(c.F.id) ?? '', level: 'FUND', path: c.F.path });

const byId = (field: string, type = 'ID!', select = '{ id }') => `mutation($id: ${type}) { ${field}(id: $id) ${select} }`;
const withInput = (field: string, type: string) => `mutation($input: ${type}!) { ${field}(input: $input) { id } }`;

const CASES: Case[] = [
  query('viewer', '{ viewer { subject role } }'),
  query('provinces', '{ provinces { nodes { id } } }'),
  query('countries', '{ countries { code } }'),
  query('fundPolicyPresets', '{ fundPolicyPresets { methodology } }'),
  query('partners', '{ partners { totalCount } }'),
  query('reportingStatus', '{ reportingStatus { service } }'),
  query('savingsLoanStatus', '{ savingsLoanStatus { service } }'),
  query('auditEvents', '{ auditEvents(first: 1) { pageInfo { hasNextPage } } }'),
  query('apiKeys', '{ apiKeys(first: 1) { totalCount } }'),
  {
    operation: 'node',
    label: 'node (a village)',
    kind: 'query',
    anchor: 'V',
    targets: (c) => [['id', c.V]],
    request: (c) => ({ query: 'query($id: ID!) { node(id: $id) { id } }', variables: { id: c.V.id } }),
    hiddenIsNull: true,
  },
  {
    operation: 'node',
    label: 'node (a member)',
    kind: 'query',
    anchor: 'F',
    targets: (c) => [['id', c.M1!]],
    request: (c) => ({ query: 'query($id: ID!) { node(id: $id) { id ... on Member { fullName } } }', variables: { id: c.M1!.id } }),
    hiddenIsNull: true,
  },
  mutation(
    'createProvince',
    'P',
    () => [],
    withInput('createProvince', 'CreateProvinceInput'),
    () => ({
      input: { countryCode: 'IR', name: uniq('استان') },
    }),
  ),
  mutation(
    'createCounty',
    'P',
    (c) => [['provinceId', c.P]],
    withInput('createCounty', 'CreateCountyInput'),
    (c) => ({
      input: { provinceId: c.P.id, name: uniq('شهرستان') },
    }),
  ),
  mutation(
    'createVillage',
    'C',
    (c) => [['countyId', c.C]],
    withInput('createVillage', 'CreateVillageInput'),
    (c) => ({
      input: { countyId: c.C.id, name: uniq('روستا') },
    }),
  ),
  mutation(
    'createFund',
    'V',
    (c) => [['villageId', c.V]],
    withInput('createFund', 'CreateFundInput'),
    (c) => ({
      input: { villageId: c.V.id, name: uniq('صندوق'), methodology: 'MICRO_FUND' },
    }),
  ),
  mutation(
    'createGroup',
    'F',
    (c) => [['fundId', c.F]],
    withInput('createGroup', 'CreateGroupInput'),
    (c) => ({
      input: { fundId: c.F.id, name: uniq('گروه') },
    }),
  ),
  mutation(
    'updateNode',
    'G',
    (c) => [['id', c.G]],
    withInput('updateNode', 'UpdateNodeInput'),
    (c) => ({ input: { id: c.G.id, name: uniq('گروه') } }),
    [],
    'updateNode (a group)',
  ),
  mutation(
    'updateNode',
    'V',
    (c) => [['id', c.V]],
    withInput('updateNode', 'UpdateNodeInput'),
    (c) => ({ input: { id: c.V.id, name: uniq('روستا') } }),
    [],
    'updateNode (a village)',
  ),
  mutation(
    'updateFundPolicy',
    'F',
    (c) => [['fundId', c.F]],
    withInput('updateFundPolicy', 'UpdateFundPolicyInput'),
    (c) => ({
      input: { fundId: c.F.id, maxGroupSize: 20 },
    }),
  ),
  mutation(
    'moveCounty',
    'C',
    (c) => [
      ['countyId', c.C],
      ['toProvinceId', c.P2!],
    ],
    'mutation($n: ID!, $to: ID!) { moveCounty(countyId: $n, toProvinceId: $to) { id } }',
    (c) => ({ n: c.C.id, to: c.P2!.id }),
    ['P2'],
  ),
  mutation(
    'moveVillage',
    'V',
    (c) => [
      ['villageId', c.V],
      ['toCountyId', c.C2!],
    ],
    'mutation($n: ID!, $to: ID!) { moveVillage(villageId: $n, toCountyId: $to) { id } }',
    (c) => ({ n: c.V.id, to: c.C2!.id }),
    ['C2'],
  ),
  mutation(
    'moveFund',
    'F',
    (c) => [
      ['fundId', c.F],
      ['toVillageId', c.V2!],
    ],
    'mutation($n: ID!, $to: ID!) { moveFund(fundId: $n, toVillageId: $to) { id } }',
    (c) => ({ n: c.F.id, to: c.V2!.id }),
    ['V2'],
  ),
  mutation(
    'archiveNode',
    'GE',
    (c) => [['id', c.GE!]],
    byId('archiveNode'),
    (c) => ({ id: c.GE!.id }),
    ['GE'],
    'archiveNode (a group)',
  ),
  mutation(
    'archiveNode',
    'FE',
    (c) => [['id', c.FE!]],
    byId('archiveNode'),
    (c) => ({ id: c.FE!.id }),
    ['FE'],
    'archiveNode (a fund)',
  ),
  mutation(
    'archiveNode',
    'VE',
    (c) => [['id', c.VE!]],
    byId('archiveNode'),
    (c) => ({ id: c.VE!.id }),
    ['VE'],
    'archiveNode (a village)',
  ),
  mutation(
    'deleteNode',
    'GE',
    (c) => [['id', c.GE!]],
    byId('deleteNode', 'ID!', ''),
    (c) => ({ id: c.GE!.id }),
    ['GE'],
    'deleteNode (a group)',
  ),
  mutation(
    'deleteNode',
    'VE',
    (c) => [['id', c.VE!]],
    byId('deleteNode', 'ID!', ''),
    (c) => ({ id: c.VE!.id }),
    ['VE'],
    'deleteNode (a village)',
  ),
  mutation(
    'enrolMember',
    'F',
    (c) => [['fundId', c.F]],
    withInput('enrolMember', 'EnrolMemberInput'),
    (c) => ({
      input: buildMember(c.F.id, { groupId: c.G.id }),
    }),
  ),
  mutation(
    'updateMember',
    'F',
    (c) => [['id', c.M1!]],
    withInput('updateMember', 'UpdateMemberInput'),
    (c) => ({
      input: { id: c.M1!.id, phone: '0915 111 2222' },
    }),
    ['M1'],
  ),
  mutation(
    'suspendMember',
    'F',
    (c) => [['id', c.M1!]],
    byId('suspendMember'),
    (c) => ({ id: c.M1!.id }),
    ['M1'],
  ),
  mutation(
    'reinstateMember',
    'F',
    (c) => [['id', c.M2!]],
    byId('reinstateMember'),
    (c) => ({ id: c.M2!.id }),
    ['M2'],
  ),
  mutation(
    'exitMember',
    'F',
    (c) => [['id', c.M1!]],
    withInput('exitMember', 'ExitMemberInput'),
    (c) => ({
      input: { id: c.M1!.id, reason: 'MOVED_AWAY' },
    }),
    ['M1'],
  ),
  mutation(
    'transferMember',
    'F',
    (c) => [
      ['memberId', c.MT!],
      ['toGroupId', c.G2!],
    ],
    withInput('transferMember', 'TransferMemberInput'),
    (c) => ({ input: { memberId: c.MT!.id, toGroupId: c.G2!.id } }),
    ['MT', 'G2'],
  ),
  mutation(
    'appointOfficer',
    'F',
    (c) => [['fundId', c.F]],
    withInput('appointOfficer', 'AppointOfficerInput'),
    (c) => ({
      input: { fundId: c.F.id, memberId: c.M1!.id, role: 'SECRETARY', termStart: '2026-02-01' },
    }),
    ['M1'],
  ),
  mutation(
    'endOfficerTerm',
    'F',
    (c) => [['officerId', c.O!]],
    'mutation($id: ID!) { endOfficerTerm(officerId: $id) { id } }',
    (c) => ({ id: c.O!.id }),
    ['O'],
  ),
  mutation(
    'recordFormationStage',
    'F',
    (c) => [['fundId', c.F]],
    'mutation($f: ID!) { recordFormationStage(fundId: $f, stage: SITE_CHOSEN, completedOn: "2026-01-05") { stage } }',
    (c) => ({ f: c.F.id }),
  ),
  mutation(
    'activateFund',
    'FA',
    (c) => [['fundId', c.FA!]],
    'mutation($f: ID!) { activateFund(fundId: $f) { id } }',
    (c) => ({ f: c.FA!.id }),
    ['FA'],
  ),
  mutation(
    'createPartner',
    'P',
    () => [],
    withInput('createPartner', 'CreatePartnerInput'),
    () => ({
      input: { name: uniq('Partner'), kind: 'NGO' },
    }),
  ),
  mutation(
    'linkPartner',
    'F',
    (c) => [['nodeId', c.F]],
    withInput('linkPartner', 'LinkPartnerInput'),
    (c) => ({
      input: { partnerId, nodeId: c.F.id, kind: 'FINANCES', startsOn: '2026-01-01' },
    }),
  ),
  mutation(
    'endPartnerLink',
    'F',
    (c) => [['linkId', c.L!]],
    'mutation($id: ID!) { endPartnerLink(linkId: $id, endsOn: "2026-12-31") { id } }',
    (c) => ({ id: c.L!.id }),
    ['L'],
  ),
  mutation(
    'createApiKey',
    'F',
    (c) => [['nodeId', c.F]],
    CREATE_API_KEY,
    (c) => ({ input: apiKeyInput(c.F.id) }),
  ),
  mutation(
    'revokeApiKey',
    'F',
    (c) => [['id', c.K!]],
    byId('revokeApiKey'),
    (c) => ({ id: c.K!.id }),
    ['K'],
  ),
  // ---- The books' journal (savings-loan): deposits, withdrawals, reversals and month closes. Every
  // chain's M1 has 1,000 of savings (prepareJournal), so a withdrawal of 100 succeeds, and that
  // deposit is the entry reverseEntry reverses; a fund's December 2025 has ended and is open.
  ...(['deposit', 'withdraw'] as const).map((op) =>
    mutation(
      op,
      'F',
      (c) => [['memberId', c.M1!]],
      withInput(op, 'MemberMoneyInput'),
      (c) => ({ input: { memberId: c.M1!.id, amount: '100', idempotencyKey: `matrix-${op}-${++unique}` } }),
      ['M1'],
    ),
  ),
  mutation(
    'reverseEntry',
    'F',
    (c) => [['entryId', depositOf(c)]],
    'mutation($id: ID!, $key: String!) { reverseEntry(entryId: $id, reason: "matrix", idempotencyKey: $key) { id } }',
    (c) => ({ id: depositOf(c).id, key: `matrix-reverse-${++unique}` }),
    ['M1'],
  ),
  mutation(
    'closeMonth',
    'F',
    (c) => [['fundId', c.F]],
    'mutation($id: ID!) { closeMonth(fundId: $id, month: "2025-12") { closedThrough } }',
    (c) => ({ id: c.F.id }),
  ),
  // Field rules: personal data and members, read through node(id) by every actor.
  ...PERMISSIONS.filter((r) => r.operation.startsWith('Member.')).map((r): Case => ({
    operation: r.operation,
    label: r.operation,
    kind: 'query',
    anchor: 'F',
    targets: (c) => [['id', c.M1!]],
    via: 'node',
    leaks: (data) => data?.node?.[r.operation.split('.')[1]] != null,
    fieldRules: (c) => [[r.operation, c.M1!]],
    request: (c) => ({
      query: `query($id: ID!) { node(id: $id) { id ... on Member { fullName ${memberSelection(r.operation.split('.')[1])} } } }`,
      variables: { id: c.M1!.id },
    }),
    hiddenIsNull: true,
  })),
  ...(
    [
      ['Province.members', 'P', '... on Province { members(first: 500) { totalCount nodes { fullName } } }'],
      ['County.members', 'C', '... on County { members(first: 500) { totalCount nodes { fullName } } }'],
      ['Village.members', 'V', '... on Village { members(first: 500) { totalCount nodes { fullName } } }'],
      ['Fund.members', 'F', '... on Fund { members { totalCount nodes { fullName } } }'],
      ['Group.members', 'G', '... on Group { members { totalCount nodes { fullName } } }'],
      ['Officer.member', 'F', '... on Fund { officers { role member { fullName } } }'],
    ] as const
  ).map(([row, key, select]): Case => ({
    operation: row,
    label: row,
    kind: 'query',
    anchor: key,
    targets: (c) => [['id', c[key]]],
    via: 'node',
    leaks: (data) =>
      row === 'Officer.member'
        ? (data?.node?.officers ?? []).some((o: { member: unknown }) => o.member != null)
        : data?.node?.members != null,
    fieldRules: (c) => [[row, c[key]]],
    request: (c) => ({ query: `query($id: ID!) { node(id: $id) { id ${select} } }`, variables: { id: c[key].id } }),
    hiddenIsNull: true,
  })),
  // ---- The books: savings-group terms, shares, social fund, partners' capital, meetings, cycles (savings-loan).
  // Every fund's books are seeded (prepareBooks) so an allowed cell succeeds: terms, a share of M1,
  // the social fund, trust capital and a credit line owed to the matrix partner.
  mutation(
    'setSavingsTerms',
    'F',
    (c) => [['fundId', c.F]],
    withInput('setSavingsTerms', 'SavingsTermsInput').replace('{ id }', '{ maxSharesPerMeeting }'),
    (c) => ({ input: { fundId: c.F.id, shareValue: '1000', maxSharesPerMeeting: 5, socialFundPerMeeting: '100' } }),
  ),
  ...(['buyShares', 'contributeToSocialFund', 'payFromSocialFund'] as const).map((op) =>
    mutation(
      op,
      'F',
      (c) => [['memberId', c.M1!]],
      withInput(op, op === 'buyShares' ? 'BuySharesInput' : 'SocialFundInput'),
      (c) => ({
        input: { memberId: c.M1!.id, idempotencyKey: randomUUID(), ...(op === 'buyShares' ? { shares: 1 } : { amount: '100' }) },
      }),
      ['M1'],
    ),
  ),
  ...(['receiveGrant', 'receiveTrustCapital', 'repayTrustCapital', 'drawCreditLine', 'repayCreditLine'] as const).map((op) =>
    mutation(
      op,
      'F',
      (c) => [['fundId', c.F]],
      withInput(op, 'CapitalInput'),
      (c) => ({ input: { fundId: c.F.id, partnerId, amount: '100', idempotencyKey: randomUUID() } }),
    ),
  ),
  mutation(
    'recordMeeting',
    'F',
    (c) => [['groupId', c.G]],
    withInput('recordMeeting', 'MeetingInput'),
    (c) => ({ input: { meetingId: randomUUID(), groupId: c.G.id, heldOn: '2026-02-01', lines: [{ memberId: c.M1!.id, savings: '100' }] } }),
    ['M1'],
  ),
  mutation(
    'closeCycle',
    'F',
    (c) => [['fundId', c.F]],
    'mutation($id: ID!, $key: String!) { closeCycle(fundId: $id, idempotencyKey: $key) { id } }',
    (c) => ({ id: c.F.id, key: randomUUID() }),
    ['M1'],
  ),
  // ---- Loans (savings-loan). Every chain a loan case runs on has, in its fund, a product and M1's
  // loans in each state a step starts from (prepareLoans): applied (approve, reject), approved
  // (disburse), disbursed (repay, reschedule, write off).
  mutation(
    'createLoanProduct',
    'F',
    (c) => [['fundId', c.F]],
    'mutation($id: ID!, $input: LoanProductInput!) { createLoanProduct(fundId: $id, input: $input) { id } }',
    (c) => ({ id: c.F.id, input: { name: uniq('Matrix product') } }),
  ),
  mutation(
    'updateLoanProduct',
    'F',
    (c) => [['productId', loanOf(c, 'product')]],
    'mutation($id: ID!, $input: LoanProductInput!) { updateLoanProduct(productId: $id, input: $input) { id } }',
    (c) => ({ id: loanOf(c, 'product').id, input: { active: true } }),
    ['M1'],
  ),
  mutation(
    'applyForLoan',
    'F',
    (c) => [['memberId', c.M1!]],
    withInput('applyForLoan', 'ApplyForLoanInput'),
    (c) => ({ input: { memberId: c.M1!.id, productId: loanOf(c, 'product').id, principal: '100', termMonths: 3 } }),
    ['M1'],
  ),
  ...(
    [
      ['approveLoan', 'applied'],
      ['rejectLoan', 'rejectable'],
    ] as const
  ).map(([op, state]) =>
    mutation(
      op,
      'F',
      (c) => [['loanId', loanOf(c, state)]],
      `mutation($id: ID!) { ${op}(loanId: $id) { id } }`,
      (c) => ({ id: loanOf(c, state).id }),
      ['M1'],
    ),
  ),
  ...(
    [
      ['disburseLoan', 'LoanMoneyInput', 'approved', {}],
      ['repayLoan', 'RepayLoanInput', 'disbursed', { amount: '10' }],
      ['writeOffLoan', 'LoanMoneyInput', 'disbursed', {}],
    ] as const
  ).map(([op, type, state, extra]) =>
    mutation(
      op,
      'F',
      (c) => [['loanId', loanOf(c, state)]],
      withInput(op, type),
      (c) => ({ input: { loanId: loanOf(c, state).id, idempotencyKey: randomUUID(), ...extra } }),
      ['M1'],
    ),
  ),
  mutation(
    'rescheduleLoan',
    'F',
    (c) => [['loanId', loanOf(c, 'disbursed')]],
    withInput('rescheduleLoan', 'RescheduleLoanInput'),
    (c) => ({ input: { loanId: loanOf(c, 'disbursed').id, termMonths: 3 } }),
    ['M1'],
  ),
  {
    operation: 'Fund.loans',
    label: 'Fund.loans',
    kind: 'query',
    anchor: 'F',
    targets: (c) => [['id', c.F]],
    via: 'node',
    leaks: (data) => data?.node?.loans != null,
    fieldRules: (c) => [['Fund.loans', c.F]],
    request: (c) => ({ query: 'query($id: ID!) { node(id: $id) { id ... on Fund { loans { totalCount } } } }', variables: { id: c.F.id } }),
    hiddenIsNull: true,
  },
];

/** The loan cases' operations: their chains get a product and loans (prepareLoans). */
const LOAN_CASES = new Set([
  'createLoanProduct',
  'updateLoanProduct',
  'applyForLoan',
  'approveLoan',
  'rejectLoan',
  'disburseLoan',
  'repayLoan',
  'rescheduleLoan',
  'writeOffLoan',
]);
type LoanState = 'product' | 'applied' | 'rejectable' | 'approved' | 'disbursed';
/** Per fund id: its matrix product and M1's loans in each state. */
const loansByFund = new Map<string, Record<LoanState, string>>();
const loanOf = (c: Chain, state: LoanState): N => ({ id: loansByFund.get(c.F.id)?.[state] ?? randomUUID(), level: 'FUND', path: c.F.path });

/**
 * A product of each chain's fund (no caps, ten loans at a time, no fee) and M1's loans of 100 in
 * each state, made through the gateway as the national admin (no matrix-* subject, so none of the
 * cells' events): two applied, one approved, one disbursed.
 */
async function prepareLoans(chains: Chain[]): Promise<void> {
  const call = async (text: string, variables: Record<string, unknown>) =>
    Object.values(ok(await p.gql(p.national, text, variables)))[0] as { id: string };
  await pool(
    chains.filter((c) => c.M1),
    8,
    async (c) => {
      const product = await call('mutation($id: ID!, $input: LoanProductInput!) { createLoanProduct(fundId: $id, input: $input) { id } }', {
        id: c.F.id,
        input: { name: 'Matrix loans', feePercent: '0', maxSavingsMultiple: null, maxConcurrentLoans: 10 },
      });
      const applyLoan = () =>
        call(withInput('applyForLoan', 'ApplyForLoanInput'), {
          input: { memberId: c.M1!.id, productId: product.id, principal: '100', termMonths: 3 },
        });
      const approve = (id: string) => call('mutation($id: ID!) { approveLoan(loanId: $id) { id } }', { id });
      const disburse = (id: string) =>
        call(withInput('disburseLoan', 'LoanMoneyInput'), { input: { loanId: id, idempotencyKey: randomUUID() } });
      const applied = await applyLoan();
      const rejectable = await applyLoan();
      const approved = await applyLoan();
      await approve(approved.id);
      const disbursed = await applyLoan();
      await approve(disbursed.id);
      await disburse(disbursed.id);
      loansByFund.set(c.F.id, {
        product: product.id,
        applied: applied.id,
        rejectable: rejectable.id,
        approved: approved.id,
        disbursed: disbursed.id,
      });
    },
  );
}

const ALL_EXTRAS = new Set<Extra>(['P2', 'C2', 'V2', 'VE', 'FE', 'FA', 'G2', 'GE', 'M1', 'M2', 'MT', 'O', 'L', 'K']);

// ---- Cells and what the table expects of each

type Position = 'NETWORK' | 'AT' | 'PARENT' | 'PROVINCE' | 'BESIDE' | 'BELOW';
type Expected = { allow: true } | { allow: false; code: 'INVALID_TOKEN' | 'FORBIDDEN' | 'NOT_FOUND' | 'NULL'; field?: string };

interface Cell {
  c: Case;
  actor: Actor;
  position: Position;
  expected: Expected;
  subject: string;
  /** Where it runs: the shared chains (reads and refusals) or a chain of its own (allowed mutations). */
  chain?: Chain;
  /** What went wrong, once run; null: as the table says. */
  problem?: string | null;
}

/** The scope node of an actor placed at `position` relative to the case's anchor; undefined: no such place. */
function scopeOf(c: Case, position: Position, mine: Chain, beside: Chain): N | null | undefined {
  const at = (chain: Chain, key: Key | undefined) => (key ? chain[key] : undefined);
  switch (position) {
    case 'NETWORK':
      return null;
    case 'AT':
      return at(mine, c.anchor);
    case 'PARENT':
      return at(mine, PARENT[c.anchor]);
    case 'PROVINCE':
      return PARENT[c.anchor] && PARENT[c.anchor] !== 'P' ? mine.P : undefined;
    case 'BESIDE':
      return at(beside, c.anchor);
    case 'BELOW':
      return at(mine, CHILD[c.anchor]);
  }
}

/**
 * What the table says of `actor` at `scope` doing the case on `chain`: a scope node at a level the
 * actor does not work at is INVALID_TOKEN; then the first node outside the scope is NOT_FOUND (null
 * for a read); then the first rule refusing is FORBIDDEN.
 */
function expectedOf(c: Case, actor: Actor, scope: N | null, chain: Chain): Expected {
  // An identity scoped where its role does not work is no caller at all.
  if (scope && !SCOPE_LEVELS[actor].includes(scope.level)) return { allow: false, code: 'INVALID_TOKEN' };
  const permission = permissionOf(c.via ?? c.operation);
  const targets = c.targets(chain).map(([arg, n]) => ({ arg, n, cells: targetOf(permission, arg, n.level).allow }));
  for (const t of targets)
    if (scope && !t.n.path.includes(scope.id)) return { allow: false, code: c.hiddenIsNull ? 'NULL' : 'NOT_FOUND', field: t.arg };
  const rules = [
    ...(targets.length ? targets : [{ arg: undefined, n: null, cells: targetOf(permission, undefined, null).allow }]),
    ...(c.fieldRules?.(chain) ?? []).map(([row, n]) => ({
      arg: undefined,
      n,
      cells: targetOf(permissionOf(row), undefined, n.level).allow,
    })),
  ];
  for (const t of rules) {
    const rule = t.cells[actor];
    const refused =
      !rule ||
      (rule === ScopeRule.STRICTLY_BELOW && scope !== null && t.n?.id === scope.id) ||
      (rule === ScopeRule.IN_FUND && scope?.level !== 'FUND');
    if (refused) return { allow: false, code: 'FORBIDDEN' };
  }
  return { allow: true };
}

function tokenFor(actor: Actor, scope: N | null, subject: string): string {
  const [role, grant] = actor.split(':') as [Role, PartnerGrant | undefined];
  return signUserToken({ subject, role, scopeNodeId: scope?.id ?? null, ...(grant ? { grants: [grant] } : {}) }, secret);
}

/** What went wrong in one cell, or null. */
function mismatch(cell: Cell, scope: N | null, result: GraphQLResult): string | null {
  const { expected, c } = cell;
  const value = result.data?.[c.operation.includes('.') ? 'node' : c.operation];
  const error = result.errors?.[0];
  const got = error ? `${error.extensions?.code} on ${error.extensions?.field} (${error.message})` : `data ${JSON.stringify(value)}`;
  const where = `${c.label}: ${cell.actor} at ${cell.position}`;
  if (expected.allow) {
    if (error || value === undefined || value === null) return `${where}: expected allowed, got ${got}`;
    if (c.operation === 'viewer' && value.role !== cell.actor.split(':')[0]) return `${where}: viewer.role is ${value.role}`;
    if (c.operation === 'provinces' && scope) {
      const ids = (value.nodes as { id: string }[]).map((n) => n.id);
      const own = scope.level === 'PROVINCE' ? [scope.id] : [];
      if (JSON.stringify(ids) !== JSON.stringify(own))
        return `${where}: provinces listed ${JSON.stringify(ids)}, expected ${JSON.stringify(own)}`;
    }
    return null;
  }
  if (expected.code === 'NULL') return error || value !== null ? `${where}: expected null, got ${got}` : null;
  const leaked = c.leaks ? c.leaks(result.data) : Boolean(value);
  if (!error || error.extensions?.code !== expected.code || (expected.field && error.extensions?.field !== expected.field) || leaked)
    return `${where}: expected ${expected.code}${expected.field ? ` on ${expected.field}` : ''}, got ${got}`;
  return null;
}

/**
 * The books of every fund of the matrix: savings-loan's reference rows, and for each fund its
 * savings terms (a share at 1,000), one share of its first member, 1,000 in the social fund, and
 * 1,000 each of trust capital and credit line owed to the matrix partner (written as the owner,
 * as the loans and capital modules would), so that every allowed money mutation succeeds.
 */
async function prepareBooks(): Promise<void> {
  await settleBooks(p);
  const db = p.membershipDb;
  await db.query(
    `INSERT INTO savings_loan.savings_terms (fund_id, province_id, county_id, village_id, currency, share_value, max_shares_per_meeting,
                                             social_fund_per_meeting, set_by)
     SELECT fund_id, province_id, county_id, village_id, currency, 1000, 5, 100, 'matrix' FROM savings_loan.fund_book
     ON CONFLICT (fund_id) DO NOTHING`,
  );
  const funds: { fund_id: string; currency: string; member_id: string | null }[] = await db.query(
    `SELECT b.fund_id, b.currency,
            (SELECT m.id FROM savings_loan.member_ref m WHERE m.fund_id = b.fund_id AND m.status = 'ACTIVE' ORDER BY m.id LIMIT 1) AS member_id
       FROM savings_loan.fund_book b`,
  );
  const thousand = new Dec(1000);
  await pool(funds, 8, (f) =>
    db.transaction(async (em) => {
      const ledger = new LedgerRepository(em);
      const entry = (kind: EntryKind, account: Parameters<LedgerRepository['post']>[0]['lines'][number]['account'], memberId?: string) =>
        ledger.post({
          fundId: f.fund_id,
          kind,
          valueDate: '2026-01-20',
          currency: f.currency,
          memberId,
          partnerId: account.partnerId,
          recordedBy: 'matrix-setup',
          lines: [
            { account: { code: 'CASH' }, amount: thousand },
            { account, amount: thousand.negated() },
          ],
        });
      await entry(EntryKind.SOCIAL_FUND_CONTRIBUTION, { code: 'SOCIAL_FUND' });
      await entry(EntryKind.TRUST_CAPITAL_RECEIVED, { code: 'TRUST_CAPITAL', partnerId });
      await entry(EntryKind.CREDIT_LINE_DRAWN, { code: 'CREDIT_LINE', partnerId });
      if (f.member_id) await entry(EntryKind.SHARE_PURCHASE, { code: 'MEMBER_SHARES', memberId: f.member_id }, f.member_id);
    }),
  );
}

/**
 * Every chain's M1 deposits 1,000 through the gateway, as the national admin (no matrix-* subject,
 * so none of the cells' events): savings for withdraw's cells, an entry for reverseEntry's.
 */
async function prepareJournal(chains: Chain[]): Promise<void> {
  await settleBooks(p);
  await pool(
    chains.filter((c) => c.M1),
    8,
    async (c) => {
      const input = { memberId: c.M1!.id, amount: '1000', idempotencyKey: `matrix-setup-${++unique}` };
      deposits.set(c.F.id, ok(await p.gql(p.national, withInput('deposit', 'MemberMoneyInput'), { input })).deposit.id);
    },
  );
}

let base: Chain;
let beside: Chain;
const cells = new Map<Case, Cell[]>();
let snapshotBefore: unknown;
let started: number;
let matrixMs: number;

/** Every row under the shared chain's province and every event of the shared chains: refusals must leave them as they were. */
async function snapshot(): Promise<unknown> {
  const rows = await p.membershipDb.query(
    `SELECT 'node' AS t, id::text, name AS v, status FROM membership.county WHERE province_id = ANY($1)
     UNION ALL SELECT 'village', id::text, name, status FROM membership.village WHERE province_id = ANY($1)
     UNION ALL SELECT 'fund', id::text, name || coalesce(policy_max_members::text, ''), status FROM membership.fund WHERE province_id = ANY($1)
     UNION ALL SELECT 'group', id::text, name, status FROM membership.member_group WHERE province_id = ANY($1)
     UNION ALL SELECT 'member', id::text, coalesce(phone, '') || coalesce(group_id::text, ''), status FROM membership.member WHERE province_id = ANY($1)
     UNION ALL SELECT 'officer', o.id::text, coalesce(o.ended_on::text, ''), o.role FROM membership.officer o JOIN membership.fund f ON f.id = o.fund_id WHERE f.province_id = ANY($1)
     UNION ALL SELECT 'link', l.id::text, coalesce(l.ends_on::text, ''), l.kind FROM membership.partner_link l WHERE l.node_id = ANY($2)
     ORDER BY 1, 2`,
    [
      [base.P.id, beside.P.id],
      [base.F.id, beside.F.id],
    ],
  );
  return rows;
}

beforeAll(async () => {
  p = await startTestPlatform();
  started = Date.now();
  partnerId = ok(
    await p.gql(p.national, withInput('createPartner', 'CreatePartnerInput'), { input: { name: 'Matrix partner', kind: 'NGO' } }),
  ).createPartner.id;
  [base, beside] = await buildChains(2, ALL_EXTRAS);
  // Every cell and its expected outcome; allowed mutations get chains of their own.
  let n = 0;
  const fresh: Cell[] = [];
  for (const c of CASES) {
    const list: Cell[] = [];
    for (const actor of [Role.NATIONAL_ADMIN, ...ACTORS.filter((a) => a !== Role.NATIONAL_ADMIN)] as Actor[]) {
      const positions: Position[] = actor === Role.NATIONAL_ADMIN ? ['NETWORK'] : ['AT', 'PARENT', 'PROVINCE', 'BESIDE', 'BELOW'];
      for (const position of positions) {
        const scope = scopeOf(c, position, base, beside);
        if (scope === undefined) continue;
        const cell: Cell = { c, actor, position, expected: expectedOf(c, actor, scope, base), subject: `matrix-${++n}` };
        list.push(cell);
        if (cell.expected.allow && c.kind === 'mutation') fresh.push(cell);
      }
    }
    cells.set(c, list);
  }
  const byExtras = new Map<string, Cell[]>();
  for (const cell of fresh) {
    const key = [...(cell.c.extras ?? [])].sort().join(',');
    byExtras.set(key, [...(byExtras.get(key) ?? []), cell]);
  }
  // Their chains hang from two provinces of their own (P, and P2 where a county moves to).
  const [roots] = await buildChains(1, new Set<Extra>(['P2']));
  await Promise.all(
    [...byExtras].map(async ([key, group]) => {
      const chains = await buildChains(group.length, new Set((key ? key.split(',') : []) as Extra[]), roots);
      group.forEach((cell, i) => (cell.chain = chains[i]));
    }),
  );
  await prepareBooks();
  await prepareJournal([base, beside, ...new Set(fresh.map((cell) => cell.chain!))]);
  await prepareLoans([base, beside, ...new Set(fresh.filter((cell) => LOAN_CASES.has(cell.c.operation)).map((cell) => cell.chain!))]);
  snapshotBefore = await snapshot();
  // Every cell, 16 at a time across all cases (each case's test then reads its cells' outcomes).
  await pool([...cells.values()].flat(), 16, async (cell) => {
    const chain = cell.chain ?? base;
    const scope = scopeOf(cell.c, cell.position, chain, beside)!;
    const { query: text, variables } = cell.c.request(chain);
    cell.problem = mismatch(cell, scope, await p.gql(tokenFor(cell.actor, scope, cell.subject), text, variables));
  });
  matrixMs = Date.now() - started;
}, 120_000);
afterAll(() => p.stop());

describe('the permission table covers the schema', () => {
  it.each([
    ['Query', 'query'],
    ['Mutation', 'mutation'],
  ] as const)('every %s field of the supergraph has a row, and every row of that kind is a field of it', (type, kind) => {
    const fields = publicFields(type).sort();
    const rows = PERMISSIONS.filter((r) => r.kind === kind)
      .map((r) => r.operation)
      .sort();
    expect(fields.filter((f) => !rows.includes(f))).toEqual([]);
    expect(rows.filter((r) => !fields.includes(r))).toEqual([]);
  });

  it('every field rule names a field of the supergraph', () => {
    for (const r of PERMISSIONS.filter((r) => r.kind === 'field')) {
      const [type, field] = r.operation.split('.');
      expect(`${type}.${publicFields(type).includes(field) ? field : '(missing)'}`).toBe(r.operation);
    }
  });

  it('every root query and mutation of the supergraph has a case in the matrix', () => {
    const covered = new Set(CASES.map((c) => c.via ?? c.operation));
    expect([...publicFields('Query'), ...publicFields('Mutation')].filter((f) => !covered.has(f))).toEqual([]);
  });
});

describe('the permission matrix', () => {
  it.each(CASES.map((c) => [c.label, c] as const))('%s: every actor at, above, beside and below the target', (_label, c) => {
    const list = cells.get(c)!;
    const problems = list.map((cell) => cell.problem);
    expect(problems.filter(Boolean)).toEqual([]);
    // Sanity: the table allows somebody and refuses somebody, or allows everyone for a read.
    expect(list.some((cell) => cell.expected.allow)).toBe(true);
  });

  it('wrote events for the allowed mutations only, and left the shared network as it was', async () => {
    const events: { actor: string }[] = await p.membershipDb.query(
      `SELECT DISTINCT actor FROM membership.outbox WHERE actor LIKE 'matrix-%'
       UNION SELECT DISTINCT actor FROM savings_loan.outbox WHERE actor LIKE 'matrix-%'`,
    );
    const wrote = new Set(events.map((e) => e.actor));
    const mutations = [...cells.values()].flat().filter((cell) => cell.c.kind === 'mutation');
    expect(
      mutations
        .filter((cell) => cell.expected.allow && !wrote.has(cell.subject))
        .map((cell) => `${cell.c.label} ${cell.actor} ${cell.position}`),
    ).toEqual([]);
    expect(
      mutations
        .filter((cell) => !cell.expected.allow && wrote.has(cell.subject))
        .map((cell) => `${cell.c.label} ${cell.actor} ${cell.position}`),
    ).toEqual([]);
    expect(await snapshot()).toEqual(snapshotBefore);
    const count = [...cells.values()].flat().length;
    console.log(`permission matrix: ${count} cells (${mutations.length} mutation cells), network and cells, in ${matrixMs} ms`);
  });
});
