import { CursorCodec, MAX_CURSOR_LENGTH, toPage } from './pagination';
import { DomainError } from './errors';

interface Row {
  name: string;
  id: string;
}
const ID = '0190a3b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b';
const funds = new CursorCodec<Row>('fund', [
  { kind: 'text', of: (r) => r.name },
  { kind: 'uuid', of: (r) => r.id },
]);
const counties = new CursorCodec<Row>('county', [
  { kind: 'text', of: (r) => r.name },
  { kind: 'uuid', of: (r) => r.id },
]);
const ranked = new CursorCodec<{ rank: number }>('ranked', [{ kind: 'int', of: (r) => r.rank }]);
const raw = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

function refusal(run: () => unknown): { code: string; field?: string } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return { code: (error as DomainError).code, field: (error as DomainError).field };
  }
  throw new Error('expected a refusal');
}

describe('CursorCodec', () => {
  it('gives back the sort key it encoded, names included', () => {
    const row = { name: 'صندوق "۱" \\ ä', id: ID };
    expect(funds.decode(funds.encode(row))).toEqual([row.name, ID]);
    expect(ranked.decode(ranked.encode({ rank: 42 }))).toEqual([42]);
  });

  it.each([
    ['empty', ''],
    ['not base64url', '!!!!'],
    ['base64 of no JSON', Buffer.from('not json').toString('base64url')],
    ['an object', raw({ name: 'a', id: ID })],
    ['a bare key without the list', raw(['a', ID])],
    ['too many parts', raw(['fund', 'a', ID, 'x'])],
    ['a number where the id goes', raw(['fund', 'a', 5])],
    ['an id that is not a uuid', raw(['fund', 'a', 'not-a-uuid'])],
    ['a NUL in the name', raw(['fund', 'a\u0000b', ID])],
    ['a name too long', raw(['fund', 'x'.repeat(1001), ID])],
    ['a null', raw(['fund', null, ID])],
    ['over the length limit', 'A'.repeat(MAX_CURSOR_LENGTH + 1)],
  ])('refuses %s with INVALID_CURSOR on the field', (_what, cursor) => {
    expect(refusal(() => funds.decode(cursor))).toEqual({ code: 'INVALID_CURSOR', field: 'after' });
  });

  it.each([1.5, '1', 2 ** 60])('refuses %j where an integer goes', (rank) => {
    expect(refusal(() => ranked.decode(raw(['ranked', rank])))).toEqual({ code: 'INVALID_CURSOR', field: 'after' });
  });

  it('refuses a cursor of another list, even one of the same shape', () => {
    const countyCursor = counties.encode({ name: 'a', id: ID });
    expect(refusal(() => funds.decode(countyCursor))).toEqual({ code: 'INVALID_CURSOR', field: 'after' });
  });

  it('refuses what is not a string at all', () => {
    expect(refusal(() => funds.decode(42 as unknown as string, 'cursor'))).toEqual({ code: 'INVALID_CURSOR', field: 'cursor' });
  });

  it('toPage ends with the cursor of the last item kept', () => {
    const rows = [
      { name: 'a', id: ID },
      { name: 'b', id: ID },
    ];
    const page = toPage(rows, 1, funds);
    expect(page.hasNextPage).toBe(true);
    expect(funds.decode(page.endCursor!)).toEqual(['a', ID]);
  });
});
