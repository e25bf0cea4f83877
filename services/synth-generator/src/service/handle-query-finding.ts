import type { BusEventOf } from '@shadowtune/shared/bus/bus';
import type { SyntheticDataset } from '@shadowtune/shared/contracts/generated-types';
import { buildDatasetForFinding, type FindingDependencies } from './build-dataset-for-finding.js';

/**
 * The query.findings handler: builds the finding's dataset (or finds it built) and
 * publishes its record on synth.datasets keyed by fingerprint. Findings are handled one
 * at a time: the shadow holds one dataset. Errors propagate to the bus (retried when
 * retriable, dead-lettered otherwise).
 */
export function handleQueryFinding(deps: FindingDependencies, publish: (key: string, record: SyntheticDataset) => Promise<void>): (event: BusEventOf<'query.findings'>) => Promise<void> {
  let queue: Promise<unknown> = Promise.resolve();
  return (event) => {
    const run = queue.then(async () => {
      const record = await buildDatasetForFinding(event.value, deps);
      await publish(record.fingerprint, record);
    });
    queue = run.catch(() => undefined);
    return run;
  };
}
