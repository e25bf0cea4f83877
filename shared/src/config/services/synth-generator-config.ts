import { z } from 'zod';

/** Settings of the synth-generator service (config key `services.synthGenerator`). */
export const synthGeneratorConfigSchema = z
  .strictObject({
    groupId: z.string().min(1).default('shadowtune-synth-generator').describe('Consumer group of the synth-generator service.'),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(1).describe('Generator seed: the same seed, schema and finding give the same rows (part of the dataset id).'),
    correlation: z.number().min(0).max(1).default(0.9).describe("Probability that the finding's filter columns of one table take the same rank in a row (correlated multi-column predicates)."),
    timeSpanDays: z.number().positive().default(365).describe('Width of the window synthetic timestamps fall into, in days.'),
    timeSpanEnd: z.string().datetime({ offset: true }).default('2025-01-01T00:00:00Z').describe('End of the timestamp window (fixed, so runs are reproducible).'),
    timeGrowth: z.number().positive().default(4).describe('Growth of timestamp density over the window: the last day is this many times as busy as the first.'),
    connections: z.number().int().min(1).max(2).default(2).describe('Connections loading side by side (independent tables, halves of a big table).'),
    splitThresholdRows: z.number().int().positive().default(200_000).describe('A table with at least this many rows (and no sequence or self-reference) loads as two halves on two connections.'),
    redrawRounds: z.number().int().min(0).max(64).default(8).describe('Rounds of redrawing rows rejected by CHECKs the generator does not interpret, before NULL-ing or dropping them.'),
    schemaRefreshMs: z.number().int().positive().default(60_000).describe("How long production's schema model is reused before it is read again (sooner when a finding names something it lacks)."),
    profileCacheSize: z.number().int().positive().default(10_000).describe('Fingerprints whose latest parameter profiles (from query.signatures) are kept in memory.'),
    datasetDatabases: z
      .enum(['per-dataset', 'shared'])
      .default('per-dataset')
      .describe(
        'per-dataset: each dataset gets its own database on the shadow server (<shadow>_ds_<id>), so it stays as loaded until it has been measured (needs CREATEDB); shared: datasets replace each other in the shadow database, and one replaced before it is measured is reported as DATASET_REPLACED.',
      ),
    retainDatasetDatabases: z.number().int().min(1).max(1000).default(4).describe('Per-dataset databases always kept, newest first; older ones are dropped once the rewrite-engine is done with them and no session uses them.'),
    datasetPendingTimeoutMs: z.number().int().positive().default(3_600_000).describe('Age after which an older per-dataset database is dropped even if the rewrite-engine has not finished with it (its measurements then report DATASET_REPLACED).'),
    fidelityRowRatioLimit: z.number().min(1).default(10).describe('Largest ratio between shadow and production row estimates of a plan node still counted as reproducing the plan.'),
  })
  .prefault({});
