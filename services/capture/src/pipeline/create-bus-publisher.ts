import type { Bus } from '@shadowtune/shared/bus/bus';
import type { CapturePublisher } from './capture-publisher.js';

/** Publishes signatures keyed by fingerprint (one partition per fingerprint) and dead letters keyed by input. */
export function createBusPublisher(bus: Bus): CapturePublisher {
  return {
    publish: (record) => bus.publish('query.signatures', record.fingerprint, record),
    deadLetter: (record) => bus.publish('dead.letters', record.originalTopic, record),
  };
}
