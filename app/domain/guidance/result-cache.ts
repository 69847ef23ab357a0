/**
 * A bounded cache of search results, least recently used out first. Guidance changes only with a
 * deployment (the catalog is read once per process and its version is part of every key), so an
 * entry never goes stale while the process runs. Concurrent searches for the same key share one
 * computation; a failed computation is not kept.
 */
export class ResultCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  constructor(private readonly maxEntries: number) {}

  get size() {
    return this.entries.size;
  }

  get(key: string, compute: () => Promise<T>): Promise<T> {
    const found = this.entries.get(key);
    if (found) {
      // Map keeps insertion order: re-inserting marks the entry as the most recently used.
      this.entries.delete(key);
      this.entries.set(key, found);
      return found;
    }
    const pending = compute();
    this.entries.set(key, pending);
    pending.catch(() => {
      if (this.entries.get(key) === pending) this.entries.delete(key);
    });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return pending;
  }

  clear() {
    this.entries.clear();
  }
}

/**
 * The cache key of a search: the content version, the locale and the query with runs of white
 * space made one space (the text search parser treats any white space as a separator, so such
 * queries have the same results and snippets). Nothing else is changed: case and Unicode form
 * are left to PostgreSQL.
 */
export function searchCacheKey(version: string, locale: string, query: string): string {
  return `${version}\u0000${locale}\u0000${query.trim().replace(/\s+/gu, " ")}`;
}
