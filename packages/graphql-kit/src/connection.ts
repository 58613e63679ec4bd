import { FieldNode, FragmentDefinitionNode, GraphQLResolveInfo, Kind, SelectionSetNode } from 'graphql';
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

/**
 * The fields a connection field's selection asks of its nodes (under `nodes` and `edges { node }`,
 * through inline fragments and named fragments), sorted, each once; null when a fragment it spreads
 * is not in the operation. A list reads only the columns these fields need.
 */
export function connectionNodeFields(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): string[] | null {
  // graphql-js hands every item of a list the same fieldNodes for a field below it: worked out once.
  if (nodeFieldsOf.has(info.fieldNodes)) return nodeFieldsOf.get(info.fieldNodes)!;
  const fields = selectedNodeFields(info);
  nodeFieldsOf.set(info.fieldNodes, fields);
  return fields;
}

const nodeFieldsOf = new WeakMap<readonly FieldNode[], string[] | null>();

function selectedNodeFields(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): string[] | null {
  const names = new Set<string>();
  let known = true;
  const fields = (set: SelectionSetNode | undefined, visit: (field: FieldNode) => void): void => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) visit(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) fields(selection.selectionSet, visit);
      else {
        const fragment: FragmentDefinitionNode | undefined = info.fragments[selection.name.value];
        if (fragment) fields(fragment.selectionSet, visit);
        else known = false;
      }
    }
  };
  const node = (field: FieldNode) => names.add(field.name.value);
  for (const fieldNode of info.fieldNodes) {
    fields(fieldNode.selectionSet, (field) => {
      if (field.name.value === 'nodes') fields(field.selectionSet, node);
      else if (field.name.value === 'edges')
        fields(field.selectionSet, (edge) => edge.name.value === 'node' && fields(edge.selectionSet, node));
    });
  }
  return known ? [...names].sort() : null;
}
