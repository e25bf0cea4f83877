import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import type { ShadowtuneConfig } from '@shadowtune/shared/config/config-schema';
import type { QueryFinding, QuerySignature } from '@shadowtune/shared/contracts/generated-types';
import { createProductionReader } from '@shadowtune/shared/db/create-production-reader';
import { databaseUrl } from '@shadowtune/shared/db/database-url';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import type { Logger } from '@shadowtune/shared/log/create-logger';
import { introspectSchema } from '@shadowtune/shared/schema-model/introspect-schema';
import { loadSchemaFile } from '@shadowtune/shared/schema-model/load-schema-file';
import { quoteIdentifier } from '@shadowtune/shared/sql/quote-identifier';
import type { ExaminationRecord } from '../catalog/examination-record.js';
import { createSignatureAnalyzer } from '../create-signature-analyzer.js';
import { severityRank } from '../detect/severity-rank.js';
import { createGenericPlanSource, type GenericPlanSource } from '../plan/generic-plan-source.js';
import { createSchemaProvider } from '../schema-provider.js';
import { sqlQueryOf } from '../sql-query-of.js';

/** What the capture step reports when it is through the workload. */
export interface CaptureSummary {
  readonly signatures: number;
  readonly deadLetters: number;
}

export type AnalyzeSchemaSource =
  | { readonly kind: 'file'; readonly path: string; readonly shadowServerUrl: string }
  | { readonly kind: 'production'; readonly url: string };

export interface RunAnalyzeOptions {
  readonly config: ShadowtuneConfig;
  readonly schema: AnalyzeSchemaSource;
  /** The capture step: feeds every signature of the workload, in order. */
  readonly capture: (onSignature: (signature: QuerySignature) => Promise<void>) => Promise<CaptureSummary>;
  readonly logger: Logger;
  /** Called after each signature (for a progress display). */
  readonly onProgress?: (signatures: number) => void;
}

/** One examined fingerprint without an open finding, as `--explain` prints it. */
export interface SilenceLine {
  readonly fingerprint: string;
  readonly normalizedSql: string;
  readonly reason: string;
  readonly detail: string | null;
  readonly trigger: string;
}

export interface AnalyzeReport {
  /** Open findings, latest revision each, most severe first. */
  readonly findings: readonly QueryFinding[];
  readonly silences: readonly SilenceLine[];
  readonly capture: CaptureSummary;
  readonly signatures: number;
}

interface Opened {
  readonly plans: GenericPlanSource;
  readonly load: () => Promise<Awaited<ReturnType<typeof introspectSchema>>>;
  close(): Promise<void>;
}

/** A temporary database on the shadow server holding the schema file; dropped by close(). */
async function openSchemaFile(path: string, serverUrl: string, settings: ShadowtuneConfig['services']['signatureAnalyzer']): Promise<Opened> {
  const text = await readFile(path, 'utf8').catch((cause: unknown) => {
    throw new ShadowtuneError('USAGE_INVALID', `cannot read schema file ${path}`, { cause });
  });
  const name = `shadowtune_analyze_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl, application_name: 'shadowtune-analyze' });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
  } catch (error) {
    await admin.end().catch(() => undefined);
    throw toDatabaseError(error);
  }
  const drop = async (): Promise<void> => {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`).catch(() => undefined);
    await admin.end().catch(() => undefined);
  };
  const client = new pg.Client({ connectionString: databaseUrl(serverUrl, name), application_name: 'shadowtune-analyze' });
  try {
    await client.connect();
    await loadSchemaFile(client, text);
  } catch (error) {
    await client.end().catch(() => undefined);
    await drop();
    throw toDatabaseError(error);
  }
  return {
    plans: createGenericPlanSource({ query: sqlQueryOf(client), statementTimeoutMs: settings.explainTimeoutMs }),
    load: () => introspectSchema(client),
    async close() {
      await client.end().catch(() => undefined);
      await drop();
    },
  };
}

/** Production through the read-only role: one connection for plans, a read-only session for the schema. */
async function openProduction(url: string, settings: ShadowtuneConfig['services']['signatureAnalyzer']): Promise<Opened> {
  const reader = await createProductionReader({ url, maxConnections: 1, statementTimeoutMs: settings.explainTimeoutMs, applicationName: 'shadowtune-analyze' });
  const introspection = new pg.Client({ connectionString: url, application_name: 'shadowtune-analyze', options: '-c default_transaction_read_only=on' });
  try {
    await introspection.connect();
  } catch (error) {
    await reader.close();
    throw toDatabaseError(error);
  }
  return {
    plans: createGenericPlanSource({ query: (sql, params) => reader.query(sql, params), statementTimeoutMs: settings.explainTimeoutMs }),
    load: () => introspectSchema(introspection),
    async close() {
      await Promise.all([reader.close().catch(() => undefined), introspection.end().catch(() => undefined)]);
    },
  };
}

/**
 * `shadowtune analyze` in one process: reads the schema (a schema file loaded into a
 * temporary database on the shadow server, or production through the read-only role),
 * runs the capture step over the workload and the analyzer over every signature (with
 * statistics and findings kept in memory, no catalog), and returns the open findings and,
 * for every other examined fingerprint, the reason it has none.
 */
export async function runAnalyze(options: RunAnalyzeOptions): Promise<AnalyzeReport> {
  const settings = options.config.services.signatureAnalyzer;
  const opened = options.schema.kind === 'file' ? await openSchemaFile(options.schema.path, options.schema.shadowServerUrl, settings) : await openProduction(options.schema.url, settings);
  try {
    const findings = new Map<string, QueryFinding>();
    const latest = new Map<string, ExaminationRecord>();
    const analyzer = createSignatureAnalyzer({
      config: options.config,
      catalog: null,
      schema: createSchemaProvider(opened.load, Number.MAX_SAFE_INTEGER, options.logger),
      plans: opened.plans,
      publish: async () => undefined,
      logger: options.logger,
    });
    let signatures = 0;
    const capture = await options.capture(async (signature) => {
      const result = await analyzer.handle(signature);
      signatures += 1;
      if (result.examination !== null) latest.set(result.examination.fingerprint, result.examination);
      if (result.finding !== null) findings.set(result.finding.findingId, result.finding);
      for (const id of result.resolved) findings.delete(id);
      options.onProgress?.(signatures);
    });
    const open = [...findings.values()].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.fingerprint.localeCompare(b.fingerprint));
    const withFinding = new Set(open.map((f) => f.fingerprint));
    const silences: SilenceLine[] = [...latest.values()]
      .filter((record) => record.outcome === 'no_finding' && !withFinding.has(record.fingerprint))
      .map((record) => ({ fingerprint: record.fingerprint, normalizedSql: record.normalizedSql, reason: record.reasonCode!, detail: record.reasonDetail, trigger: record.trigger }));
    return { findings: open, silences, capture, signatures };
  } finally {
    await opened.close();
  }
}
