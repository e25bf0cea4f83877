import { subscribeOnlyService } from '@shadowtune/shared/service/subscribe-only-service';

// Wiring only. Pattern analysis and schema proposals are the work of the schema-evolver issue.
export default subscribeOnlyService(
  'schema-evolver',
  ['query.signatures'],
  ['schema.proposals', 'deployments'],
  (config) => config.services.schemaEvolver.groupId,
  'the schema-evolver issue',
);
