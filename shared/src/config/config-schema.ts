import { z } from 'zod';
import { alerterConfigSchema } from './services/alerter-config.js';
import { benchRunnerConfigSchema } from './services/bench-runner-config.js';
import { captureConfigSchema } from './services/capture-config.js';
import { controlPlaneConfigSchema } from './services/control-plane-config.js';
import { rewriteEngineConfigSchema } from './services/rewrite-engine-config.js';
import { schemaEvolverConfigSchema } from './services/schema-evolver-config.js';
import { signatureAnalyzerConfigSchema } from './services/signature-analyzer-config.js';
import { synthGeneratorConfigSchema } from './services/synth-generator-config.js';

const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection URL')
  .nullable();

const brokerList = z
  .string()
  .regex(/^[^\s:,]+:\d{1,5}(,[^\s:,]+:\d{1,5})*$/, 'must be host:port, or several separated by commas');

/**
 * The one configuration schema. Concept parameters at the top (SamplingRate,
 * PerformanceThreshold, DataSkewFactor, SyntheticDataVolume, RewriteRuleDeploymentPolicy),
 * then connections and per-service settings. Unknown keys are errors.
 */
export const configSchema = z.strictObject({
  samplingRate: z.number().min(0).max(1).default(1).describe('SamplingRate: share (0..1) of statements capture publishes; the first of each fingerprint per window is always kept.'),
  performanceThreshold: z
    .strictObject({
      executionTimeMs: z.number().positive().default(100).describe('PerformanceThreshold: mean execution time (ms) above which a fingerprint is examined.'),
      scanCost: z.number().positive().default(10_000).describe('PerformanceThreshold: planner cost of a sequential scan above which it is a full-table-scan finding.'),
      joinCost: z.number().positive().default(10_000).describe('PerformanceThreshold: planner cost of a join above which a missing join index is looked for.'),
      filterCost: z.number().positive().default(5_000).describe('PerformanceThreshold: planner cost of a filtering scan above which a missing filter index is looked for.'),
      largeTableRows: z.number().int().positive().default(10_000).describe('Tables with fewer rows are "small": scanning them is not a finding.'),
    })
    .prefault({}),
  dataSkewFactor: z.number().min(0).max(5).default(1.1).describe('DataSkewFactor: Zipf exponent of skewed columns in synthetic data (0 = uniform).'),
  syntheticDataVolume: z
    .strictObject({
      rows: z.number().int().positive().nullable().default(100_000).describe('SyntheticDataVolume: rows for each table a finding touches (used when productionMultiple is null).'),
      productionMultiple: z.number().positive().nullable().default(null).describe('SyntheticDataVolume: multiple of production row counts (wins over rows when set).'),
      thinRows: z.number().int().nonnegative().default(1_000).describe('Rows for tables a finding does not touch.'),
    })
    .prefault({}),
  rewriteRuleDeploymentPolicy: z
    .strictObject({
      mode: z.enum(['manual', 'automatic', 'ab']).default('manual').describe('RewriteRuleDeploymentPolicy: manual (approve each), automatic, or ab (traffic share).'),
      abTrafficShare: z.number().gt(0).max(1).default(0.1).describe('Share of matching traffic a rewrite rule gets under the ab policy.'),
    })
    .prefault({}),
  productionValues: z
    .strictObject({
      mostCommonValues: z
        .boolean()
        .default(false)
        .describe(
          'Opt-in: read pg_stats.most_common_vals of production columns through the read-only role, so synthetic data reproduces the dominant values and partial indexes can exclude them. Off: no production value is read.',
        ),
    })
    .prefault({}),
  bus: z
    .strictObject({
      kind: z.enum(['memory', 'kafka']).default('memory').describe('memory (one process, embedded mode) or kafka (distributed mode).'),
      topicPrefix: z.string().regex(/^[a-zA-Z0-9._-]*$/, 'letters, digits, dot, dash and underscore only').default('').describe('Prefix added to every topic name.'),
    })
    .prefault({}),
  connections: z
    .strictObject({
      production: postgresUrl.default(null).describe('Production PostgreSQL (used read-only; written only by the deployer under the policy).'),
      shadow: postgresUrl.default(null).describe('Shadow PostgreSQL; null starts an embedded server.'),
      catalog: postgresUrl.default(null).describe("shadowtune's own state; null starts an embedded server."),
      kafkaBrokers: brokerList.default('localhost:9092').describe('Kafka bootstrap brokers: host:port, comma-separated.'),
      kafkaClientId: z.string().min(1).default('shadowtune').describe('Kafka client id prefix.'),
      schemaRegistryUrl: z.string().regex(/^https?:\/\//, 'must be an http(s) URL').default('http://localhost:8081').describe('Confluent Schema Registry URL.'),
    })
    .prefault({}),
  embeddedPostgres: z
    .strictObject({
      dataDir: z.string().min(1).nullable().default(null).describe('Data directory of the embedded server; null uses a temporary one removed on exit.'),
      port: z.number().int().min(0).max(65535).default(0).describe('Port of the embedded server; 0 picks a free one.'),
    })
    .prefault({}),
  health: z
    .strictObject({
      host: z.string().min(1).default('0.0.0.0').describe('Address of the /healthz, /readyz and /metrics endpoint.'),
      port: z.number().int().min(0).max(65535).default(9464).describe('Port of the health and metrics endpoint; 0 picks a free one.'),
    })
    .prefault({}),
  catalogRetention: z
    .strictObject({
      eventIdDays: z.number().positive().default(14).describe("Days the ids of events already handled are kept for idempotence; keep it longer than the topics' retention (a redelivery older than that cannot arrive)."),
      sampleDays: z.number().positive().default(30).describe('Days production latency and table volume samples are kept (at least as long as the analysis and watch windows that read them).'),
      intervalMs: z.number().int().min(1_000).default(3_600_000).describe('How often expired catalog rows are deleted.'),
    })
    .prefault({}),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level.'),
  services: z
    .strictObject({
      capture: captureConfigSchema,
      signatureAnalyzer: signatureAnalyzerConfigSchema,
      synthGenerator: synthGeneratorConfigSchema,
      benchRunner: benchRunnerConfigSchema,
      rewriteEngine: rewriteEngineConfigSchema,
      schemaEvolver: schemaEvolverConfigSchema,
      alerter: alerterConfigSchema,
      controlPlane: controlPlaneConfigSchema,
    })
    .prefault({}),
});

export type ShadowtuneConfig = z.output<typeof configSchema>;
export type ShadowtuneConfigInput = z.input<typeof configSchema>;
