import { buildSchema, graphql } from 'graphql';
import { refuseUnstorableText } from './input-guard';
import { DomainError } from './errors';

function guarded() {
  const schema = buildSchema(`
    input Inner { note: String }
    input Outer { name: String, tags: [String], inner: Inner }
    type Query { echo(input: Outer, search: String, ids: [ID]): String, plain: String }
  `);
  schema.getQueryType()!.getFields().echo.resolve = () => 'reached';
  return refuseUnstorableText(schema);
}

async function run(source: string, variableValues?: Record<string, unknown>) {
  const result = await graphql({ schema: guarded(), source, variableValues });
  const error = result.errors?.[0]?.originalError as DomainError | undefined;
  return { data: result.data, code: error?.code, field: error?.field };
}

describe('refuseUnstorableText', () => {
  it.each([
    ['a plain argument', { search: 'a\u0000' }, 'search'],
    ['a field of an input', { input: { name: '\u0000' } }, 'name'],
    ['an item of a list in an input', { input: { tags: ['ok', 'b\u0000'] } }, 'tags.1'],
    ['a nested input', { input: { inner: { note: 'x\u0000y' } } }, 'inner.note'],
    ['an item of a plain list', { ids: ['1', '\u0000'] }, 'ids.1'],
    ['an unpaired surrogate', { search: '\ud800' }, 'search'],
  ])('refuses %s with INVALID_INPUT naming it', async (_what, variables, field) => {
    const result = await run(
      'query($input: Outer, $search: String, $ids: [ID]) { echo(input: $input, search: $search, ids: $ids) }',
      variables,
    );
    expect(result).toMatchObject({ code: 'INVALID_INPUT', field });
    expect(result.data?.echo).toBeNull();
  });

  it('lets every other text through, emoji and joiners included', async () => {
    const result = await run('query($input: Outer, $search: String) { echo(input: $input, search: $search) }', {
      input: { name: 'می‌خواهم 👩‍🌾', tags: [] },
      search: 'Đoàn Kết',
    });
    expect(result.data).toEqual({ echo: 'reached' });
  });

  it('refuses a NUL written in a literal of the operation', async () => {
    expect(await run('{ echo(search: "a\\u0000") }')).toMatchObject({ code: 'INVALID_INPUT', field: 'search' });
  });
});
