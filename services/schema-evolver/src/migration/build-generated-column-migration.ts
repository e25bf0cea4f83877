import { quoteIdentifier, quoteLiteral, quoteQualifiedName } from '@shadowtune/shared/sql/quote-identifier';
import { deriveObjectName } from '../proposals/derive-object-name.js';
import type { SchemaChangeSpec } from '../proposals/schema-change-spec.js';
import { afterCursor } from './after-cursor.js';
import { columnAbsentCheck } from './column-absent-check.js';
import { cursorSelect } from './cursor-select.js';
import { dollarQuote } from './dollar-quote.js';
import type { MigrationPlan, MigrationStep } from './migration-plan.js';
import { relationAbsentCheck } from './relation-absent-check.js';
import { typeSql } from './type-sql.js';

/**
 * A generated column for a hot JSON key, and an index on the key's expression (which the
 * statements use as written). On PostgreSQL 18+ the column is VIRTUAL (catalog only). On
 * older servers a STORED column would rewrite the table under an exclusive lock, so the
 * column is added plainly, kept equal to the expression by a BEFORE trigger, and
 * backfilled in short batches.
 */
export function buildGeneratedColumnMigration(spec: Extract<SchemaChangeSpec, { changeType: 'GENERATED_COLUMN' }>, batchRows: number): MigrationPlan {
  const table = quoteQualifiedName(spec.table.schema, spec.table.name);
  const column = quoteIdentifier(spec.columnName);
  const dataType = typeSql(spec.dataType);
  const read = (alias: string | null) => `${alias === null ? '' : `${alias}.`}${quoteIdentifier(spec.sourceColumn)} ${spec.operator} ${quoteLiteral(spec.key)}`;
  const value = (alias: string | null) => (dataType === 'text' && spec.operator === '->>') || (dataType === 'jsonb' && spec.operator === '->') ? read(alias) : `(${read(alias)})::${dataType}`;
  const index: MigrationStep = {
    phase: 'expand',
    description: `index the expression ${spec.sourceColumn} ${spec.operator} '${spec.key}' without blocking writes`,
    up: `CREATE INDEX CONCURRENTLY ${quoteIdentifier(spec.indexName)} ON ${table} USING btree ((${quoteIdentifier(spec.sourceColumn)} ${spec.operator} ${quoteLiteral(spec.key)}))`,
    undo: [`DROP INDEX CONCURRENTLY IF EXISTS ${quoteQualifiedName(spec.table.schema, spec.indexName)}`],
  };
  const analyze: MigrationStep = { phase: 'expand', description: 'collect statistics on the new expression', up: `ANALYZE ${table}`, undo: [] };
  const prechecks = [columnAbsentCheck(spec.table, spec.columnName), relationAbsentCheck(spec.table.schema, spec.indexName)];
  if (spec.mode === 'virtual') {
    return {
      steps: [
        {
          phase: 'expand',
          description: `add virtual generated column ${spec.columnName}`,
          up: `ALTER TABLE ${table} ADD COLUMN ${column} ${dataType} GENERATED ALWAYS AS (${value(null)}) VIRTUAL`,
          undo: [`ALTER TABLE ${table} DROP COLUMN IF EXISTS ${column}`],
        },
        index,
        analyze,
      ],
      prechecks,
    };
  }
  const functionName = quoteQualifiedName(spec.table.schema, deriveObjectName([spec.table.name, spec.columnName], 'sync'));
  const triggerName = quoteIdentifier(deriveObjectName([spec.table.name, spec.columnName], 'sync'));
  const key = quoteIdentifier(spec.keyColumn);
  const body = ` BEGIN NEW.${column} := ${value('NEW')}; RETURN NEW; END `;
  return {
    steps: [
      {
        phase: 'expand',
        description: `add column ${spec.columnName} (nullable, no rewrite)`,
        up: `ALTER TABLE ${table} ADD COLUMN ${column} ${dataType}`,
        undo: [`ALTER TABLE ${table} DROP COLUMN IF EXISTS ${column}`],
      },
      {
        phase: 'expand',
        description: `keep ${spec.columnName} equal to the expression on every insert and update`,
        up:
          `CREATE FUNCTION ${functionName}() RETURNS trigger LANGUAGE plpgsql AS ${dollarQuote(body)}; ` +
          `CREATE TRIGGER ${triggerName} BEFORE INSERT OR UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${functionName}()`,
        undo: [`DROP TRIGGER IF EXISTS ${triggerName} ON ${table}; DROP FUNCTION IF EXISTS ${functionName}()`],
      },
      {
        phase: 'expand',
        description: `backfill ${spec.columnName} in batches of ${batchRows} rows`,
        up:
          `WITH batch AS (UPDATE ${table} AS t SET ${column} = ${value('t')} WHERE t.${key} IN ` +
          `(SELECT ${key} FROM ${table} WHERE ${afterCursor(spec.keyColumn, spec.keyType)} ORDER BY ${key} LIMIT ${Math.floor(batchRows)}) RETURNING t.${key}) ` +
          cursorSelect(spec.keyColumn, 'batch'),
        undo: [],
      },
      index,
      analyze,
    ],
    prechecks,
  };
}
