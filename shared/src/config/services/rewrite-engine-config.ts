import { z } from 'zod';

/** Settings of the rewrite-engine service (config key `services.rewriteEngine`). */
export const rewriteEngineConfigSchema = z
  .strictObject({
    groupId: z.string().min(1).default('shadowtune-rewrite-engine').describe('Consumer group of the rewrite-engine service.'),
    minSpeedup: z.number().min(1).default(1.5).describe("Median speed-up (baseline / candidate over the parameter classes) a candidate must reach on its finding's fingerprint to be proposed."),
    regressionTolerance: z.number().min(0).default(0.2).describe('Relative slowdown (0.2 = 20%) above which a parameter class or another fingerprint on the same tables counts as regressed.'),
    regressionFloorMs: z.number().min(0).default(0.5).describe('Absolute slowdown (ms) below which a difference is noise, never a regression.'),
    maxWriteCostFactor: z.number().min(1).default(4).describe('An index that slows INSERT plus UPDATE on its table by more than this factor is rejected.'),
    maxIndexColumns: z.number().int().min(1).max(32).default(4).describe('Most key columns of a proposed index.'),
    maxIncludeColumns: z.number().int().min(0).max(32).default(4).describe('Most INCLUDE columns of a covering index candidate.'),
    maxCandidatesPerFinding: z.number().int().min(1).max(20).default(4).describe('Most index variants measured for one finding (alternatives compete in one interleaved request).'),
    maxGuards: z.number().int().min(0).max(50).default(8).describe('Most other fingerprints on the same tables measured as regression guards in one request.'),
    partialNullFraction: z.number().gt(0).lt(1).default(0.8).describe('An IS NULL / IS NOT NULL conjunct makes a candidate partial when the rows it keeps are at most 1 - this share of the table.'),
    partialIndexDominantShare: z.number().gt(0).lt(1).default(0.5).describe('A column filtered by = or IN whose most common value holds at least this share of the rows gets a partial candidate excluding that value (only when the value is known: productionValues.mostCommonValues).'),
    benchRuns: z.number().int().min(1).max(1_000).default(7).describe('Measured runs per variant and parameter class asked of the bench-runner.'),
    benchWarmupRuns: z.number().int().min(0).max(100).default(2).describe('Warm-up runs asked of the bench-runner.'),
    benchStatementTimeoutMs: z.number().int().min(10).default(10_000).describe('statement_timeout asked of the bench-runner for each run.'),
    deployer: z
      .strictObject({
        url: z
          .string()
          .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection URL')
          .nullable()
          .default(null)
          .describe('Production connection of the deployer (a role allowed to CREATE/DROP INDEX); null uses connections.production.'),
        lockTimeoutMs: z.number().int().min(10).default(5_000).describe('lock_timeout of every deployer statement on production.'),
        statementTimeoutMs: z.number().int().min(1_000).default(3_600_000).describe('statement_timeout of every deployer statement on production (an index build included).'),
      })
      .prefault({}),
    watch: z
      .strictObject({
        windowMs: z.number().int().min(1_000).default(900_000).describe('Production latency of the affected fingerprints is compared over this window before and after a change.'),
        minCalls: z.number().int().min(1).default(20).describe('Calls needed on each side of the comparison before a verdict.'),
        regressionFactor: z.number().gt(1).default(1.2).describe('Mean latency after / before above which an applied change is rolled back automatically.'),
        intervalMs: z.number().int().min(100).default(30_000).describe('How often applied changes are checked.'),
      })
      .prefault({}),
  })
  .prefault({});
