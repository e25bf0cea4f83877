/**
 * A bounded cache of two generations: new entries go to the young map; when it holds half
 * the capacity it becomes the old map and the previous old map is dropped whole. A hit in
 * the old map moves the entry to the young one, so what is used survives. Nothing is ever
 * deleted one by one: V8's Map keeps deleted slots until it rehashes, which makes
 * delete-the-oldest caches slow down as they run.
 */
export class GenerationalCache<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  private readonly generationSize: number;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 2) throw new RangeError('capacity must be an integer of at least 2');
    this.generationSize = Math.floor(capacity / 2);
  }

  get size(): number {
    return this.young.size + this.old.size;
  }

  get(key: K): V | undefined {
    const young = this.young.get(key);
    if (young !== undefined) return young;
    const old = this.old.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  set(key: K, value: V): void {
    if (this.young.size >= this.generationSize && !this.young.has(key)) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }
}
