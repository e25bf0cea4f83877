import pg from 'pg';
import { ShadowtuneError } from '../errors/shadowtune-error.js';
import { quoteQualifiedName } from '../sql/quote-identifier.js';
import { computeSchemaVersion } from './compute-schema-version.js';
import type {
  CheckConstraintModel,
  ColumnModel,
  ColumnStats,
  DomainModel,
  EnumModel,
  ForeignKeyModel,
  IndexKeyPart,
  IndexModel,
  PartitioningModel,
  RelationKind,
  SchemaModel,
  SequenceModel,
  TableModel,
  UniqueConstraintModel,
} from './schema-model.js';

export interface IntrospectSchemaOptions {
  /** Schemas to read. Default: every schema except pg_catalog, information_schema, pg_toast*, pg_temp_* and shadowtune. */
  readonly schemas?: readonly string[];
  /**
   * Run count(*) on every table, partitioned table and materialized view the role may read,
   * instead of trusting reltuples. Costs a full scan of each: meant for shadows and tests.
   */
  readonly exactCounts?: boolean;
  /**
   * Also read pg_stats.most_common_vals (as text), aligned with mostCommonFrequencies. These
   * are data values: only with the operator's opt-in (config productionValues.mostCommonValues)
   * when the database is production. Without it the query does not name the column at all.
   */
  readonly mostCommonValues?: boolean;
}

/** Schemas never read by default: the system's own and shadowtune's catalog. */
const EXCLUDED_SCHEMAS = ['pg_catalog', 'information_schema', 'shadowtune'];

// Objects that belong to an extension (hypopg's view, pg_trgm's types...) are left out:
// CREATE EXTENSION recreates them, so they are not part of the application's schema.
const notExtensionMember = (classCatalog: string, oidColumn: string): string => `NOT EXISTS (
  SELECT 1 FROM pg_catalog.pg_depend dep
  WHERE dep.classid = '${classCatalog}'::regclass AND dep.objid = ${oidColumn} AND dep.deptype = 'e')`;

const NAMESPACES_SQL = `
SELECT n.oid, n.nspname
FROM pg_catalog.pg_namespace n
WHERE CASE WHEN $1::text[] IS NULL
  THEN n.nspname <> ALL ($2::text[]) AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'
  ELSE n.nspname = ANY ($1::text[]) END`;

const RELATION_KINDS = `('r','p','v','m','f')`;

const RELATIONS_SQL = `
SELECT c.oid, n.nspname AS schema, c.relname AS name, c.relkind,
       c.reltuples::float8 AS reltuples, c.relpages,
       COALESCE(pg_catalog.pg_total_relation_size(c.oid), 0)::float8 AS total_bytes,
       pt.partstrat,
       CASE WHEN pt.partrelid IS NOT NULL THEN pg_catalog.pg_get_partkeydef(c.oid) END AS partition_key,
       CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
       parent_ns.nspname AS parent_schema, parent.relname AS parent_name,
       pg_catalog.has_table_privilege(c.oid, 'SELECT') AS readable
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_partitioned_table pt ON pt.partrelid = c.oid
LEFT JOIN pg_catalog.pg_inherits inh ON c.relispartition AND inh.inhrelid = c.oid
LEFT JOIN pg_catalog.pg_class parent ON parent.oid = inh.inhparent
LEFT JOIN pg_catalog.pg_namespace parent_ns ON parent_ns.oid = parent.relnamespace
WHERE c.relnamespace = ANY ($1::oid[]) AND c.relkind IN ${RELATION_KINDS}
  AND ${notExtensionMember('pg_class', 'c.oid')}`;

const TARGET_RELATION = (alias: string): string => `${alias} IN (
  SELECT c.oid FROM pg_catalog.pg_class c
  WHERE c.relnamespace = ANY ($1::oid[]) AND c.relkind IN ${RELATION_KINDS}
    AND ${notExtensionMember('pg_class', 'c.oid')})`;

// `named` is the column's type, or its element type for an array. A domain's own type
// modifier (varchar(20) under `CREATE DOMAIN d AS varchar(20)`) is looked through one
// level, as information_schema does, to report length and precision.
const COLUMNS_SQL = `
SELECT a.attrelid AS relid, a.attname AS name, a.attnum AS position,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS data_type,
       NOT (a.attnotnull OR (t.typtype = 'd' AND t.typnotnull)) AS nullable, a.attidentity AS identity, a.attgenerated AS generated,
       pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) AS default_expression,
       named.typname AS type_name, named_ns.nspname AS type_schema, named.typcategory AS type_category,
       (t.typtype = 'b' AND t.typcategory = 'A' AND t.typelem <> 0) AS is_array,
       effective_element.typname AS effective_type_name,
       CASE WHEN named.typtype = 'd' THEN named.typtypmod ELSE a.atttypmod END AS effective_typmod
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
JOIN pg_catalog.pg_type named
  ON named.oid = CASE WHEN t.typtype = 'b' AND t.typcategory = 'A' AND t.typelem <> 0 THEN t.typelem ELSE t.oid END
JOIN pg_catalog.pg_namespace named_ns ON named_ns.oid = named.typnamespace
JOIN pg_catalog.pg_type effective ON effective.oid = CASE WHEN named.typtype = 'd' THEN named.typbasetype ELSE named.oid END
JOIN pg_catalog.pg_type effective_element
  ON effective_element.oid = CASE WHEN effective.typcategory = 'A' AND effective.typelem <> 0 THEN effective.typelem ELSE effective.oid END
LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
WHERE a.attnum > 0 AND NOT a.attisdropped AND ${TARGET_RELATION('a.attrelid')}
ORDER BY a.attrelid, a.attnum`;

// Only the value-free columns of pg_stats are named by default: most_common_vals,
// histogram_bounds and the element statistics hold data values. most_common_vals is read
// only when the caller opts in (a second text of the query, so the default one never names it);
// anyarray goes through its text form to text[], which keeps each value's output form.
const columnStatsSql = (withValues: boolean): string => `
SELECT DISTINCT ON (s.schemaname, s.tablename, s.attname)
       s.schemaname AS schema, s.tablename AS table_name, s.attname AS column_name,
       s.null_frac::float8 AS null_fraction, s.n_distinct::float8 AS n_distinct,
       pg_catalog.to_json(s.most_common_freqs::float8[]) AS most_common_frequencies,${
         withValues ? `\n       pg_catalog.to_json(s.most_common_vals::text::text[]) AS most_common_values,` : ''
       }
       s.correlation::float8 AS correlation, s.avg_width AS average_width
FROM pg_catalog.pg_stats s
WHERE s.schemaname = ANY ($1::text[])
ORDER BY s.schemaname, s.tablename, s.attname, s.inherited`;

const columnNamesSql = (relidColumn: string, attnumsColumn: string): string => `ARRAY(
  SELECT att.attname FROM pg_catalog.unnest(${attnumsColumn}) WITH ORDINALITY AS k(attnum, ord)
  JOIN pg_catalog.pg_attribute att ON att.attrelid = ${relidColumn} AND att.attnum = k.attnum
  ORDER BY k.ord)::text[]`;

// NOT NULL rows (contype 'n', PostgreSQL 18) and exclusion constraints are not read. A
// foreign key that references a partitioned table gets one hidden clone per referenced
// partition on the same referencing table (conparentid set, same conrelid): skipped.
const CONSTRAINTS_SQL = `
SELECT con.conrelid AS relid, con.conname AS name, con.contype AS type,
       pg_catalog.pg_get_constraintdef(con.oid) AS definition,
       ${columnNamesSql('con.conrelid', 'con.conkey')} AS columns,
       ref_ns.nspname AS referenced_schema, ref.relname AS referenced_table,
       ${columnNamesSql('con.confrelid', 'con.confkey')} AS referenced_columns,
       con.confdeltype AS on_delete, con.confupdtype AS on_update,
       con.condeferrable AS deferrable, con.condeferred AS initially_deferred, con.convalidated AS validated
FROM pg_catalog.pg_constraint con
LEFT JOIN pg_catalog.pg_class ref ON ref.oid = con.confrelid
LEFT JOIN pg_catalog.pg_namespace ref_ns ON ref_ns.oid = ref.relnamespace
WHERE con.contype IN ('p','u','c','f') AND ${TARGET_RELATION('con.conrelid')}
  AND NOT (con.contype = 'f' AND EXISTS (
    SELECT 1 FROM pg_catalog.pg_constraint parent_con
    WHERE parent_con.oid = con.conparentid AND parent_con.conrelid = con.conrelid))`;

const INDEXES_SQL = `
SELECT i.indrelid AS relid, ic.relname AS name, am.amname AS method,
       i.indisunique AS unique, i.indisprimary AS primary, i.indisvalid AS valid,
       pg_catalog.pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
       pg_catalog.pg_get_indexdef(i.indexrelid) AS definition,
       pg_catalog.pg_relation_size(i.indexrelid)::float8 AS size_bytes,
       i.indnkeyatts AS key_count,
       (SELECT pg_catalog.json_agg(pg_catalog.json_build_object(
           'column', att.attname,
           'expression', CASE WHEN i.indkey[k - 1] = 0 THEN pg_catalog.pg_get_indexdef(i.indexrelid, k, true) END,
           'option', i.indoption[k - 1],
           'operatorClass', opc.opcname) ORDER BY k)
         FROM pg_catalog.generate_series(1, i.indnatts) AS k
         LEFT JOIN pg_catalog.pg_attribute att ON att.attrelid = i.indrelid AND att.attnum = i.indkey[k - 1] AND i.indkey[k - 1] <> 0
         LEFT JOIN pg_catalog.pg_opclass opc ON k <= i.indnkeyatts AND opc.oid = i.indclass[k - 1]) AS parts
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_am am ON am.oid = ic.relam
WHERE ${TARGET_RELATION('i.indrelid')}`;

const ENUMS_SQL = `
SELECT n.nspname AS schema, t.typname AS name,
       ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'e' AND t.typnamespace = ANY ($1::oid[]) AND ${notExtensionMember('pg_type', 't.oid')}`;

const DOMAINS_SQL = `
SELECT n.nspname AS schema, t.typname AS name,
       pg_catalog.format_type(t.typbasetype, t.typtypmod) AS base_type,
       t.typnotnull AS not_null, t.typdefault AS default_expression,
       ARRAY(SELECT pg_catalog.pg_get_constraintdef(con.oid) FROM pg_catalog.pg_constraint con
             WHERE con.contypid = t.oid AND con.contype = 'c' ORDER BY con.conname) AS checks
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'd' AND t.typnamespace = ANY ($1::oid[]) AND ${notExtensionMember('pg_type', 't.oid')}`;

// OWNED BY (serial, explicit) is an 'a' dependency on the column; an identity column's
// sequence is an 'i' dependency.
const SEQUENCES_SQL = `
SELECT n.nspname AS schema, c.relname AS name, pg_catalog.format_type(s.seqtypid, NULL) AS data_type,
       owner_ns.nspname AS owner_schema, owner.relname AS owner_table, owner_att.attname AS owner_column,
       dep.deptype = 'i' AS identity
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_sequence s ON s.seqrelid = c.oid
LEFT JOIN pg_catalog.pg_depend dep
  ON dep.classid = 'pg_class'::regclass AND dep.objid = c.oid AND dep.refclassid = 'pg_class'::regclass
 AND dep.refobjsubid > 0 AND dep.deptype IN ('a','i')
LEFT JOIN pg_catalog.pg_class owner ON owner.oid = dep.refobjid
LEFT JOIN pg_catalog.pg_namespace owner_ns ON owner_ns.oid = owner.relnamespace
LEFT JOIN pg_catalog.pg_attribute owner_att ON owner_att.attrelid = dep.refobjid AND owner_att.attnum = dep.refobjsubid
WHERE c.relkind = 'S' AND c.relnamespace = ANY ($1::oid[]) AND ${notExtensionMember('pg_class', 'c.oid')}`;

const EXTENSIONS_SQL = `SELECT extname FROM pg_catalog.pg_extension`;

interface RelationRow {
  oid: number;
  schema: string;
  name: string;
  relkind: string;
  reltuples: number;
  relpages: number;
  total_bytes: number;
  partstrat: string | null;
  partition_key: string | null;
  partition_bound: string | null;
  parent_schema: string | null;
  parent_name: string | null;
  readable: boolean;
}

interface ColumnRow {
  relid: number;
  name: string;
  position: number;
  data_type: string;
  nullable: boolean;
  identity: string;
  generated: string;
  default_expression: string | null;
  type_name: string;
  type_schema: string;
  type_category: string;
  is_array: boolean;
  effective_type_name: string;
  effective_typmod: number;
}

interface ColumnStatsRow {
  schema: string;
  table_name: string;
  column_name: string;
  null_fraction: number;
  n_distinct: number;
  most_common_frequencies: number[] | null;
  most_common_values?: string[] | null;
  correlation: number | null;
  average_width: number;
}

interface ConstraintRow {
  relid: number;
  name: string;
  type: 'p' | 'u' | 'c' | 'f';
  definition: string;
  columns: string[];
  referenced_schema: string | null;
  referenced_table: string | null;
  referenced_columns: string[];
  on_delete: string;
  on_update: string;
  deferrable: boolean;
  initially_deferred: boolean;
  validated: boolean;
}

interface IndexPartRow {
  column: string | null;
  expression: string | null;
  option: number;
  operatorClass: string | null;
}

interface IndexRow {
  relid: number;
  name: string;
  method: string;
  unique: boolean;
  primary: boolean;
  valid: boolean;
  predicate: string | null;
  definition: string;
  size_bytes: number;
  key_count: number;
  parts: IndexPartRow[];
}

interface EnumRow {
  schema: string;
  name: string;
  labels: string[];
}

interface DomainRow {
  schema: string;
  name: string;
  base_type: string;
  not_null: boolean;
  default_expression: string | null;
  checks: string[];
}

interface SequenceRow {
  schema: string;
  name: string;
  data_type: string;
  owner_schema: string | null;
  owner_table: string | null;
  owner_column: string | null;
  identity: boolean | null;
}

const RELATION_KIND_BY_RELKIND: Readonly<Record<string, RelationKind>> = {
  r: 'table',
  p: 'partitioned-table',
  v: 'view',
  m: 'materialized-view',
  f: 'foreign-table',
};

const PARTITION_STRATEGY: Readonly<Record<string, 'range' | 'list' | 'hash'>> = { r: 'range', l: 'list', h: 'hash' };

const REFERENTIAL_ACTION: Readonly<Record<string, ForeignKeyModel['onDelete']>> = {
  a: 'no-action',
  r: 'restrict',
  c: 'cascade',
  n: 'set-null',
  d: 'set-default',
};

/** Relation kinds whose rows count(*) can read cheaply and safely (not views, not foreign servers). */
const COUNTABLE_KINDS: ReadonlySet<RelationKind> = new Set(['table', 'partitioned-table', 'materialized-view']);

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => number | string): Map<number | string, T[]> {
  const groups = new Map<number | string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

// typmod layouts from the server's varchar.c and numeric.c: varchar/bpchar store n + 4;
// numeric stores ((precision << 16) | scale) + 4, with an 11-bit signed scale since PG 15.
function characterLength(typeName: string, typmod: number): number | null {
  return (typeName === 'varchar' || typeName === 'bpchar') && typmod >= 4 ? typmod - 4 : null;
}

function numericPrecisionAndScale(typeName: string, typmod: number): { precision: number | null; scale: number | null } {
  if (typeName !== 'numeric' || typmod < 4) return { precision: null, scale: null };
  const packed = typmod - 4;
  return { precision: (packed >> 16) & 0xffff, scale: ((packed & 0x7ff) ^ 1024) - 1024 };
}

/** The values when they pair one to one with the frequencies (they always should), else null. */
function alignedValues(values: string[] | null, frequencies: readonly number[]): string[] | null {
  if (values === null) return frequencies.length === 0 ? [] : null;
  return values.length === frequencies.length ? values : null;
}

function toColumn(row: ColumnRow, stats: ColumnStats | null): ColumnModel {
  const { precision, scale } = numericPrecisionAndScale(row.effective_type_name, row.effective_typmod);
  const generated = row.generated === 's' ? 'stored' : row.generated === 'v' ? 'virtual' : null;
  return {
    name: row.name,
    position: row.position,
    dataType: row.data_type,
    typeName: row.type_name,
    typeSchema: row.type_schema,
    typeCategory: row.type_category,
    isArray: row.is_array,
    nullable: row.nullable,
    defaultExpression: generated === null ? row.default_expression : null,
    identity: row.identity === 'a' ? 'always' : row.identity === 'd' ? 'by-default' : null,
    generatedExpression: generated === null ? null : row.default_expression,
    generatedStorage: generated,
    maxLength: characterLength(row.effective_type_name, row.effective_typmod),
    numericPrecision: precision,
    numericScale: scale,
    stats,
  };
}

function toIndex(row: IndexRow): IndexModel {
  const keyParts: IndexKeyPart[] = row.parts.slice(0, row.key_count).map((part) => ({
    column: part.column,
    expression: part.expression,
    // indoption bits from the server's pg_index.h: 1 = DESC, 2 = NULLS FIRST.
    descending: (part.option & 1) !== 0,
    nullsFirst: (part.option & 2) !== 0,
    operatorClass: part.operatorClass ?? '',
  }));
  return {
    name: row.name,
    method: row.method,
    keyParts,
    include: row.parts.slice(row.key_count).map((part) => part.column ?? ''),
    unique: row.unique,
    primary: row.primary,
    predicate: row.predicate,
    valid: row.valid,
    definition: row.definition,
    sizeBytes: row.size_bytes,
  };
}

function toForeignKey(row: ConstraintRow): ForeignKeyModel {
  return {
    name: row.name,
    columns: row.columns,
    referencedSchema: row.referenced_schema ?? '',
    referencedTable: row.referenced_table ?? '',
    referencedColumns: row.referenced_columns,
    onDelete: REFERENTIAL_ACTION[row.on_delete] ?? 'no-action',
    onUpdate: REFERENTIAL_ACTION[row.on_update] ?? 'no-action',
    deferrable: row.deferrable,
    initiallyDeferred: row.initially_deferred,
    validated: row.validated,
  };
}

function toPartitioning(row: RelationRow): PartitioningModel | null {
  if (row.partstrat === null && row.parent_name === null) return null;
  return {
    strategy: row.partstrat === null ? null : (PARTITION_STRATEGY[row.partstrat] ?? null),
    key: row.partition_key,
    parent: row.parent_name === null ? null : `${row.parent_schema}.${row.parent_name}`,
    parentSchema: row.parent_schema,
    parentName: row.parent_name,
    bound: row.partition_bound,
  };
}

function isPool(client: pg.ClientBase | pg.Pool): client is pg.Pool {
  return client instanceof pg.Pool || 'totalCount' in client;
}

// The server prints expressions, bounds and type names through these settings: fixing
// them makes the model (and its version) the same whatever the session had. An empty
// search_path makes every user object schema-qualified (`public.order_status`), as pg_dump does.
const STABLE_OUTPUT_SETTINGS = `SET LOCAL search_path = pg_catalog; SET LOCAL TimeZone = 'UTC';
SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL IntervalStyle = 'postgres'; SET LOCAL extra_float_digits = 1`;

const SAVEPOINT = 'shadowtune_introspect_schema';

async function run<R extends pg.QueryResultRow>(connection: pg.ClientBase, what: string, sql: string, params: unknown[]): Promise<R[]> {
  try {
    return (await connection.query<R>(sql, params)).rows;
  } catch (error) {
    // No SQLSTATE: the connection itself failed, which a retry may fix.
    const sqlstate = (error as { code?: unknown }).code;
    const code = typeof sqlstate === 'string' && /^[0-9A-Z]{5}$/.test(sqlstate) ? 'DB_QUERY_FAILED' : 'DB_UNAVAILABLE';
    throw new ShadowtuneError(code, `schema introspection failed while reading ${what}: ${(error as Error).message}`, {
      cause: error,
      sql,
      context: { step: what },
    });
  }
}

/**
 * Runs `work` on one connection inside one REPEATABLE READ READ ONLY transaction, so every
 * catalog query sees the same snapshot. A client already inside a transaction is used in
 * its own transaction (its snapshot) under a savepoint that is rolled back afterwards, so
 * the output settings above do not leak into the caller's session.
 */
async function inSnapshot<T>(client: pg.ClientBase | pg.Pool, work: (connection: pg.ClientBase) => Promise<T>): Promise<T> {
  let connection: pg.ClientBase;
  try {
    connection = isPool(client) ? await client.connect() : client;
  } catch (error) {
    throw new ShadowtuneError('DB_UNAVAILABLE', `schema introspection could not get a connection: ${(error as Error).message}`, { cause: error });
  }
  try {
    const callerTransaction = connection.getTransactionStatus() === 'T';
    if (connection.getTransactionStatus() === 'E') {
      throw new ShadowtuneError('INPUT_INVALID', 'schema introspection was given a client whose transaction has already failed');
    }
    const start = callerTransaction ? `SAVEPOINT ${SAVEPOINT}` : 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';
    await run(connection, 'transaction start', start, []);
    try {
      await run(connection, 'session settings', STABLE_OUTPUT_SETTINGS, []);
      const result = await work(connection);
      const end = callerTransaction ? `ROLLBACK TO SAVEPOINT ${SAVEPOINT}; RELEASE SAVEPOINT ${SAVEPOINT}` : 'COMMIT';
      await run(connection, 'transaction end', end, []);
      return result;
    } catch (error) {
      await connection
        .query(callerTransaction ? `ROLLBACK TO SAVEPOINT ${SAVEPOINT}; RELEASE SAVEPOINT ${SAVEPOINT}` : 'ROLLBACK')
        .catch(() => undefined);
      throw error;
    }
  } finally {
    if (isPool(client)) (connection as pg.PoolClient).release();
  }
}

/**
 * Reads the schema of a live database into a SchemaModel with a fixed set of catalog
 * queries (no per-table round trips, except count(*) when exactCounts is asked for).
 * Reads pg_stats' value-free figures only, unless `mostCommonValues` is asked for (an
 * operator's opt-in for production). Works with a read-only role.
 */
export async function introspectSchema(client: pg.ClientBase | pg.Pool, options: IntrospectSchemaOptions = {}): Promise<SchemaModel> {
  return inSnapshot(client, async (connection) => {
    const [versionRow] = await run<{ version: number }>(connection, 'server version', `SELECT current_setting('server_version_num')::int AS version`, []);
    const namespaces = await run<{ oid: number; nspname: string }>(connection, 'schemas', NAMESPACES_SQL, [
      options.schemas === undefined ? null : [...options.schemas],
      EXCLUDED_SCHEMAS,
    ]);
    const namespaceOids = namespaces.map((n) => n.oid);
    const namespaceNames = namespaces.map((n) => n.nspname);
    const oidParams = [namespaceOids];

    const relations = await run<RelationRow>(connection, 'relations', RELATIONS_SQL, oidParams);
    const columns = await run<ColumnRow>(connection, 'columns', COLUMNS_SQL, oidParams);
    const columnStats = await run<ColumnStatsRow>(connection, 'column statistics', columnStatsSql(options.mostCommonValues === true), [namespaceNames]);
    const constraints = await run<ConstraintRow>(connection, 'constraints', CONSTRAINTS_SQL, oidParams);
    const indexes = await run<IndexRow>(connection, 'indexes', INDEXES_SQL, oidParams);
    const enums = await run<EnumRow>(connection, 'enums', ENUMS_SQL, oidParams);
    const domains = await run<DomainRow>(connection, 'domains', DOMAINS_SQL, oidParams);
    const sequences = await run<SequenceRow>(connection, 'sequences', SEQUENCES_SQL, oidParams);
    const extensions = await run<{ extname: string }>(connection, 'extensions', EXTENSIONS_SQL, []);

    const columnsByRelation = groupBy(columns, (c) => c.relid);
    const constraintsByRelation = groupBy(constraints, (c) => c.relid);
    const indexesByRelation = groupBy(indexes, (i) => i.relid);
    const statsByColumn = new Map<string, ColumnStats>();
    for (const row of columnStats) {
      statsByColumn.set(JSON.stringify([row.schema, row.table_name, row.column_name]), {
        nullFraction: row.null_fraction,
        nDistinct: row.n_distinct,
        mostCommonFrequencies: row.most_common_frequencies ?? [],
        mostCommonValues: options.mostCommonValues === true ? alignedValues(row.most_common_values ?? null, row.most_common_frequencies ?? []) : null,
        correlation: row.correlation,
        averageWidth: row.average_width,
      });
    }

    const tables: TableModel[] = [];
    for (const relation of relations) {
      const kind = RELATION_KIND_BY_RELKIND[relation.relkind];
      if (kind === undefined) continue;
      const tableConstraints = constraintsByRelation.get(relation.oid) ?? [];
      const primaryKey = tableConstraints.find((c) => c.type === 'p');
      let rowEstimate = relation.reltuples;
      // A read-only role may lack SELECT on some tables: those keep their estimate.
      if (options.exactCounts === true && COUNTABLE_KINDS.has(kind) && relation.readable) {
        const [count] = await run<{ count: number }>(
          connection,
          `row count of ${relation.schema}.${relation.name}`,
          `SELECT count(*)::float8 AS count FROM ${quoteQualifiedName(relation.schema, relation.name)}`,
          [],
        );
        rowEstimate = count?.count ?? rowEstimate;
      }
      tables.push({
        schema: relation.schema,
        name: relation.name,
        kind,
        columns: (columnsByRelation.get(relation.oid) ?? []).map((row) =>
          toColumn(row, statsByColumn.get(JSON.stringify([relation.schema, relation.name, row.name])) ?? null),
        ),
        primaryKey: primaryKey === undefined ? null : primaryKey.columns,
        uniqueConstraints: tableConstraints
          .filter((c) => c.type === 'u')
          .map((c): UniqueConstraintModel => ({ name: c.name, columns: c.columns }))
          .sort((a, b) => byText(a.name, b.name)),
        checks: tableConstraints
          .filter((c) => c.type === 'c')
          .map((c): CheckConstraintModel => ({ name: c.name, definition: c.definition, columns: c.columns }))
          .sort((a, b) => byText(a.name, b.name)),
        foreignKeys: tableConstraints
          .filter((c) => c.type === 'f')
          .map(toForeignKey)
          .sort((a, b) => byText(a.name, b.name)),
        indexes: (indexesByRelation.get(relation.oid) ?? []).map(toIndex).sort((a, b) => byText(a.name, b.name)),
        partitioning: toPartitioning(relation),
        stats: { rowEstimate, pages: relation.relpages, totalBytes: relation.total_bytes },
      });
    }
    tables.sort((a, b) => byText(a.schema, b.schema) || byText(a.name, b.name));

    const withoutVersion: Omit<SchemaModel, 'version'> = {
      serverVersion: versionRow?.version ?? 0,
      tables,
      enums: enums
        .map((row): EnumModel => ({ schema: row.schema, name: row.name, labels: row.labels }))
        .sort((a, b) => byText(a.schema, b.schema) || byText(a.name, b.name)),
      domains: domains
        .map(
          (row): DomainModel => ({
            schema: row.schema,
            name: row.name,
            baseType: row.base_type,
            notNull: row.not_null,
            checks: row.checks,
            defaultExpression: row.default_expression,
          }),
        )
        .sort((a, b) => byText(a.schema, b.schema) || byText(a.name, b.name)),
      sequences: sequences
        .map(
          (row): SequenceModel => ({
            schema: row.schema,
            name: row.name,
            ownedBy: row.owner_column === null ? null : `${row.owner_schema}.${row.owner_table}.${row.owner_column}`,
            dataType: row.data_type,
            identity: row.identity === true,
          }),
        )
        .sort((a, b) => byText(a.schema, b.schema) || byText(a.name, b.name)),
      extensions: extensions.map((row) => row.extname).sort(byText),
    };
    return { version: computeSchemaVersion(withoutVersion), ...withoutVersion };
  });
}
