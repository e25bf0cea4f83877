/**
 * A bounded "least recently used" cache in O(1) per operation: two generations of Maps.
 * New and touched entries go to the young generation; when it reaches `capacity`, it
 * becomes the old one and the previous old generation is dropped (handed to `onDrop`).
 * An entry survives while it is used at least once per generation, and at most
 * 2 × capacity entries are held. (Deleting from the front of one Map and reading
 * `keys().next()` leaves holes V8 scans again on every call: that degrades to O(n).)
 */
export class GenerationalCache<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();

  constructor(
    private readonly capacity: number,
    private readonly onDrop?: (key: K, value: V) => void,
  ) {}

  get size(): number {
    return this.young.size + this.old.size;
  }

  get(key: K): V | undefined {
    const hit = this.young.get(key);
    if (hit !== undefined) return hit;
    const old = this.old.get(key);
    if (old === undefined) return undefined;
    this.old.delete(key);
    this.put(key, old);
    return old;
  }

  has(key: K): boolean {
    return this.young.has(key) || this.old.has(key);
  }

  set(key: K, value: V): void {
    if (this.young.has(key)) {
      this.young.set(key, value);
      return;
    }
    this.old.delete(key);
    this.put(key, value);
  }

  delete(key: K): void {
    this.young.delete(key);
    this.old.delete(key);
  }

  values(): IterableIterator<V> {
    const { young, old } = this;
    return (function* () {
      yield* young.values();
      yield* old.values();
    })();
  }

  private put(key: K, value: V): void {
    if (this.young.size >= this.capacity) {
      if (this.onDrop !== undefined) for (const [k, v] of this.old) this.onDrop(k, v);
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }
}
