import { subscribeOnlyService } from '@shadowtune/shared/service/subscribe-only-service';

// Wiring only. Rule generation, validation and deployment are the work of the rewrite-engine issue.
export default subscribeOnlyService(
  'rewrite-engine',
  ['query.findings', 'bench.results', 'deployments'],
  ['bench.requests', 'rewrite.proposals', 'rewrite.rules', 'deployments'],
  (config) => config.services.rewriteEngine.groupId,
  'the rewrite-engine issue',
);
