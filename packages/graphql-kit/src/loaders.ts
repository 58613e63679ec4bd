import DataLoader from 'dataloader';

/**
 * DataLoaders created per request, on first use, keyed by name. A loader batches every key
 * asked for in one tick into one call, so nested fields cost one SQL statement per level.
 */
export class LoaderRegistry {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  get<K, V>(
    name: string,
    batch: (keys: readonly K[]) => Promise<(V | Error)[]>,
    options?: DataLoader.Options<K, V, string>,
  ): DataLoader<K, V, string> {
    let loader = this.loaders.get(name) as DataLoader<K, V, string> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V, string>(batch, { maxBatchSize: 1000, ...options });
      this.loaders.set(name, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }

  /** Forget cached values after a mutation changed what they were read from. */
  clearAll(): void {
    for (const loader of this.loaders.values()) loader.clearAll();
  }
}

/** Orders batch results by the keys asked for; missing keys resolve to `fallback`. */
export function byKeys<K, V, F>(keys: readonly K[], rows: V[], keyOf: (row: V) => K, fallback: F): (V | F)[] {
  const map = new Map<K, V>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((key) => (map.has(key) ? (map.get(key) as V) : fallback));
}

/** Groups batch results into one list per key. */
export function groupByKeys<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const map = new Map<K, V[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = map.get(key);
    if (list) list.push(row);
    else map.set(key, [row]);
  }
  return keys.map((key) => map.get(key) ?? []);
}
