import { subscribeOnlyService } from '@shadowtune/shared/service/subscribe-only-service';

// Wiring only. Measuring on the shadow is the work of the bench-runner issue.
export default subscribeOnlyService(
  'bench-runner',
  ['synth.datasets', 'bench.requests'],
  ['bench.results'],
  (config) => config.services.benchRunner.groupId,
  'the bench-runner issue',
);
