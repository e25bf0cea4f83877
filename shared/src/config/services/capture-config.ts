import { z } from 'zod';

/** One PostgreSQL log file capture reads. */
export const captureLogFileSchema = z.strictObject({
  path: z.string().min(1).describe('Path of the log file (the name the server writes to; rotated files are found by their inode).'),
  format: z.enum(['stderr', 'csvlog', 'jsonlog']).default('stderr').describe('log_destination the file was written with.'),
  prefix: z.string().default('%m [%p] ').describe("The server's log_line_prefix (stderr format only), e.g. '%m [%p] %q%u@%d '."),
  mode: z.enum(['follow', 'once']).default('follow').describe('follow: like tail -F, survives rotation and truncation; once: read to the end and stop.'),
  startAt: z.enum(['beginning', 'end']).default('beginning').describe('Where a file without a checkpoint is read from.'),
});

export type CaptureLogFileConfig = z.output<typeof captureLogFileSchema>;

/** Settings of the capture service (config key `services.capture`). */
export const captureConfigSchema = z
  .strictObject({
    groupId: z.string().min(1).default('shadowtune-capture').describe('Consumer group of the capture service.'),
    logFiles: z.array(captureLogFileSchema).default([]).describe('PostgreSQL log files to read.'),
    checkpointDir: z
      .string()
      .min(1)
      .nullable()
      .default(null)
      .describe('Directory of the follow-mode checkpoints (file identity, byte offset, line); null keeps no checkpoint, so a restart reads files again from startAt.'),
    followPollIntervalMs: z.number().int().positive().default(250).describe('How often a followed file is checked for new bytes, rotation and truncation.'),
    readChunkBytes: z.number().int().min(4_096).max(64 * 1024 * 1024).default(1024 * 1024).describe('Bytes read from a log file at once; the records of one chunk are published as one batch, then checkpointed.'),
    pgStatStatements: z
      .strictObject({
        enabled: z.boolean().default(false).describe('Poll pg_stat_statements on the production connection (read-only role).'),
        pollIntervalMs: z.number().int().min(1_000).default(60_000).describe('Time between two polls; each poll publishes the deltas since the previous one.'),
        relation: z
          .string()
          .regex(/^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$/, 'a (schema-qualified) identifier')
          .default('pg_stat_statements')
          .describe('View polled (e.g. monitoring.pg_stat_statements when the extension lives in another schema).'),
      })
      .prefault({}),
    http: z
      .strictObject({
        enabled: z.boolean().default(false).describe('Serve POST /v1/events for log shippers (Vector, Fluent Bit).'),
        host: z.string().min(1).default('0.0.0.0').describe('Listen address of the log-shipper endpoint.'),
        port: z.number().int().min(0).max(65535).default(8686).describe('Listen port of the log-shipper endpoint; 0 picks a free one.'),
        bodyLimitBytes: z.number().int().min(1_024).default(10 * 1024 * 1024).describe('Largest request body accepted, compressed and after gunzip (413 above).'),
        batchLimit: z.number().int().min(1).default(10_000).describe('Most records accepted in one request (413 above).'),
      })
      .prefault({}),
    rawTopic: z
      .strictObject({
        enabled: z.boolean().default(false).describe('Consume JSON log records from a raw Kafka topic.'),
        name: z.string().min(1).default('query.events.raw').describe('Raw input topic (JSON lines of jsonlog/csvlog-shaped records).'),
      })
      .prefault({}),
    samplingWindowMs: z.number().int().positive().default(60_000).describe('Window in which the first occurrence of each fingerprint is always kept, whatever samplingRate says.'),
    maxTrackedFingerprints: z.number().int().min(100).default(20_000).describe('Fingerprints whose sampling state and parameter profiles stay in memory (least recently seen evicted first).'),
    fingerprintCacheSize: z.number().int().min(100).default(20_000).describe('Normalized statements whose parse result (fingerprint, relations, kind) is cached.'),
    maxStatementBytes: z.number().int().min(1_024).default(256 * 1024).describe('Statements larger than this are not parsed: published with a lexical fingerprint and flag STATEMENT_TOO_LARGE.'),
    commentTagKeys: z
      .array(z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'lowercase letters, digits and underscore'))
      .default(['controller', 'action', 'route', 'framework', 'application', 'job', 'db_driver'])
      .describe('sqlcommenter keys kept as tags; values must also pass a shape check (identifier-like, no long digit runs, no ids).'),
    parameterProfileSalt: z
      .string()
      .min(16)
      .nullable()
      .default(null)
      .describe('Secret salt of the parameter-value hashes (never published); null draws a random one at start, so estimates do not merge across restarts.'),
    maxProfiledParameters: z.number().int().min(1).max(1_000).default(64).describe('Placeholders profiled per fingerprint.'),
    parameterSketchBudget: z
      .number()
      .int()
      .min(100)
      .default(50_000)
      .describe('Parameter sketches (one per fingerprint seen twice and placeholder, up to about 0.5 KB each) kept in memory; the least recently seen fingerprints are forgotten first.'),
    autoExplainCountsCalls: z
      .boolean()
      .default(false)
      .describe('Whether an auto_explain plan record counts as an execution (calls 1); false (calls 0) when log_min_duration_statement logs the same statements.'),
  })
  .prefault({});

export type CaptureConfig = z.output<typeof captureConfigSchema>;
