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
