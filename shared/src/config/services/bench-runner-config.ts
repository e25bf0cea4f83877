import { z } from 'zod';

/** Settings of the bench-runner service (config key `services.benchRunner`). */
export const benchRunnerConfigSchema = z
  .strictObject({
    groupId: z.string().min(1).default('shadowtune-bench-runner').describe('Consumer group of the bench-runner service.'),
    runs: z.number().int().min(1).max(1_000).default(7).describe('Measured runs per variant and parameter class of a baseline measured when a dataset is announced (requests carry their own).'),
    warmupRuns: z.number().int().min(0).max(100).default(2).describe('Unmeasured runs before measuring a dataset baseline.'),
    statementTimeoutMs: z.number().int().min(10).default(10_000).describe('statement_timeout of a dataset baseline run; a run that hits it is a result ("over N ms"), not an error.'),
    parameterSetsPerClass: z.number().int().min(1).max(50).default(3).describe('Parameter sets drawn from the shadow for each class (heavy hitters, tail); runs cycle through them.'),
    heavyHitterValues: z.number().int().min(1).max(100).default(5).describe('A value is a heavy hitter when it is among this many most frequent values of its column on the shadow.'),
    limitValue: z.number().int().min(1).default(20).describe('Value bound to a LIMIT placeholder.'),
    offsetValue: z.number().int().min(0).default(5_000).describe('Value bound to an OFFSET placeholder (deep enough to show a deep-OFFSET problem).'),
    adversarialRows: z.number().int().min(1).max(10_000).default(20).describe('Rows injected per table (copies with nullable columns NULL, and duplicates) in the rolled-back transaction of an equivalence check.'),
    writeCostRows: z.number().int().min(100).max(1_000_000).default(5_000).describe('Rows inserted and updated on a scratch copy of a table to measure the write cost of an index.'),
    writeCostRepeats: z.number().int().min(1).max(20).default(3).describe('Interleaved repetitions of each write-cost measurement (median kept).'),
    lockTimeoutMs: z.number().int().min(10).default(5_000).describe('lock_timeout of the DDL and hidden-index transactions on the shadow.'),
    setupTimeoutMs: z.number().int().min(1_000).default(600_000).describe('statement_timeout of a variant setup statement (index build on the shadow).'),
  })
  .prefault({});
