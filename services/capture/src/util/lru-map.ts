interface Slot<V> {
  value: V;
  /** Read since the clock hand last passed: gets a second chance instead of eviction. */
  used: boolean;
}

/**
 * A Map bounded to `capacity` entries that forgets rarely used entries first. It is the
 * CLOCK approximation of LRU: a hit only sets a flag (no reordering, which would rehash
 * the key on every hit); when full, entries are visited in insertion order, a used one
 * loses its flag and moves to the back, the first unused one is evicted.
 */
export class LruMap<K, V> {
  private readonly slots = new Map<K, Slot<V>>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
  }

  get size(): number {
    return this.slots.size;
  }

  get(key: K): V | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined) return undefined;
    slot.used = true;
    return slot.value;
  }

  /** Reads without marking the entry used. */
  peek(key: K): V | undefined {
    return this.slots.get(key)?.value;
  }

  set(key: K, value: V): void {
    const slot = this.slots.get(key);
    if (slot !== undefined) {
      slot.value = value;
      slot.used = true;
      return;
    }
    if (this.slots.size >= this.capacity) this.evictOne();
    this.slots.set(key, { value, used: false });
  }

  delete(key: K): boolean {
    return this.slots.delete(key);
  }

  clear(): void {
    this.slots.clear();
  }

  private evictOne(): void {
    // Terminates: every used entry visited loses its flag, so within one full turn an unused one is found.
    for (;;) {
      const first = this.slots.entries().next();
      if (first.done) return;
      const [key, slot] = first.value;
      this.slots.delete(key);
      if (!slot.used) return;
      slot.used = false;
      this.slots.set(key, slot);
    }
  }
}
