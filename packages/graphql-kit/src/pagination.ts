import 'reflect-metadata';
import { ArgsType, Directive, Field, Int, ObjectType } from 'type-graphql';
import { DomainError } from './errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
/** Largest page of the export lists (EXPORT_PAGE_FIELDS): whole areas' members, read page by page by partner apps and admins. */
export const EXPORT_PAGE_SIZE = 500;
/**
 * The public fields (Type.field) whose pages go up to EXPORT_PAGE_SIZE; every other paged list
 * stops at MAX_PAGE_SIZE. The gateway's page-size rule (gateway/src/cost.ts) reads this list.
 */
export const EXPORT_PAGE_FIELDS: readonly string[] = ['Province.members', 'County.members', 'Village.members'];

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `How many items to return (default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}).` })
  first?: number;

  @Field(() => String, { nullable: true, description: 'Return the items after this cursor (from pageInfo.endCursor).' })
  after?: string;
}

/** Every subgraph that returns a list returns this same type, so it is @shareable (a value type, not an entity). */
@Directive('@shareable')
@ObjectType({ description: 'Where a page stands in its list.' })
export class PageInfo {
  @Field(() => Boolean, { description: 'True when more items follow this page.' })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of this page; pass it as `after` for the next page.' })
  endCursor!: string | null;
}

/** `first` checked against the list's largest page (MAX_PAGE_SIZE unless given): INVALID_PAGE_SIZE naming `first` when outside 1..max. */
export function pageSize(first: number | undefined | null, max = MAX_PAGE_SIZE): number {
  if (first === undefined || first === null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw new DomainError('INVALID_PAGE_SIZE', `first must be between 1 and ${max}; got ${first}`, 'first');
  }
  return first;
}

/** The kind of one part of a sort key, checked when a cursor comes back. */
export type CursorPart = 'text' | 'uuid' | 'int';

/** Longest cursor accepted: a sort key of names up to a few hundred characters fits well inside. */
export const MAX_CURSOR_LENGTH = 4096;
/** Longest text part of a decoded cursor. */
const MAX_CURSOR_TEXT = 1000;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function partFits(kind: CursorPart, value: unknown): boolean {
  switch (kind) {
    case 'uuid':
      return typeof value === 'string' && UUID.test(value);
    case 'int':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'text':
      // Postgres refuses NUL in text, so such a key could only fail in SQL.
      return typeof value === 'string' && value.length <= MAX_CURSOR_TEXT && !value.includes('\u0000');
  }
}

/**
 * The cursors of one list. A cursor is opaque to clients: base64url of `[list, ...sortKey]`.
 * `decode` accepts only what `encode` could have produced for this list (its name, the number of
 * parts, each part's kind), so a forged, truncated or foreign cursor (one from another list) is
 * refused with INVALID_CURSOR before it reaches SQL, never with an internal error.
 */
export class CursorCodec<T> {
  constructor(
    /** Names the list; a cursor of another list is refused. */
    readonly list: string,
    private readonly parts: readonly { kind: CursorPart; of: (item: T) => string | number }[],
  ) {}

  encode(item: T): string {
    return Buffer.from(JSON.stringify([this.list, ...this.parts.map((p) => p.of(item))]), 'utf8').toString('base64url');
  }

  /** The sort key a cursor holds; INVALID_CURSOR naming `field` when it is not one of this list's cursors. */
  decode(cursor: unknown, field = 'after'): (string | number)[] {
    let key: unknown = null;
    if (typeof cursor === 'string' && cursor.length <= MAX_CURSOR_LENGTH && BASE64URL.test(cursor)) {
      try {
        key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      } catch {
        key = null;
      }
    }
    if (
      Array.isArray(key) &&
      key.length === this.parts.length + 1 &&
      key[0] === this.list &&
      this.parts.every((part, i) => partFits(part.kind, key[i + 1]))
    ) {
      return key.slice(1) as (string | number)[];
    }
    throw new DomainError(
      'INVALID_CURSOR',
      `The cursor is not one this list gave out; pass a pageInfo.endCursor or edge cursor of the same list`,
      field,
    );
  }
}

export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/** Cuts `size + 1` fetched rows to a page and says whether more follow. */
export function toPage<T>(rows: T[], size: number, cursor: CursorCodec<T>): Page<T> {
  const items = rows.slice(0, size);
  const last = items[items.length - 1];
  return { items, hasNextPage: rows.length > size, endCursor: last ? cursor.encode(last) : null };
}
