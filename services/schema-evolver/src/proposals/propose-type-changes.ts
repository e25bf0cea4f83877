import { findColumn, findTable } from '@shadowtune/shared/schema-model/find-table';
import { qualifiedName } from '../usage/qualified-name.js';
import { deriveObjectName } from './derive-object-name.js';
import { frequencyGate } from './frequency-gate.js';
import type { ProposalContext } from './proposal-context.js';
import type { SkipReasonCode } from './skip-reason-code.js';
import { singleColumnKey } from './single-column-key.js';
import { supportedTypeChange } from './supported-type-change.js';

/**
 * A type change (expand/contract: new column, trigger, batched backfill, switch, old
 * column kept) for each column the workload keeps comparing as another type. It pays when
 * an index on the column becomes usable again, so the column's indexes are rebuilt on the
 * new column.
 */
export function proposeTypeChanges(context: ProposalContext): void {
  const done = new Set<string>();
  for (const mismatch of context.results.frequentQueries.typeMismatches) {
    const tableName = qualifiedName(mismatch.table);
    const evidence = { calls: mismatch.calls, timeShare: mismatch.share, timeMs: mismatch.weight, fingerprints: mismatch.fingerprints.length };
    const skip = (code: SkipReasonCode, detail: string) =>
      context.skipped.push({ changeType: 'ADJUST_DATA_TYPE', tableName, columnName: mismatch.column, reasonCode: code, detail, evidence });
    const id = `${tableName}\u0000${mismatch.column}`;
    if (done.has(id)) {
      skip('COVERED_BY_OTHER_PROPOSAL', `another type change of ${mismatch.column} is proposed`);
      continue;
    }
    const gate = frequencyGate(mismatch.calls, mismatch.share, context.settings);
    if (gate) {
      skip(gate.code, gate.detail);
      continue;
    }
    const conversion = supportedTypeChange(mismatch.currentType, mismatch.wantedType);
    if (conversion === null) {
      skip('TYPE_CHANGE_UNSUPPORTED', `${mismatch.currentType} → ${mismatch.wantedType} is not a conversion the migration performs`);
      continue;
    }
    const table = findTable(context.model, mismatch.table.schema, mismatch.table.name)!;
    if (table.kind !== 'table') {
      skip('NOT_A_TABLE', `${tableName} is a ${table.kind}`);
      continue;
    }
    if (table.stats.rowEstimate < context.settings.largeTableRows) {
      skip('TABLE_TOO_SMALL', `${Math.round(table.stats.rowEstimate)} rows, fewer than ${context.settings.largeTableRows}`);
      continue;
    }
    const key = singleColumnKey(table);
    if (key === null || key.column === mismatch.column) {
      skip('NO_SINGLE_COLUMN_KEY', 'the new column is backfilled in batches by a single-column primary key other than the changed column');
      continue;
    }
    const column = findColumn(table, mismatch.column)!;
    if (column.generatedExpression !== null || column.identity !== null || column.defaultExpression !== null) {
      skip('TYPE_CHANGE_UNSUPPORTED', `${mismatch.column} is generated, an identity or has a default`);
      continue;
    }
    const involved = (cols: readonly string[]) => cols.includes(mismatch.column);
    const inFk =
      table.foreignKeys.some((fk) => involved(fk.columns)) ||
      context.model.tables.some((t) => t.foreignKeys.some((fk) => fk.referencedSchema === table.schema && fk.referencedTable === table.name && involved(fk.referencedColumns)));
    const inChecks = table.checks.some((c) => involved(c.columns)) || table.uniqueConstraints.some((u) => involved(u.columns));
    const indexes = table.indexes.filter((i) => i.keyParts.some((p) => p.column === mismatch.column || (p.expression ?? '').includes(mismatch.column)) || i.include.includes(mismatch.column));
    const simple = indexes.every((i) => i.keyParts.length === 1 && i.keyParts[0]!.column === mismatch.column && i.predicate === null && i.include.length === 0 && !i.primary);
    if (inFk || inChecks || !simple) {
      skip('TYPE_CHANGE_UNSUPPORTED', `${mismatch.column} is part of a foreign key, a constraint or a multi-column/partial/expression index`);
      continue;
    }
    if (indexes.length === 0) {
      skip('NOT_FILTERED', `no index on ${mismatch.column} would become usable: the type change alone does not speed the statements up`);
      continue;
    }
    const taken = new Set([...table.columns.map((c) => c.name), ...context.model.tables.flatMap((t) => t.indexes.map((i) => i.name))]);
    done.add(id);
    context.candidates.push({
      spec: {
        changeType: 'ADJUST_DATA_TYPE',
        table: mismatch.table,
        column: mismatch.column,
        fromType: column.dataType,
        toType: conversion.toType,
        keyColumn: key.column,
        keyType: key.dataType,
        indexes: indexes.map((i) => ({ name: i.name, newName: deriveObjectName([i.name], 'typed', taken), unique: i.unique, columns: [mismatch.column] })),
      },
      rationale:
        `${mismatch.fingerprints.length} statement(s) compare ${tableName}.${mismatch.column} (${column.dataType}) as ${conversion.toType} ` +
        `(${mismatch.evidence === 'cast' ? 'through a cast of the column' : 'with values profiled as ' + conversion.toType}; ${Math.round(mismatch.calls)} calls, ` +
        `${(mismatch.share * 100).toFixed(1)}% of the workload's time), which keeps index ${indexes.map((i) => i.name).join(', ')} from serving them; ` +
        `the column becomes ${conversion.toType} by expand/contract (new column kept in sync by a trigger, batched backfill, switch; the old column is kept until contraction)`,
      evidence: { ...evidence, rows: table.stats.rowEstimate },
      fingerprints: mismatch.fingerprints,
    });
  }
}
