import { subscribeOnlyService } from '@shadowtune/shared/service/subscribe-only-service';

// Wiring only. Trends, thresholds and notification sinks are the alerter's own work, not yet scheduled.
export default subscribeOnlyService(
  'alerter',
  ['query.findings', 'bench.results', 'deployments'],
  ['alerts'],
  (config) => config.services.alerter.groupId,
  'not yet built (no issue yet)',
);
