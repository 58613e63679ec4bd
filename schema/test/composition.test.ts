import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, buildASTSchema, isObjectType, parse } from 'graphql';
import { buildMembershipSchema } from '../../services/membership/src/server';
import { service as savingsLoan } from '../../services/savings-loan/src/index';
import { service as reporting } from '../../services/reporting/src/index';
import { ProbeSubgraph, buildProbeSubgraphs, compose } from './support/probe-subgraphs';

/**
 * The committed supergraph is composed from the services as they are today; these tests compose
 * them with two more subgraphs built with the same kit (see support/probe-subgraphs.ts), which
 * return what the next services will: pages (PageInfo), amounts (Money) and partner references.
 */

const ROOT = join(__dirname, '..', '..');

/** Every subgraph schema/compose.mjs composes, printed from the code (as scripts/print-schemas.mjs prints it). */
async function realSubgraphs(): Promise<{ name: string; sdl: string }[]> {
  return [
    { name: 'membership', sdl: (await buildMembershipSchema()).sdl },
    { name: 'savings_loan', sdl: await savingsLoan.printSchema() },
    { name: 'reporting', sdl: await reporting.printSchema() },
  ];
}

let real: { name: string; sdl: string }[];
let probes: ProbeSubgraph[];
beforeAll(async () => {
  real = await realSubgraphs();
  probes = await buildProbeSubgraphs();
});

/** The subgraph names of the committed supergraph (its join__Graph enum). */
function committedGraphs(): string[] {
  const doc = parse(readFileSync(join(ROOT, 'schema', 'supergraph.graphql'), 'utf8'));
  const graphEnum = doc.definitions.find((d) => d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === 'join__Graph');
  if (graphEnum?.kind !== Kind.ENUM_TYPE_DEFINITION) throw new Error('schema/supergraph.graphql has no join__Graph enum');
  return (graphEnum.values ?? []).map((v) => v.name.value.toLowerCase()).sort();
}

describe('composition with the services to come', () => {
  it('covers every subgraph of the committed supergraph', () => {
    expect(real.map((s) => s.name).sort()).toEqual(committedGraphs());
  });

  it('the real subgraphs compose with two more that return pages, amounts and partner references', () => {
    const result = compose([...real, ...probes]);
    expect(result.errors).toEqual([]);
    const supergraph = buildASTSchema(parse(result.supergraphSdl!), { assumeValidSDL: true });
    // The probes' fields are in the composed graph, typed with the shared PageInfo, Money and the membership-owned Partner.
    const capital = supergraph.getType('ProbeCapital');
    const connection = supergraph.getType('ProbeCapitalConnection');
    if (!isObjectType(capital) || !isObjectType(connection)) throw new Error('probe types missing from the supergraph');
    expect(String(capital.getFields().amount.type)).toBe('Money!');
    expect(String(capital.getFields().partner.type)).toBe('Partner!');
    expect(String(connection.getFields().pageInfo.type)).toBe('PageInfo!');
    // Partner: resolvable only in membership (the probes declare the key with resolvable: false).
    const partnerSdl = result.supergraphSdl!.match(/type Partner\b[^{]*/)![0];
    expect(partnerSdl).toContain('@join__type(graph: MEMBERSHIP, key: "id")');
    expect(partnerSdl).toContain('@join__type(graph: PROBE_BOOKS, key: "id", resolvable: false)');
    const pageInfoSdl = result.supergraphSdl!.match(/type PageInfo\b[^{]*/)![0];
    for (const graph of ['MEMBERSHIP', 'PROBE_BOOKS', 'PROBE_REPORTS']) expect(pageInfoSdl).toContain(`@join__type(graph: ${graph})`);
  });

  it('fails, naming the type, when a shared value type is not @shareable (what happened before PageInfo and Money were)', () => {
    for (const type of ['PageInfo', 'Money']) {
      const withoutShareable = probes.map((s) => ({ ...s, sdl: s.sdl.replace(new RegExp(`type ${type} @shareable`), `type ${type}`) }));
      expect(withoutShareable.map((s) => s.sdl).join('\n')).toMatch(new RegExp(`type ${type} \\{`));
      const result = compose([...real, ...withoutShareable]);
      expect(result.errors.join('\n')).toMatch(new RegExp(`INVALID_FIELD_SHARING: Non-shareable field "${type}\\.`));
    }
  });
});
