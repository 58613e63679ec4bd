import { ClassType, Field, Int, ObjectType } from 'type-graphql';
import { CursorCodec, Page, PageInfo } from './pagination';

/** What a connection needs: one page, how to count the whole list (lazily), and the list's cursors. */
export interface ConnectionSource<T> {
  page: Page<T>;
  count: () => Promise<number>;
  cursor: CursorCodec<T>;
}

/**
 * Makes `<Name>Connection` and `<Name>Edge` types for a node type. `totalCount` is computed only
 * when asked for, through a batched loader.
 */
export function connectionType<T extends object>(nodeType: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`, { description: `One ${name} in a list, with its cursor.` })
  class Edge {
    @Field(() => String, { description: 'Pass as `after` to continue after this item.' })
    cursor!: string;

    @Field(() => nodeType)
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} items.` })
  class Connection {
    constructor(readonly source: ConnectionSource<T>) {}

    @Field(() => [Edge], { description: 'The items of this page with their cursors.' })
    get edges(): Edge[] {
      return this.source.page.items.map((node) => ({ cursor: this.source.cursor.encode(node), node }));
    }

    @Field(() => [nodeType], { description: 'The items of this page (same as edges.node).' })
    get nodes(): T[] {
      return this.source.page.items;
    }

    @Field(() => PageInfo)
    get pageInfo(): PageInfo {
      return { hasNextPage: this.source.page.hasNextPage, endCursor: this.source.page.endCursor };
    }

    @Field(() => Int, { description: 'How many items the whole list has with these filters (one batched count per level).' })
    totalCount(): Promise<number> {
      return this.source.count();
    }
  }
  return Connection;
}
