import { ShadowtuneError } from '@shadowtune/shared/errors/shadowtune-error';
import { quoteIdentifier, quoteLiteral, quoteQualifiedName } from '@shadowtune/shared/sql/quote-identifier';
import { deriveObjectName } from '../proposals/derive-object-name.js';
import type { SchemaChangeSpec } from '../proposals/schema-change-spec.js';
import { afterCursor } from './after-cursor.js';
import { cursorSelect } from './cursor-select.js';
import { dependentViewsCheck } from './dependent-views-check.js';
import { dollarQuote } from './dollar-quote.js';
import type { MigrationPlan } from './migration-plan.js';
import { relationAbsentCheck } from './relation-absent-check.js';

const INDEX_METHODS = new Set(['btree', 'hash', 'brin', 'gin', 'gist', 'spgist']);

function indexMethod(method: string): string {
  if (!INDEX_METHODS.has(method)) throw new ShadowtuneError('IDENTIFIER_INVALID', `unknown index method ${method}`);
  return method;
}

/** A partition bound literal in the column's own type (dates at midnight UTC). */
function boundLiteral(isoDate: string, columnType: string): string {
  if (columnType === 'date') return quoteLiteral(isoDate);
  if (columnType.startsWith('timestamp with')) return quoteLiteral(`${isoDate} 00:00:00+00`);
  return quoteLiteral(`${isoDate} 00:00:00`);
}

/**
 * Range partitioning by expand/contract. Expand: a partitioned copy of the table (same
 * columns, defaults, checks, foreign keys; primary key extended by the partition column;
 * the other indexes), partitions over the observed span plus a default one, a trigger
 * mirroring every write into the copy, and a batched copy of the rows. Switch (one short
 * transaction): the tables trade names, and a reverse trigger keeps the old table
 * current, so undoing the switch loses nothing. The old table stays until contraction
 * (which must also move ownership of a serial's sequence).
 */
export function buildPartitioningMigration(spec: Extract<SchemaChangeSpec, { changeType: 'RANGE_PARTITIONING' }>, batchRows: number): MigrationPlan {
  const schema = spec.table.schema;
  const original = quoteQualifiedName(schema, spec.table.name);
  const partitionedName = deriveObjectName([spec.table.name], 'partitioned');
  const keptName = deriveObjectName([spec.table.name], 'unpartitioned');
  const partitioned = quoteQualifiedName(schema, partitionedName);
  const kept = quoteQualifiedName(schema, keptName);
  const key = quoteIdentifier(spec.keyColumn);
  const partitionColumn = quoteIdentifier(spec.column);
  const columns = spec.columns.map(quoteIdentifier).join(', ');
  const values = (record: string) => spec.columns.map((c) => `${record}.${quoteIdentifier(c)}`).join(', ');
  const forwardFunction = quoteQualifiedName(schema, deriveObjectName([spec.table.name], 'to_partitioned'));
  const forwardTrigger = quoteIdentifier(deriveObjectName([spec.table.name], 'to_partitioned'));
  const backFunction = quoteQualifiedName(schema, deriveObjectName([spec.table.name], 'to_unpartitioned'));
  const backTrigger = quoteIdentifier(deriveObjectName([spec.table.name], 'to_unpartitioned'));
  const mirror = (target: string) =>
    ` BEGIN IF TG_OP IN ('UPDATE', 'DELETE') THEN DELETE FROM ${target} WHERE ${key} = OLD.${key}; END IF; ` +
    `IF TG_OP IN ('INSERT', 'UPDATE') THEN INSERT INTO ${target} (${columns}) VALUES (${values('NEW')}) ON CONFLICT DO NOTHING; END IF; RETURN NULL; END `;
  const partitionNames = spec.bounds.slice(0, -1).map((lower) => deriveObjectName([spec.table.name], `p${lower.replace(/-/g, '')}`));
  const defaultName = deriveObjectName([spec.table.name], 'pdefault');
  const indexNames = spec.indexes.map((i) => deriveObjectName([partitionedName, ...i.columns], 'idx'));
  const foreignKeys = spec.foreignKeys.map(
    (fk) =>
      `, CONSTRAINT ${quoteIdentifier(fk.name)} FOREIGN KEY (${fk.columns.map(quoteIdentifier).join(', ')}) ` +
      `REFERENCES ${quoteQualifiedName(fk.referencedSchema, fk.referencedTable)} (${fk.referencedColumns.map(quoteIdentifier).join(', ')})`,
  );
  const create = [
    `CREATE TABLE ${partitioned} (LIKE ${original} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMMENTS, ` +
      `PRIMARY KEY (${key}, ${partitionColumn})${foreignKeys.join('')}) PARTITION BY RANGE (${partitionColumn})`,
    ...partitionNames.map(
      (name, i) =>
        `CREATE TABLE ${quoteQualifiedName(schema, name)} PARTITION OF ${partitioned} ` +
        `FOR VALUES FROM (${boundLiteral(spec.bounds[i]!, spec.columnType)}) TO (${boundLiteral(spec.bounds[i + 1]!, spec.columnType)})`,
    ),
    `CREATE TABLE ${quoteQualifiedName(schema, defaultName)} PARTITION OF ${partitioned} DEFAULT`,
    ...spec.indexes.map(
      (index, i) => `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdentifier(indexNames[i]!)} ON ${partitioned} USING ${indexMethod(index.method)} (${index.columns.map(quoteIdentifier).join(', ')})`,
    ),
  ];
  return {
    steps: [
      {
        phase: 'expand',
        description: `create ${partitionedName}: partitioned by range of ${spec.column} per ${spec.interval}, ${partitionNames.length} partitions and a default one`,
        up: create.join('; '),
        undo: [`DROP TABLE IF EXISTS ${partitioned}`],
      },
      {
        phase: 'expand',
        description: `mirror every write on ${spec.table.name} into ${partitionedName}`,
        up:
          `CREATE FUNCTION ${forwardFunction}() RETURNS trigger LANGUAGE plpgsql AS ${dollarQuote(mirror(partitioned))}; ` +
          `CREATE TRIGGER ${forwardTrigger} AFTER INSERT OR UPDATE OR DELETE ON ${original} FOR EACH ROW EXECUTE FUNCTION ${forwardFunction}()`,
        undo: [`DROP TRIGGER IF EXISTS ${forwardTrigger} ON ${original}; DROP FUNCTION IF EXISTS ${forwardFunction}()`],
      },
      {
        phase: 'expand',
        description: `copy the rows in batches of ${batchRows}, in ${spec.keyColumn} order`,
        up:
          `WITH source AS (SELECT ${columns} FROM ${original} WHERE ${afterCursor(spec.keyColumn, spec.keyType)} ORDER BY ${key} LIMIT ${Math.floor(batchRows)}), ` +
          `copied AS (INSERT INTO ${partitioned} (${columns}) SELECT ${columns} FROM source ON CONFLICT DO NOTHING RETURNING 1) ` +
          cursorSelect(spec.keyColumn, 'source'),
        undo: [],
      },
      { phase: 'expand', description: `collect statistics on ${partitionedName}`, up: `ANALYZE ${partitioned}`, undo: [] },
      {
        phase: 'switch',
        description: `switch: ${spec.table.name} becomes the partitioned table; the old one is kept as ${keptName}, kept current by a trigger`,
        up: [
          `LOCK TABLE ${original} IN ACCESS EXCLUSIVE MODE`,
          `LOCK TABLE ${partitioned} IN ACCESS EXCLUSIVE MODE`,
          `DROP TRIGGER ${forwardTrigger} ON ${original}`,
          `DROP FUNCTION ${forwardFunction}()`,
          `ALTER TABLE ${original} RENAME TO ${quoteIdentifier(keptName)}`,
          `ALTER TABLE ${partitioned} RENAME TO ${quoteIdentifier(spec.table.name)}`,
          `CREATE FUNCTION ${backFunction}() RETURNS trigger LANGUAGE plpgsql AS ${dollarQuote(mirror(kept))}`,
          `CREATE TRIGGER ${backTrigger} AFTER INSERT OR UPDATE OR DELETE ON ${original} FOR EACH ROW EXECUTE FUNCTION ${backFunction}()`,
        ].join('; '),
        undo: [
          [
            `LOCK TABLE ${original} IN ACCESS EXCLUSIVE MODE`,
            `LOCK TABLE ${kept} IN ACCESS EXCLUSIVE MODE`,
            `DROP TRIGGER IF EXISTS ${backTrigger} ON ${original}`,
            `DROP FUNCTION IF EXISTS ${backFunction}()`,
            `ALTER TABLE ${original} RENAME TO ${quoteIdentifier(partitionedName)}`,
            `ALTER TABLE ${kept} RENAME TO ${quoteIdentifier(spec.table.name)}`,
          ].join('; '),
        ],
      },
    ],
    prechecks: [
      relationAbsentCheck(schema, partitionedName),
      relationAbsentCheck(schema, keptName),
      relationAbsentCheck(schema, defaultName),
      relationAbsentCheck(schema, `${partitionedName}_pkey`),
      ...partitionNames.map((name) => relationAbsentCheck(schema, name)),
      ...indexNames.map((name) => relationAbsentCheck(schema, name)),
      dependentViewsCheck(spec.table, null),
    ],
  };
}
