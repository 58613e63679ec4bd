/** Deterministic counters for factories: the same test builds the same data every run. */
export function sequence(start = 1): () => number {
  let next = start;
  return () => next++;
}

/** A fixed calendar day plus n days, as YYYY-MM-DD. */
export function day(base: string, plusDays = 0): string {
  const d = new Date(`${base}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + plusDays);
  return d.toISOString().slice(0, 10);
}
