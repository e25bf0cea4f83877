import type { TableName } from '../usage/statement-usage.js';
import type { SchemaChangeSpec } from './schema-change-spec.js';

/** The tables a change reads or alters (its table, and the referenced one of a foreign key). */
export function tablesOfChange(spec: SchemaChangeSpec): TableName[] {
  return spec.changeType === 'ADD_FOREIGN_KEY' ? [spec.table, spec.referencedTable] : [spec.table];
}
