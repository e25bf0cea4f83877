import { z } from 'zod';

const postgresUrl = z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection URL');

/** Settings of the schema-evolver service (config key `services.schemaEvolver`). */
export const schemaEvolverConfigSchema = z
  .strictObject({
    groupId: z.string().min(1).default('shadowtune-schema-evolver').describe('Consumer group of the schema-evolver service.'),
    analysis: z
      .strictObject({
        intervalMs: z.number().int().min(1_000).default(3_600_000).describe('How often the service starts a Schema Evolution workflow over the workload observed so far.'),
        windowMs: z.number().int().min(60_000).default(7 * 86_400_000).describe('Workload older than this (last seen) is left out of an analysis.'),
        decayHalfLifeMs: z.number().int().positive().nullable().default(null).describe('Half-life of the time weighting of statements (recent time spent counts more); null weighs all time spent equally.'),
        minCalls: z.number().min(1).default(10).describe('Calls (after undoing sampling) a pattern needs across the workload before it can become a proposal.'),
        minTimeShare: z.number().min(0).max(1).default(0.01).describe("Share of the workload's time spent a pattern's statements need before it can become a proposal."),
        minSupport: z.number().gt(0).max(1).default(0.1).describe("Association rules: least share of a table's time-weighted statements using a column set together."),
        minConfidence: z.number().gt(0).max(1).default(0.5).describe('Association rules: least confidence of X → Y for the columns to be indexed together.'),
        minLift: z.number().min(0).default(1).describe('Association rules: least lift of X → Y (1 = independent).'),
        maxIndexColumns: z.number().int().min(1).max(32).default(3).describe('Most key columns of a proposed composite index.'),
        maxIncludeColumns: z.number().int().min(0).max(32).default(3).describe('Most INCLUDE columns of a proposed covering index.'),
        jsonKeyMatchMargin: z.number().min(1).default(2).describe('A JSON key stripped from the statement (a placeholder) is resolved against production only when its match is this many times better than the runner-up.'),
        jsonKeySampleRows: z.number().int().min(100).default(10_000).describe('Rows of a jsonb column sampled (read-only) on production to census its keys.'),
        timeRangeMinShare: z.number().gt(0).max(1).default(0.2).describe("Least share of a table's time spent in statements filtering it by a time range, for range partitioning."),
        partitionMinRows: z.number().int().min(1).default(10_000_000).describe('Least rows of a table before range partitioning is proposed.'),
        partitionMinGrowthPerDay: z.number().min(0).default(0.001).describe('Least fitted growth (share of the current rows added per day) of a table before range partitioning is proposed.'),
        targetPartitions: z.number().int().min(2).max(1_000).default(24).describe('Partitions the observed time span is cut into (rounded to day, week or month boundaries).'),
      })
      .prefault({}),
    volume: z
      .strictObject({
        sampleIntervalMs: z.number().int().min(1_000).default(3_600_000).describe("How often production's table statistics (row estimates, sizes) are sampled, read-only, into the catalog."),
        histogramSamplePercent: z.number().gt(0).max(100).default(1).describe('TABLESAMPLE SYSTEM percentage used to read the time distribution of a large table on production (rows per bucket of its time column).'),
        cdcTopic: z.string().min(1).nullable().default(null).describe('Raw topic of Debezium change events; when set, inserts and deletes per table are counted as volume observations.'),
      })
      .prefault({}),
    abTest: z
      .strictObject({
        shadowTemplateDatabase: z
          .string()
          .regex(/^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/, 'must be a database name')
          .nullable()
          .default(null)
          .describe('Database on the shadow server copied (CREATE DATABASE … TEMPLATE) for each A/B run; null uses the shadow connection’s database. It must have no other sessions while copied.'),
        runsPerFingerprint: z.number().int().min(5).max(10_000).default(30).describe('Measured executions of each replayed fingerprint on each side (more for fingerprints with a larger share of the mix).'),
        warmupRuns: z.number().int().min(0).max(100).default(3).describe('Unmeasured executions of each fingerprint on each side first.'),
        maxFingerprints: z.number().int().min(1).max(1_000).default(25).describe('Fingerprints replayed per A/B run: those on the changed tables with the most time spent.'),
        alpha: z.number().gt(0).lt(1).default(0.01).describe('Significance level of the Mann–Whitney U test on per-fingerprint latencies.'),
        minImprovement: z.number().min(0).lt(1).default(0.1).describe('Least relative drop of the median latency for a fingerprint to count as improved.'),
        regressionTolerance: z.number().min(0).default(0.2).describe('Relative rise of the median latency above which a fingerprint counts as regressed (when significant).'),
        regressionFloorMs: z.number().min(0).default(0.5).describe('Absolute rise (ms) of the median below which a difference is noise, never a regression.'),
        statementTimeoutMs: z.number().int().min(10).default(10_000).describe('statement_timeout of each replayed statement on the shadow copies.'),
        seed: z.number().int().min(0).max(2 ** 31 - 1).default(1).describe('Seed of the parameter draws and of the replay order.'),
      })
      .prefault({}),
    migration: z
      .strictObject({
        backfillBatchRows: z.number().int().min(1).max(1_000_000).default(5_000).describe('Rows updated or copied per batch of a backfill (each batch its own short transaction).'),
      })
      .prefault({}),
    deployer: z
      .strictObject({
        url: postgresUrl.nullable().default(null).describe('Production connection of the migration deployer (a role allowed to alter the tables); null uses connections.production.'),
        lockTimeoutMs: z.number().int().min(10).default(3_000).describe('lock_timeout of every migration statement on production: a step never queues behind traffic for long.'),
        statementTimeoutMs: z.number().int().min(1_000).default(3_600_000).describe('statement_timeout of every migration statement on production (index builds and validations included).'),
      })
      .prefault({}),
    watch: z
      .strictObject({
        windowMs: z.number().int().min(1_000).default(900_000).describe('Production latency of the affected fingerprints is compared over this window before and after a schema change.'),
        minCalls: z.number().int().min(1).default(20).describe('Observations needed on each side before a watch decides.'),
        regressionFactor: z.number().gt(1).default(1.2).describe('Median latency after / before above which (when significant) an applied schema change is rolled back automatically.'),
        alpha: z.number().gt(0).lt(1).default(0.01).describe('Significance level of the Mann–Whitney U test of the watch.'),
        intervalMs: z.number().int().min(100).default(30_000).describe('How often applied schema changes are checked.'),
      })
      .prefault({}),
  })
  .prefault({});

export type SchemaEvolverConfig = z.output<typeof schemaEvolverConfigSchema>;
