import { subscribeOnlyService } from '@shadowtune/shared/service/subscribe-only-service';

// Wiring only, until the synth-generator issue lands its handlers here.
export default subscribeOnlyService(
  'synth-generator',
  ['query.findings'],
  ['synth.datasets'],
  (config) => config.services.synthGenerator.groupId,
  'the synth-generator issue',
);
