import { z } from 'zod';

/** Settings of the bench-runner service (config key `services.benchRunner`). */
export const benchRunnerConfigSchema = z
  .strictObject({
    groupId: z.string().min(1).default('shadowtune-bench-runner').describe('Consumer group of the bench-runner service.'),
  })
  .prefault({});
