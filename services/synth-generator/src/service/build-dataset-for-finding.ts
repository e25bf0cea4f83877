import pg from 'pg';
import { SHADOW_DATASET_LOCK_KEY } from '@shadowtune/shared/db/shadow-dataset-lock';
import type { ParameterProfile, QueryFinding, SyntheticDataset } from '@shadowtune/shared/contracts/generated-types';
import { toDatabaseError } from '@shadowtune/shared/db/to-database-error';
import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import type { Logger } from '@shadowtune/shared/log/create-logger';
import { introspectSchema } from '@shadowtune/shared/schema-model/introspect-schema';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { loadSqlParser } from '@shadowtune/shared/sql/parse-statement';
import { checkFidelity } from '../fidelity/check-fidelity.js';
import type { PlanQuery } from '../fidelity/plan-query.js';
import { SHADOW_MARKER_SCHEMA } from '../schema/shadow-marker-schema.js';
import { syncShadowSchema } from '../schema/sync-shadow-schema.js';
import type { SchemaSource } from './create-schema-source.js';
import type { DatasetDatabases } from './dataset-databases.js';
import { datasetIdOf } from './dataset-id-of.js';
import { findUnknownReferences } from './find-unknown-references.js';
import { focusFromFinding } from './focus-from-finding.js';
import { mapPlaceholderColumns } from './map-placeholder-columns.js';
import { productionValueColumnsOf } from './production-value-columns-of.js';
import { readLoadedDataset } from './read-loaded-dataset.js';
import { recordLoadedDataset } from './record-loaded-dataset.js';
import { runSynthesis } from './run-synthesis.js';
import { saveDatasetRecord } from './save-dataset-record.js';
import type { SynthesisSettings } from './synthesis-settings.js';

export interface FindingDependencies {
  readonly settings: SynthesisSettings;
  /** Shadow pool: one session holds the dataset lock and plans, up to two more load. */
  readonly shadow: pg.Pool;
  /** Catalog pool (migration 0300 applied), or null to keep no history. */
  readonly catalog: pg.Pool | null;
  /**
   * Production: its schema model (read-only introspection, cached) and one read-only
   * session for plans. Null without a production connection: the shadow's own schema is
   * the reference and the finding's plan excerpt is compared with.
   */
  readonly production: { readonly schema: SchemaSource; readonly plans: PlanQuery } | null;
  readonly profilesFor: (fingerprint: string) => readonly ParameterProfile[];
  readonly rowRatioLimit: number;
  readonly logger: Logger;
  readonly now?: () => number;
  /**
   * One database per dataset (the service's default, so a dataset stays as loaded until it
   * is measured), or absent: the dataset is loaded into `shadow` itself, replacing the last.
   */
  readonly datasetDatabases?: DatasetDatabases;
}

/** Where a dataset is loaded: a pool, and one session of it that plans and records the dataset. */
interface LoadTarget {
  readonly pool: pg.Pool;
  readonly session: pg.ClientBase;
  /** The dataset's own database (its schema is synced from the model even without production). */
  readonly own: boolean;
}


function placeholderCount(sql: string): number {
  let highest = 0;
  for (const match of sql.matchAll(/\$(\d+)/g)) highest = Math.max(highest, Number(match[1]));
  return highest;
}

async function serverVersionOf(query: PlanQuery): Promise<number> {
  const result = await query('SHOW server_version_num');
  return Number(result.rows[0]?.server_version_num ?? 0);
}

/**
 * Builds (or finds already built) the synthetic dataset of one finding and returns its
 * record: in its own database on the shadow server when `datasetDatabases` is given, else
 * in the shadow database itself. Builds are serialized by an advisory lock on the shadow.
 * Idempotent: the dataset id comes from (finding id, revision, seed), and a database
 * already holding that dataset is not loaded again. With production: the schema is synced
 * to production's (re-read first when the finding names a table or column the cached
 * model lacks). A reference unknown even then is UNKNOWN_RELATION.
 */
export async function buildDatasetForFinding(finding: QueryFinding, deps: FindingDependencies): Promise<SyntheticDataset> {
  await loadSqlParser();
  const datasetId = datasetIdOf(finding.findingId, finding.revision, deps.settings.seed);
  const session = await deps.shadow.connect();
  try {
    await session.query('SELECT pg_advisory_lock($1)', [SHADOW_DATASET_LOCK_KEY]).catch((error: unknown) => {
      throw toDatabaseError(error);
    });
    try {
      if (deps.datasetDatabases === undefined) return await fillDataset(finding, datasetId, { pool: deps.shadow, session, own: false }, deps);
      const record = await fillOwnDatabase(finding, datasetId, deps.datasetDatabases, deps);
      await deps.datasetDatabases.prune().catch((error: unknown) => deps.logger.warn({ err: error }, 'older dataset databases could not be listed'));
      return record;
    } finally {
      await session.query('SELECT pg_advisory_unlock($1)', [SHADOW_DATASET_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    session.release();
  }
}

async function withDatabase<T>(url: string, work: (target: LoadTarget) => Promise<T>): Promise<T> {
  const pool = new pg.Pool({ connectionString: url, max: 3, application_name: 'shadowtune-synth-generator' });
  pool.on('error', () => {
    // An idle client lost its connection; the next query reconnects.
  });
  try {
    const session = await pool.connect().catch((error: unknown) => {
      throw toDatabaseError(error);
    });
    try {
      return await work({ pool, session, own: true });
    } finally {
      session.release();
    }
  } finally {
    await pool.end().catch(() => undefined);
  }
}

/** The dataset in its own database: reused when it holds the dataset, recreated after a load cut off half-way. */
async function fillOwnDatabase(finding: QueryFinding, datasetId: string, databases: DatasetDatabases, deps: FindingDependencies): Promise<SyntheticDataset> {
  const dataset = { datasetId, findingId: finding.findingId };
  const prepared = await databases.prepare(dataset);
  if (prepared.existed) {
    const loaded = await withDatabase(prepared.url, (target) => readLoadedDataset(target.session));
    if (loaded?.datasetId === datasetId) {
      deps.logger.info({ datasetId, findingId: finding.findingId }, 'dataset already in its database; record published again');
      return loaded;
    }
    const fresh = await databases.recreate(dataset);
    return withDatabase(fresh.url, (target) => fillDataset(finding, datasetId, target, deps));
  }
  return withDatabase(prepared.url, (target) => fillDataset(finding, datasetId, target, deps));
}

async function fillDataset(finding: QueryFinding, datasetId: string, target: LoadTarget, deps: FindingDependencies): Promise<SyntheticDataset> {
  const { settings } = deps;
  const { session } = target;
  const loaded = await readLoadedDataset(session);
  if (loaded?.datasetId === datasetId) {
    deps.logger.info({ datasetId, findingId: finding.findingId }, 'dataset already in the shadow; record published again');
    return loaded;
  }
  let model: SchemaModel;
  if (deps.production !== null) {
    model = await deps.production.schema.get();
    if (findUnknownReferences(finding, model).length > 0 || model.version !== finding.schemaVersion) model = await deps.production.schema.refresh();
  } else {
    // The shadow's statistics describe earlier synthetic data, not production: dropped,
    // so they do not feed back into the generator as if they were production's. The
    // marker tables are the generator's own, not the application's.
    const shadowModel = await introspectSchema(deps.shadow);
    model = { ...shadowModel, tables: shadowModel.tables.filter((t) => t.schema !== SHADOW_MARKER_SCHEMA).map((t) => ({ ...t, stats: { ...t.stats, rowEstimate: -1 }, columns: t.columns.map((c) => ({ ...c, stats: null })) })) };
  }
  const unknown = findUnknownReferences(finding, model);
  if (unknown.length > 0) {
    throw new ShadowtuneError('UNKNOWN_RELATION', `finding names ${unknown.join(', ')}, which the ${deps.production !== null ? 'production' : 'shadow'} schema does not have`, {
      context: { findingId: finding.findingId, unknown: unknown.join(',') },
    });
  }
  const notes: string[] = [];
  await recordLoadedDataset(session, null);
  if (deps.production !== null || target.own) {
    const sync = await syncShadowSchema(session, model);
    if (sync.action !== 'unchanged') deps.logger.info({ action: sync.action, version: sync.version }, 'shadow schema synced');
    notes.push(...sync.notes);
  }
  const focus = focusFromFinding(finding, model, deps.profilesFor(finding.fingerprint));
  const { plan, report } = await runSynthesis({ model, shadow: target.pool, focus, settings });
  notes.push(...plan.notes, ...plan.tables.flatMap((t) => t.notes.map((n) => `${t.schema}.${t.name}: ${n}`)), ...report.notes);
  notes.push(...plan.skipped.map((s) => `${s.schema}.${s.name} not loaded: ${s.reason}`));

  const placeholders = mapPlaceholderColumns(finding.normalizedSql, model);
  const parameterTypes = Array.from({ length: placeholderCount(finding.normalizedSql) }, (_, i) => placeholders.find((p) => p.position === i + 1)?.parameterType ?? 'unknown');
  const shadowQuery: PlanQuery = (sql) => session.query(sql);
  const fidelity = await checkFidelity({
    sql: finding.normalizedSql,
    parameterTypes,
    shadow: { query: shadowQuery, serverVersion: await serverVersionOf(shadowQuery) },
    production: deps.production === null ? null : { query: deps.production.plans, serverVersion: model.serverVersion },
    planExcerpt: finding.planExcerpt,
    rowRatioLimit: deps.rowRatioLimit,
  });
  const database = await session.query<{ name: string }>('SELECT current_database() AS name');
  const record: SyntheticDataset = {
    datasetId,
    findingId: finding.findingId,
    fingerprint: finding.fingerprint,
    shadowDatabase: database.rows[0]?.name ?? '',
    seed: settings.seed,
    skewFactor: settings.skewFactor,
    tables: report.tables.map((t) => ({ schema: t.schema, table: t.name, rows: t.rows, deep: t.deep, loadMs: Math.round(t.loadMs * 1000) / 1000 })),
    fidelity,
    createdAt: (deps.now ?? Date.now)(),
    schemaVersion: model.version,
    productionValueColumns: productionValueColumnsOf(plan),
    notes,
  };
  await recordLoadedDataset(session, record);
  if (deps.catalog !== null) await saveDatasetRecord(deps.catalog, record, finding.revision);
  deps.logger.info({ datasetId, findingId: finding.findingId, database: record.shadowDatabase, rows: report.tables.reduce((s, t) => s + t.rows, 0), reproducesPlan: fidelity.reproducesPlan }, 'synthetic dataset loaded');
  return record;
}
