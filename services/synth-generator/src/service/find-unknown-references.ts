import type { QueryFinding } from '@shadowtune/shared/contracts/generated-types';
import { findColumn, findTable } from '@shadowtune/shared/schema-model/find-table';
import type { SchemaModel } from '@shadowtune/shared/schema-model/schema-model';

/** Tables (`schema.table`) and columns (`schema.table.column`) a finding names that the model lacks. */
export function findUnknownReferences(finding: QueryFinding, model: SchemaModel): string[] {
  const unknown = new Set<string>();
  const refs = [
    ...finding.experiment.tables.map((t) => ({ schema: t.schema, table: t.table, column: null as string | null })),
    ...finding.experiment.skew.map((s) => ({ schema: s.schema, table: s.table, column: s.column as string | null })),
    ...finding.columns.map((c) => ({ schema: c.schema, table: c.table, column: c.column as string | null })),
  ];
  for (const ref of refs) {
    const table = findTable(model, ref.schema, ref.table);
    if (table === null) unknown.add(`${ref.schema}.${ref.table}`);
    else if (ref.column !== null && findColumn(table, ref.column) === null) unknown.add(`${ref.schema}.${ref.table}.${ref.column}`);
  }
  return [...unknown].sort();
}
