import { subscribeOnlyService } from '@shadowtune/shared/service/subscribe-only-service';

// Wiring only, until the signature-analyzer issue lands its handlers here.
export default subscribeOnlyService(
  'signature-analyzer',
  ['query.signatures'],
  ['query.findings'],
  (config) => config.services.signatureAnalyzer.groupId,
  'the signature-analyzer issue',
);
