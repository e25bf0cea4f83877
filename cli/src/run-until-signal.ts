import type { RunningServices } from '@shadowtune/shared/service/run-services';

/**
 * Keeps the process serving until SIGTERM or SIGINT, then shuts down cleanly: consumption
 * stops, the in-flight handler finishes and commits, connections close. A second signal
 * during shutdown exits at once (130).
 */
export function runUntilSignal(services: RunningServices): Promise<void> {
  return new Promise((resolve, reject) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        services.logger.warn({ signal }, 'second signal: exiting without waiting');
        process.exit(130);
      }
      stopping = true;
      services.logger.info({ signal }, 'shutting down');
      services.shutdown().then(() => {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        services.logger.info('stopped cleanly');
        resolve();
      }, reject);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}
