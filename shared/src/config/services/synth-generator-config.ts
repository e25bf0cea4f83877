import { z } from 'zod';

/** Settings of the synth-generator service (config key `services.synthGenerator`). */
export const synthGeneratorConfigSchema = z
  .strictObject({
    groupId: z.string().min(1).default('shadowtune-synth-generator').describe('Consumer group of the synth-generator service.'),
  })
  .prefault({});
