import type { Logger } from '../log/create-logger.js';

/**
 * Runs `work` every `intervalMs`, never two at once (a slow run delays the next), logging
 * failures (the next run tries again). stop() ends the timer and waits for a run in progress.
 */
export function startPeriodic(name: string, intervalMs: number, work: () => Promise<unknown>, logger: Logger): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running !== null) return;
    running = work()
      .then(() => undefined)
      .catch((error: unknown) => logger.warn({ err: error, task: name }, 'periodic task failed; it runs again at the next interval'))
      .finally(() => {
        running = null;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
