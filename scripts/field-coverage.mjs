// Field coverage of the public API (run by `npm test` right after jest): every field of every
// object and interface type, every argument, every input object field and every enum value of the
// public schema (schema/supergraph.graphql without federation's join__/link__ machinery and
// @inaccessible parts; introspection is not in it) must be exercised by some test operation.
// Jest records what the gateway executed in coverage/fields/*.jsonl (test/support/field-coverage.ts
// says what counts); this script lists what no test reached and exits 1 if anything is missing.
//
//   node scripts/field-coverage.mjs          after a full jest run
//   FIELD_COVERAGE_DIR=/tmp/x                 records elsewhere (for jest and this script alike)
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kind, parse } from 'graphql';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RECORDS = process.env.FIELD_COVERAGE_DIR ?? join(ROOT, 'coverage', 'fields');

/** The public API's coverage keys: Type.field, Type.field(arg), Input.field, Enum.VALUE. */
function publicApiKeys(supergraphSdl) {
  const internal = (name) => name.startsWith('join__') || name.startsWith('link__') || name.startsWith('_');
  const hidden = (node) => (node.directives ?? []).some((d) => d.name.value === 'inaccessible');
  const keys = new Map();
  for (const def of parse(supergraphSdl).definitions) {
    if (!('name' in def) || !def.name || internal(def.name.value) || hidden(def)) continue;
    const type = def.name.value;
    switch (def.kind) {
      case Kind.OBJECT_TYPE_DEFINITION:
      case Kind.INTERFACE_TYPE_DEFINITION:
        for (const field of def.fields ?? []) {
          if (hidden(field) || internal(field.name.value)) continue;
          keys.set(`${type}.${field.name.value}`, 'field');
          for (const arg of field.arguments ?? []) if (!hidden(arg)) keys.set(`${type}.${field.name.value}(${arg.name.value})`, 'argument');
        }
        break;
      case Kind.INPUT_OBJECT_TYPE_DEFINITION:
        for (const field of def.fields ?? []) if (!hidden(field)) keys.set(`${type}.${field.name.value}`, 'input field');
        break;
      case Kind.ENUM_TYPE_DEFINITION:
        for (const value of def.values ?? []) if (!hidden(value)) keys.set(`${type}.${value.name.value}`, 'enum value');
        break;
      default:
        break;
    }
  }
  return keys;
}

function recorded() {
  if (!existsSync(RECORDS)) return null;
  const seen = new Set();
  for (const file of readdirSync(RECORDS).filter((f) => f.endsWith('.jsonl'))) {
    for (const line of readFileSync(join(RECORDS, file), 'utf8').split('\n')) {
      if (line.trim()) for (const key of JSON.parse(line)) seen.add(key);
    }
  }
  return seen;
}

/**
 * KNOWN UNREACHABLE (to be removed from the schema, never added to): parts of the public schema that
 * no request can use or produce, so no test can cover them. Each is a schema defect to fix; the
 * check fails when one is covered after all or leaves the schema, so the list only shrinks.
 */
const KNOWN_UNREACHABLE = {
  'NodeLevel.MEMBER':
    'never returned: AncestorRef.level, HierarchyNode.level and PartnerLink.nodeLevel are never a member, and no input takes a NodeLevel (membership registers its internal NodeLevel enum, MEMBER included, as the GraphQL enum)',
};

const keys = publicApiKeys(readFileSync(join(ROOT, 'schema', 'supergraph.graphql'), 'utf8'));
const seen = recorded();
if (!seen) {
  console.error('field coverage: nothing recorded in coverage/fields: run jest first (npm test does)');
  process.exit(1);
}
const stale = Object.keys(KNOWN_UNREACHABLE).filter((key) => !keys.has(key) || seen.has(key));
if (stale.length) {
  console.error(`field coverage: remove from KNOWN_UNREACHABLE in scripts/field-coverage.mjs (now covered or gone): ${stale.join(', ')}`);
  process.exit(1);
}
for (const key of Object.keys(KNOWN_UNREACHABLE)) keys.delete(key);
const missing = [...keys.keys()].filter((key) => !seen.has(key)).sort();
const kinds = ['field', 'argument', 'input field', 'enum value'];
const byKind = kinds.map((kind) => {
  const all = [...keys.values()].filter((k) => k === kind).length;
  const left = missing.filter((key) => keys.get(key) === kind).length;
  return `${all - left}/${all} ${kind}s`;
});
console.log(`field coverage: ${keys.size - missing.length} of ${keys.size} selected, ${missing.length} missing (${byKind.join(', ')})`);
for (const [key, why] of Object.entries(KNOWN_UNREACHABLE)) console.log(`  known unreachable, not counted: ${key} (${why})`);
if (missing.length) {
  for (const kind of kinds) {
    const list = missing.filter((key) => keys.get(key) === kind);
    if (list.length) console.log(`  ${kind}s no test operation uses:\n${list.map((key) => `    ${key}`).join('\n')}`);
  }
  console.log('Add test operations that use (and assert) each of them; see test/support/field-coverage.ts for what counts.');
  process.exit(1);
}
