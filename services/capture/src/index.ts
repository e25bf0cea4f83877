import { subscribeOnlyService } from '@shadowtune/shared/service/subscribe-only-service';

// Wiring only, until the capture issue lands its handlers here.
export default subscribeOnlyService(
  'capture',
  ['rewrite.rules'],
  ['query.signatures'],
  (config) => config.services.capture.groupId,
  'the capture issue',
);
