/**
 * A fixed-size, allocation-free memory of 32-bit keys seen recently (a direct-mapped table:
 * a newer key overwrites an older one in its slot). The doorkeeper in front of capture's
 * caches: an entry is made only for what comes a second time, so a stream of statements
 * that never repeat leaves nothing behind to be garbage-collected.
 */
export class SeenFilter {
  private readonly slots: Uint32Array;
  private readonly mask: number;

  constructor(capacity: number) {
    let size = 1024;
    while (size < capacity * 2) size *= 2;
    this.slots = new Uint32Array(size);
    this.mask = size - 1;
  }

  /** Whether `key` was seen since its slot was last taken; records it either way. */
  checkAndAdd(key: number): boolean {
    const stored = (key | 1) >>> 0;
    const slot = Math.imul(key, 0x9e3779b1) >>> 0 & this.mask;
    if (this.slots[slot] === stored) return true;
    this.slots[slot] = stored;
    return false;
  }
}
