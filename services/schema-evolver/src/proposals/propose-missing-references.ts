import { findTable } from '@shadowtune/shared/schema-model/find-table';
import { qualifiedName } from '../usage/qualified-name.js';
import { tableKeyOf } from '../usage/table-key-of.js';
import { frequencyGate } from './frequency-gate.js';
import type { ProposalContext } from './proposal-context.js';
import type { NewColumn } from './schema-change-spec.js';

/** Types a guessed column may take (anything else becomes text). */
const COLUMN_TYPES = new Set(['smallint', 'integer', 'bigint', 'numeric', 'real', 'double precision', 'text', 'boolean', 'date', 'timestamp', 'timestamptz', 'time', 'uuid', 'json', 'jsonb']);

function columnType(guess: string): string {
  return COLUMN_TYPES.has(guess) ? guess : 'text';
}

/**
 * Columns and tables the workload uses that the schema lacks: ADD_COLUMN (nullable: no
 * rewrite, no lock beyond a moment) or ADD_TABLE with the observed columns and a primary
 * key, types guessed from casts, joined columns or parameter profiles.
 */
export function proposeMissingReferences(context: ProposalContext): void {
  const frequent = context.results.frequentQueries;
  const share = (weight: number) => (frequent.totalWeight > 0 ? weight / frequent.totalWeight : 0);
  for (const missing of frequent.missingTables) {
    const tableName = qualifiedName(missing.table);
    const columns = frequent.missingReferences.filter((r) => !r.tableKnown && tableKeyOf(r.table) === tableKeyOf(missing.table));
    const evidence = { calls: missing.calls, timeShare: share(missing.weight), fingerprints: missing.fingerprints.length, columns: columns.length };
    const gate = frequencyGate(missing.calls, share(missing.weight), context.settings);
    if (gate) {
      context.skipped.push({ changeType: 'ADD_TABLE', tableName, columnName: null, reasonCode: gate.code, detail: gate.detail, evidence });
      continue;
    }
    if (columns.length === 0) {
      context.skipped.push({ changeType: 'ADD_TABLE', tableName, columnName: null, reasonCode: 'NO_COLUMNS_OBSERVED', detail: 'the statements name the table but none of its columns', evidence });
      continue;
    }
    if (findTable(context.model, missing.table.schema, missing.table.name) !== null) continue;
    const observed: NewColumn[] = columns.map((c) => ({ name: c.column, dataType: columnType(c.guessedType) }));
    const id = observed.find((c) => c.name === 'id');
    const primaryKey: NewColumn = id ?? { name: 'id', dataType: 'bigint' };
    context.candidates.push({
      spec: { changeType: 'ADD_TABLE', table: missing.table, columns: observed.filter((c) => c.name !== primaryKey.name), primaryKey },
      rationale:
        `${missing.fingerprints.length} statement(s) (${Math.round(missing.calls)} calls) use table ${tableName}, which the schema lacks; ` +
        `it is created with the ${observed.length} column(s) they use (types from ${[...new Set(columns.map((c) => c.typeEvidence))].join(', ')})` +
        (id ? '' : ' and an identity primary key'),
      evidence,
      fingerprints: missing.fingerprints,
    });
  }
  for (const missing of frequent.missingReferences) {
    if (!missing.tableKnown) continue;
    const tableName = qualifiedName(missing.table);
    const evidence = { calls: missing.calls, timeShare: share(missing.weight), fingerprints: missing.fingerprints.length };
    const gate = frequencyGate(missing.calls, share(missing.weight), context.settings);
    if (gate) {
      context.skipped.push({ changeType: 'ADD_COLUMN', tableName, columnName: missing.column, reasonCode: gate.code, detail: gate.detail, evidence });
      continue;
    }
    const table = findTable(context.model, missing.table.schema, missing.table.name)!;
    if (table.kind !== 'table' && table.kind !== 'partitioned-table') {
      context.skipped.push({ changeType: 'ADD_COLUMN', tableName, columnName: missing.column, reasonCode: 'NOT_A_TABLE', detail: `${tableName} is a ${table.kind}`, evidence });
      continue;
    }
    const dataType = columnType(missing.guessedType);
    context.candidates.push({
      spec: { changeType: 'ADD_COLUMN', table: missing.table, column: missing.column, dataType, defaultValue: null },
      rationale:
        `${missing.fingerprints.length} statement(s) (${Math.round(missing.calls)} calls) use ${tableName}.${missing.column}, which the table lacks; ` +
        `it is added as a nullable ${dataType} (type from ${missing.typeEvidence}), a catalog-only change that rewrites no row`,
      evidence,
      fingerprints: missing.fingerprints,
    });
  }
}
