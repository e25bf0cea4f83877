import type { TopicStore } from './topic-store.js';

/**
 * Resolves when any of `partitions` ("topic/partition" keys) is appended to (or deleted),
 * after `timeoutMs`, or when the broker shuts down — whichever comes first.
 */
export function waitForAppend(topics: TopicStore, partitions: ReadonlySet<string>, timeoutMs: number, shutdown: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (shutdown.aborted || timeoutMs <= 0) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      unsubscribe();
      shutdown.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    const unsubscribe = topics.onAppend((topic, partition) => {
      if (partitions.has(`${topic}/${partition}`)) done();
    });
    shutdown.addEventListener('abort', done);
  });
}
