import { z } from 'zod';

/** Settings of the capture service (config key `services.capture`). */
export const captureConfigSchema = z
  .strictObject({
    groupId: z.string().min(1).default('shadowtune-capture').describe('Consumer group of the capture service.'),
  })
  .prefault({});
