import { computeSchemaVersion } from '@shadowtune/shared/schema-model/compute-schema-version';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';
import type { TableName } from '../usage/statement-usage.js';
import { tableKeyOf } from '../usage/table-key-of.js';

/**
 * Hash of the structure of some tables (as computeSchemaVersion hashes a whole schema):
 * a proposal remembers it, and is applied only while its tables still have that structure.
 */
export function tableStructureHash(model: SchemaModel, tables: readonly TableName[]): string {
  const keys = new Set(tables.map(tableKeyOf));
  return computeSchemaVersion({
    serverVersion: 0,
    tables: model.tables.filter((t) => keys.has(tableKeyOf(t))),
    enums: [],
    domains: [],
    sequences: [],
    extensions: [],
  });
}
