import { z } from 'zod';

/** Settings of the signature-analyzer service (config key `services.signatureAnalyzer`). */
export const signatureAnalyzerConfigSchema = z
  .strictObject({
    groupId: z.string().min(1).default('shadowtune-signature-analyzer').describe('Consumer group of the signature-analyzer service.'),
  })
  .prefault({});
