import { z } from 'zod';

/** Settings of the alerter service (config key `services.alerter`). */
export const alerterConfigSchema = z
  .strictObject({
    groupId: z.string().min(1).default('shadowtune-alerter').describe('Consumer group of the alerter service.'),
  })
  .prefault({});
