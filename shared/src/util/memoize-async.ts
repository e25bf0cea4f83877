/**
 * Caches the promise of an async factory per key, so concurrent callers share one attempt;
 * a failed attempt is forgotten, so the next call tries again.
 */
export function memoizeAsync<K, V>(factory: (key: K) => Promise<V>): { get(key: K): Promise<V>; peek(key: K): Promise<V> | undefined } {
  const cache = new Map<K, Promise<V>>();
  return {
    get(key) {
      let value = cache.get(key);
      if (!value) {
        value = factory(key).catch((error: unknown) => {
          cache.delete(key);
          throw error;
        });
        cache.set(key, value);
      }
      return value;
    },
    peek: (key) => cache.get(key),
  };
}
