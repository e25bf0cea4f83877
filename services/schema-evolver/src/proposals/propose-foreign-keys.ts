import { findColumn, findTable } from '@shadowtune/shared/schema-model/find-table';
import { canonicalTypeName } from '../analysis/canonical-type-name.js';
import { qualifiedName } from '../usage/qualified-name.js';
import { deriveObjectName } from './derive-object-name.js';
import { frequencyGate } from './frequency-gate.js';
import { indexServing } from './index-serves.js';
import type { ProposalContext } from './proposal-context.js';

const INTEGERS = new Set(['smallint', 'integer', 'bigint']);

/**
 * A foreign key (added NOT VALID, then validated) for each emerging relationship the
 * workload joins on often enough, with an index on the referencing column when none
 * serves it (joins from the referenced side and deletes there need it).
 */
export function proposeForeignKeys(context: ProposalContext): void {
  for (const relationship of context.results.emergingRelationships) {
    const referencing = relationship.referencing;
    const evidence = { calls: relationship.calls, timeShare: relationship.share, timeMs: relationship.weight, fingerprints: relationship.fingerprints.length };
    const skip = (code: Parameters<typeof context.skipped.push>[0]['reasonCode'], detail: string) =>
      context.skipped.push({ changeType: 'ADD_FOREIGN_KEY', tableName: qualifiedName(referencing.table), columnName: referencing.column, reasonCode: code, detail, evidence });
    const gate = frequencyGate(relationship.calls, relationship.share, context.settings);
    if (gate) {
      skip(gate.code, gate.detail);
      continue;
    }
    const referenced = relationship.referenced;
    if (referenced === null) {
      const [a, b] = relationship.columns;
      skip('NO_UNIQUE_SIDE', `neither ${qualifiedName(a.table)}.${a.column} nor ${qualifiedName(b.table)}.${b.column} is unique: no side can be referenced`);
      continue;
    }
    const table = findTable(context.model, referencing.table.schema, referencing.table.name)!;
    const parent = findTable(context.model, referenced.table.schema, referenced.table.name)!;
    if (table.kind !== 'table' && table.kind !== 'partitioned-table') {
      skip('NOT_A_TABLE', `${qualifiedName(referencing.table)} is a ${table.kind}`);
      continue;
    }
    const childType = canonicalTypeName(findColumn(table, referencing.column)!.dataType);
    const parentType = canonicalTypeName(findColumn(parent, referenced.column)!.dataType);
    if (childType !== parentType && !(INTEGERS.has(childType) && INTEGERS.has(parentType))) {
      skip('TYPE_INCOMPATIBLE', `${referencing.column} is ${childType}, ${referenced.column} is ${parentType}`);
      continue;
    }
    const taken = new Set(context.model.tables.flatMap((t) => [...t.indexes.map((i) => i.name), ...t.foreignKeys.map((f) => f.name), t.name]));
    const served = indexServing(table, [referencing.column]);
    const constraintName = deriveObjectName([table.name, referencing.column], 'fkey', taken);
    const indexName = served === null ? deriveObjectName([table.name, referencing.column], 'idx', taken) : null;
    context.candidates.push({
      spec: {
        changeType: 'ADD_FOREIGN_KEY',
        table: referencing.table,
        column: referencing.column,
        referencedTable: referenced.table,
        referencedColumn: referenced.column,
        constraintName,
        indexName,
      },
      rationale:
        `${relationship.fingerprints.length} statement(s) join ${qualifiedName(referencing.table)}.${referencing.column} to ${qualifiedName(referenced.table)}.${referenced.column} ` +
        `(${Math.round(relationship.calls)} calls, ${(relationship.share * 100).toFixed(1)}% of the workload's time) but no foreign key declares the relationship; ` +
        `declaring it (NOT VALID, then VALIDATE) lets the database keep it true` +
        (indexName ? `, and an index on ${referencing.column} serves the join and deletes on ${referenced.table.name}` : ''),
      evidence: { ...evidence, referencingRows: table.stats.rowEstimate, referencedRows: parent.stats.rowEstimate, createsIndex: indexName ? 1 : 0 },
      fingerprints: relationship.fingerprints,
    });
  }
}
