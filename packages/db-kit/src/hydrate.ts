import type { Repository, ObjectLiteral } from 'typeorm';

/**
 * Turns a raw row (snake_case columns, as from a hand-written SQL statement) into an entity,
 * applying the columns' transformers (numeric -> Decimal). Used where one SQL statement with a
 * window function or a batch key is clearer than a query builder.
 */
export function hydrate<T extends ObjectLiteral>(repo: Repository<T>, row: Record<string, unknown>): T {
  const entity = repo.create() as T;
  for (const column of repo.metadata.columns) {
    if (!(column.databaseName in row)) continue;
    let value = row[column.databaseName];
    const transformer = column.transformer;
    if (transformer && !Array.isArray(transformer)) value = transformer.from(value);
    column.setEntityValue(entity, value);
  }
  return entity;
}
