import { quoteIdentifier, quoteQualifiedName } from '@shadowtune/shared/sql/quote-identifier';
import type { SchemaChangeSpec } from '../proposals/schema-change-spec.js';
import type { MigrationPlan } from './migration-plan.js';
import { relationAbsentCheck } from './relation-absent-check.js';

/** CREATE INDEX CONCURRENTLY (writes go on during the build); undone by DROP INDEX CONCURRENTLY. */
export function buildCreateIndexMigration(spec: Extract<SchemaChangeSpec, { changeType: 'CREATE_INDEX' }>): MigrationPlan {
  const include = spec.include.length > 0 ? ` INCLUDE (${spec.include.map(quoteIdentifier).join(', ')})` : '';
  return {
    steps: [
      {
        phase: 'expand',
        description: `build index ${spec.indexName} without blocking writes`,
        up: `CREATE INDEX CONCURRENTLY ${quoteIdentifier(spec.indexName)} ON ${quoteQualifiedName(spec.table.schema, spec.table.name)} USING btree (${spec.columns.map(quoteIdentifier).join(', ')})${include}`,
        undo: [`DROP INDEX CONCURRENTLY IF EXISTS ${quoteQualifiedName(spec.table.schema, spec.indexName)}`],
      },
    ],
    prechecks: [relationAbsentCheck(spec.table.schema, spec.indexName)],
  };
}
