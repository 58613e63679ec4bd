import { buildSchema, parse } from 'graphql';
import { coveredBy } from '../support/field-coverage';

/** What the field coverage recorder counts for one executed operation (test/support/field-coverage.ts). */
const schema = buildSchema(`
  interface Node { id: ID! }
  interface Named implements Node { id: ID! name: String! }
  enum Kind { BIG SMALL UNUSED }
  enum Colour { RED BLUE }
  input Filter { kind: Kind, colours: [Colour!], nested: Filter }
  type Thing implements Named & Node { id: ID! name: String! kind: Kind! size(unit: String, exact: Boolean): Int }
  type Other implements Named & Node { id: ID! name: String! }
  type Query { things(filter: Filter, first: Int): [Thing!]! node(id: ID!): Node }
`);

const covered = (query: string, variables: Record<string, unknown> = {}, data: Record<string, unknown> | null = null) =>
  [...coveredBy({ schema, document: parse(query), operationName: null, variables, data })].sort();

it('counts fields, literal arguments, input fields and enum values given literally', () => {
  expect(covered('{ things(filter: { kind: BIG, nested: { colours: [RED] } }) { id size(unit: "cm") } }')).toEqual([
    'Colour.RED',
    'Filter.colours',
    'Filter.kind',
    'Filter.nested',
    'Kind.BIG',
    'Named.id', // Thing.id implements it
    'Node.id',
    'Query.things',
    'Query.things(filter)',
    'Thing.id',
    'Thing.size',
    'Thing.size(unit)',
  ]);
});

it('counts an argument given by a variable only when the request defines it, and walks the variable values', () => {
  const query = 'query($f: Filter, $first: Int, $exact: Boolean) { things(filter: $f, first: $first) { size(exact: $exact) } }';
  expect(covered(query, { f: { colours: ['BLUE'] }, first: 2 })).toEqual([
    'Colour.BLUE',
    'Filter.colours',
    'Query.things',
    'Query.things(filter)',
    'Query.things(first)',
    'Thing.size',
  ]);
});

it('counts enum values returned, and a field selected through an interface on the interface and every implementation', () => {
  const query = 'query { things { kind } node(id: "1") { id ... on Named { name } } }';
  expect(covered(query, {}, { things: [{ kind: 'SMALL' }, { kind: 'SMALL' }], node: { id: '1', name: 'x' } })).toEqual([
    'Kind.SMALL',
    'Named.id',
    'Named.name',
    'Node.id',
    'Other.id',
    'Other.name',
    'Query.node',
    'Query.node(id)',
    'Query.things',
    'Thing.id',
    'Thing.kind',
    'Thing.name',
  ]);
});
