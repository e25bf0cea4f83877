import { z } from 'zod';

/** Settings of the schema-evolver service (config key `services.schemaEvolver`). */
export const schemaEvolverConfigSchema = z
  .strictObject({
    groupId: z.string().min(1).default('shadowtune-schema-evolver').describe('Consumer group of the schema-evolver service.'),
  })
  .prefault({});
