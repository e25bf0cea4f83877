import { z } from 'zod';

/** Settings of the signature-analyzer service (config key `services.signatureAnalyzer`). */
export const signatureAnalyzerConfigSchema = z
  .strictObject({
    groupId: z.string().min(1).default('shadowtune-signature-analyzer').describe('Consumer group of the signature-analyzer service.'),
    windowMs: z.number().int().positive().default(300_000).describe('Length (ms) of one statistics window; a fingerprint keeps windowCount of them (a sliding history).'),
    windowCount: z.number().int().min(2).max(288).default(12).describe('Windows kept per fingerprint: the last one is "recent", the others are the baseline for regression tests.'),
    maxTrackedFingerprints: z.number().int().positive().default(20_000).describe('Fingerprints whose statistics stay in memory; colder ones are written to the catalog and evicted (LRU).'),
    sketchMaxBuckets: z.number().int().min(16).max(4096).default(256).describe('Buckets of the per-window latency sketch (relative accuracy 1%); bounds memory per fingerprint.'),
    maxBreakdownKeys: z.number().int().min(1).max(1000).default(16).describe('Distinct (database, application) pairs counted per fingerprint; the rest are summed as "other".'),
    flushIntervalMs: z.number().int().positive().default(5_000).describe('How often changed statistics are written to the catalog (a crash loses at most this much).'),
    regressionMinSamples: z.number().int().min(5).default(30).describe('Observations needed in both the baseline and the recent window before a regression test runs.'),
    regressionSignificance: z.number().gt(0).lt(0.5).default(0.001).describe("One-sided p-value below which Welch's t-test on log-durations calls a slowdown real."),
    regressionMinRatio: z.number().min(1).default(1.3).describe('Minimum ratio of recent to baseline geometric mean duration for a regression (an effect size floor).'),
    burstWindowMs: z.number().int().positive().default(1_000).describe('N+1 detection: window (ms) in which one session or application repeats one fingerprint.'),
    burstMinCalls: z.number().int().min(2).default(20).describe('N+1 detection: weighted calls of one fingerprint from one session within burstWindowMs that make a burst.'),
    selectiveFraction: z.number().gt(0).max(1).default(0.1).describe('A filter returning at most this share of a table is selective (an index would pay off).'),
    deepOffsetRows: z.number().int().positive().default(1_000).describe('OFFSET at or above which pagination is deep.'),
    deepOffsetDistinctValues: z.number().positive().default(50).describe('With OFFSET $n: this many distinct OFFSET values in the parameter profile means users page deep.'),
    wideTableColumns: z.number().int().positive().default(15).describe('SELECT * on a table with at least this many columns is SELECT_STAR_WIDE.'),
    wideRowBytes: z.number().int().positive().default(1_024).describe('SELECT * on a table whose average row is at least this wide is SELECT_STAR_WIDE.'),
    unboundedResultRows: z.number().int().positive().default(10_000).describe('A statement without LIMIT estimated to return at least this many rows is UNBOUNDED_RESULT.'),
    planCacheSize: z.number().int().positive().default(5_000).describe('Plans kept in memory, keyed by fingerprint and schema version.'),
    explainTimeoutMs: z.number().int().positive().default(5_000).describe('statement_timeout for one EXPLAIN (planning only).'),
    schemaRefreshMs: z.number().int().positive().default(300_000).describe('How often the schema model (tables, indexes, row counts) is read again.'),
    searchPath: z.array(z.string().min(1)).min(1).default(['public']).describe('Schemas searched for unqualified table names, as the application role sees them.'),
  })
  .prefault({});

export type SignatureAnalyzerConfig = z.output<typeof signatureAnalyzerConfigSchema>;
