import type { Repository, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata';

interface ColumnPlan {
  databaseName: string;
  column: ColumnMetadata;
  /** The property to assign directly (a plain column); null: through setEntityValue. */
  property: string | null;
  from: ((value: unknown) => unknown) | null;
}

/** Per entity, once: what each column of a row becomes (lists hydrate hundreds of rows a page). */
const plans = new WeakMap<EntityMetadata, ColumnPlan[]>();

function planOf(metadata: EntityMetadata): ColumnPlan[] {
  let plan = plans.get(metadata);
  if (!plan) {
    plan = metadata.columns.map((column) => {
      const transformer = column.transformer && !Array.isArray(column.transformer) ? column.transformer : null;
      return {
        databaseName: column.databaseName,
        column,
        // Embedded and virtual (relation-only) columns keep TypeORM's own placement.
        property: column.embeddedMetadata || column.isVirtual ? null : column.propertyName,
        from: transformer ? (value: unknown) => transformer.from(value) : null,
      };
    });
    plans.set(metadata, plan);
  }
  return plan;
}

/**
 * Turns a raw row (snake_case columns, as from a hand-written SQL statement) into an entity,
 * applying the columns' transformers (numeric -> Decimal). Used where one SQL statement with a
 * window function or a batch key is clearer than a query builder. Columns the row does not hold
 * are left unset.
 */
export function hydrate<T extends ObjectLiteral>(repo: Repository<T>, row: Record<string, unknown>): T {
  const entity = repo.create() as T;
  for (const { databaseName, column, property, from } of planOf(repo.metadata)) {
    if (!(databaseName in row)) continue;
    const value = from ? from(row[databaseName]) : row[databaseName];
    if (property) (entity as Record<string, unknown>)[property] = value;
    else column.setEntityValue(entity, value);
  }
  return entity;
}

/**
 * Turns a row read as JSON (`to_jsonb(t.*)`, as from a statement whose branches read different
 * tables) into an entity: like `hydrate`, with the timestamps JSON carries as text made dates again.
 */
export function hydrateJson<T extends ObjectLiteral>(repo: Repository<T>, json: Record<string, unknown>): T {
  const row: Record<string, unknown> = { ...json };
  for (const column of repo.metadata.columns) {
    const value = row[column.databaseName];
    if (typeof value === 'string' && /^timestamp/.test(String(column.type))) row[column.databaseName] = new Date(value);
  }
  return hydrate(repo, row);
}
