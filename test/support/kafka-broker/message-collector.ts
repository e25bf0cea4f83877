/**
 * Collects items from callbacks (e.g. eachMessage) and lets a test await a condition on them
 * without polling or sleeping: the condition is re-checked on every push.
 */
export class MessageCollector<T> {
  readonly items: T[] = [];
  private waiters: { check: () => boolean; resolve: () => void }[] = [];

  push(item: T): void {
    this.items.push(item);
    this.waiters = this.waiters.filter((w) => {
      if (!w.check()) return true;
      w.resolve();
      return false;
    });
  }

  waitFor(predicate: (items: readonly T[]) => boolean, timeoutMs: number, what: string): Promise<void> {
    if (predicate(this.items)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} (have ${this.items.length})`));
      }, timeoutMs);
      const waiter = {
        check: () => predicate(this.items),
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      this.waiters.push(waiter);
    });
  }

  waitForCount(count: number, timeoutMs: number): Promise<void> {
    return this.waitFor((items) => items.length >= count, timeoutMs, `${count} items`);
  }
}
