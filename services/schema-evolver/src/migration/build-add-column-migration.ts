import { quoteIdentifier, quoteLiteral, quoteQualifiedName } from '@shadowtune/shared/sql/quote-identifier';
import type { SchemaChangeSpec } from '../proposals/schema-change-spec.js';
import { columnAbsentCheck } from './column-absent-check.js';
import type { MigrationPlan } from './migration-plan.js';
import { typeSql } from './type-sql.js';

function constantSql(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError('a default must be a finite number');
    return String(value);
  }
  return quoteLiteral(value);
}

/**
 * ADD COLUMN, nullable or with a constant default: since PostgreSQL 11 both are catalog
 * changes (the default is stored once, not written into every row), so the table is not
 * rewritten and the lock lasts a moment (bounded by lock_timeout).
 */
export function buildAddColumnMigration(spec: Extract<SchemaChangeSpec, { changeType: 'ADD_COLUMN' }>): MigrationPlan {
  const table = quoteQualifiedName(spec.table.schema, spec.table.name);
  const column = quoteIdentifier(spec.column);
  const defaultClause = spec.defaultValue === null ? '' : ` DEFAULT ${constantSql(spec.defaultValue)}`;
  return {
    steps: [
      {
        phase: 'expand',
        description: `add column ${spec.column} ${spec.dataType}${defaultClause ? ' with a constant default' : ''} (no rewrite)`,
        up: `ALTER TABLE ${table} ADD COLUMN ${column} ${typeSql(spec.dataType)}${defaultClause}`,
        undo: [`ALTER TABLE ${table} DROP COLUMN IF EXISTS ${column}`],
      },
    ],
    prechecks: [columnAbsentCheck(spec.table, spec.column)],
  };
}
