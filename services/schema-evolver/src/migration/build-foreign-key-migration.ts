import { quoteIdentifier, quoteLiteral, quoteQualifiedName } from '@shadowtune/shared/sql/quote-identifier';
import type { SchemaChangeSpec } from '../proposals/schema-change-spec.js';
import type { MigrationPlan, MigrationStep } from './migration-plan.js';
import { relationAbsentCheck } from './relation-absent-check.js';

/**
 * A foreign key for an emerging relationship: its index first (concurrently), then the
 * constraint NOT VALID (a moment's lock, new rows checked from then on), then VALIDATE
 * (scans existing rows without blocking writes). Precheck: no orphan row.
 */
export function buildForeignKeyMigration(spec: Extract<SchemaChangeSpec, { changeType: 'ADD_FOREIGN_KEY' }>): MigrationPlan {
  const child = quoteQualifiedName(spec.table.schema, spec.table.name);
  const parent = quoteQualifiedName(spec.referencedTable.schema, spec.referencedTable.name);
  const column = quoteIdentifier(spec.column);
  const referenced = quoteIdentifier(spec.referencedColumn);
  const constraint = quoteIdentifier(spec.constraintName);
  const steps: MigrationStep[] = [];
  if (spec.indexName !== null) {
    steps.push({
      phase: 'expand',
      description: `index the referencing column ${spec.column}`,
      up: `CREATE INDEX CONCURRENTLY ${quoteIdentifier(spec.indexName)} ON ${child} USING btree (${column})`,
      undo: [`DROP INDEX CONCURRENTLY IF EXISTS ${quoteQualifiedName(spec.table.schema, spec.indexName)}`],
    });
  }
  steps.push(
    {
      phase: 'expand',
      description: `add foreign key ${spec.constraintName} NOT VALID`,
      up: `ALTER TABLE ${child} ADD CONSTRAINT ${constraint} FOREIGN KEY (${column}) REFERENCES ${parent} (${referenced}) NOT VALID`,
      undo: [`ALTER TABLE ${child} DROP CONSTRAINT IF EXISTS ${constraint}`],
    },
    {
      phase: 'expand',
      description: `validate ${spec.constraintName} against existing rows`,
      up: `ALTER TABLE ${child} VALIDATE CONSTRAINT ${constraint}`,
      undo: [],
    },
  );
  return {
    steps,
    prechecks: [
      {
        description: `no row of ${spec.table.name} references a missing ${spec.referencedTable.name}`,
        sql: `SELECT 1 FROM ${child} AS c WHERE c.${column} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${parent} AS p WHERE p.${referenced} = c.${column}) LIMIT 1`,
      },
      {
        description: `${spec.table.name} has no constraint named ${spec.constraintName}`,
        sql: `SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = ${quoteLiteral(child)}::regclass AND conname = ${quoteLiteral(spec.constraintName)} LIMIT 1`,
      },
      ...(spec.indexName === null ? [] : [relationAbsentCheck(spec.table.schema, spec.indexName)]),
    ],
  };
}
