import { z } from 'zod';

/** Settings of the rewrite-engine service (config key `services.rewriteEngine`). */
export const rewriteEngineConfigSchema = z
  .strictObject({
    groupId: z.string().min(1).default('shadowtune-rewrite-engine').describe('Consumer group of the rewrite-engine service.'),
  })
  .prefault({});
