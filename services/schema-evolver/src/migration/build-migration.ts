import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import { findColumn, findTable } from '@shadowtune/shared/schema-model/find-table';
import type { SchemaChangeSpec } from '../proposals/schema-change-spec.js';
import { buildAddColumnMigration } from './build-add-column-migration.js';
import { buildAddTableMigration } from './build-add-table-migration.js';
import { buildCreateIndexMigration } from './build-create-index-migration.js';
import { buildForeignKeyMigration } from './build-foreign-key-migration.js';
import { buildGeneratedColumnMigration } from './build-generated-column-migration.js';
import { buildPartitioningMigration } from './build-partitioning-migration.js';
import { buildTypeChangeMigration } from './build-type-change-migration.js';
import type { MigrationPlan } from './migration-plan.js';

/** The reversible migration of a schema change, generated from its structure. */
export function buildMigration(spec: SchemaChangeSpec, model: SchemaModel, options: { readonly batchRows: number }): MigrationPlan {
  switch (spec.changeType) {
    case 'CREATE_INDEX':
      return buildCreateIndexMigration(spec);
    case 'ADD_FOREIGN_KEY':
      return buildForeignKeyMigration(spec);
    case 'GENERATED_COLUMN':
      return buildGeneratedColumnMigration(spec, options.batchRows);
    case 'ADJUST_DATA_TYPE': {
      const table = findTable(model, spec.table.schema, spec.table.name);
      const column = table === null ? null : findColumn(table, spec.column);
      return buildTypeChangeMigration(spec, { batchRows: options.batchRows, notNull: column !== null && !column.nullable });
    }
    case 'RANGE_PARTITIONING':
      return buildPartitioningMigration(spec, options.batchRows);
    case 'ADD_COLUMN':
      return buildAddColumnMigration(spec);
    case 'ADD_TABLE':
      return buildAddTableMigration(spec);
  }
}
