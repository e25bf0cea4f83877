import { findTable } from '@shadowtune/shared/schema-model/find-table';
import { qualifiedName } from '../usage/qualified-name.js';
import { tableKeyOf } from '../usage/table-key-of.js';
import { deriveObjectName } from './derive-object-name.js';
import { frequencyGate } from './frequency-gate.js';
import { indexServing } from './index-serves.js';
import type { ProposalContext } from './proposal-context.js';
import type { SkipReasonCode } from './skip-reason-code.js';

/**
 * Composite and covering indexes from the frequent column sets of the association rules.
 * A single column without covering is left to the rewrite-engine's missing-index path;
 * sets another candidate already serves (a foreign key's index, a partitioned table's
 * pruning, a JSON key's expression index) are skipped as covered. Runs after the others.
 */
export function proposeIndexes(context: ProposalContext): void {
  const share = (weight: number) => (context.results.frequentQueries.totalWeight > 0 ? weight / context.results.frequentQueries.totalWeight : 0);
  for (const set of context.results.frequentQueries.frequentColumnSets) {
    const tableName = qualifiedName(set.table);
    const columnName = set.columns.join(',');
    const evidence = {
      calls: set.calls,
      timeShare: share(set.weight),
      support: set.support,
      confidence: set.confidence,
      lift: set.lift,
      coverage: set.coverage,
      fingerprints: set.fingerprints.length,
    };
    const skip = (code: SkipReasonCode, detail: string) => context.skipped.push({ changeType: 'CREATE_INDEX', tableName, columnName, reasonCode: code, detail, evidence });
    const otherwise = context.candidates.find((c) => {
      const spec = c.spec;
      if (tableKeyOf(spec.table) !== tableKeyOf(set.table)) return false;
      if (spec.changeType === 'ADD_FOREIGN_KEY') return spec.indexName !== null && set.columns.length === 1 && set.columns[0] === spec.column;
      if (spec.changeType === 'RANGE_PARTITIONING') return set.columns.includes(spec.column);
      return false;
    });
    if (otherwise) {
      skip('COVERED_BY_OTHER_PROPOSAL', `the ${otherwise.spec.changeType} proposal on ${tableName} serves these columns`);
      continue;
    }
    const gate = frequencyGate(set.calls, share(set.weight), context.settings);
    if (gate) {
      skip(gate.code, gate.detail);
      continue;
    }
    const table = findTable(context.model, set.table.schema, set.table.name)!;
    const covering = set.include.length > 0 && set.coverage >= context.settings.minConfidence;
    const served = indexServing(table, set.columns, set.equalityCount);
    if (served && (!covering || set.include.every((c) => served.include.includes(c) || served.keyParts.some((p) => p.column === c)))) {
      skip('ALREADY_INDEXED', `index ${served.name} already serves (${set.columns.join(', ')})`);
      continue;
    }
    if (set.columns.length < 2 && !covering) {
      skip('SINGLE_COLUMN_INDEX', 'one column without a covering list: a plain missing index, proposed by the rewrite-engine from its findings');
      continue;
    }
    if (served) {
      skip('ALREADY_INDEXED', `index ${served.name} serves the key columns; covering ${set.include.join(', ')} would duplicate it`);
      continue;
    }
    if (table.stats.rowEstimate < context.settings.largeTableRows) {
      skip('TABLE_TOO_SMALL', `${Math.round(table.stats.rowEstimate)} rows, fewer than ${context.settings.largeTableRows}`);
      continue;
    }
    const taken = new Set(context.model.tables.flatMap((t) => [...t.indexes.map((i) => i.name), t.name]));
    const include = covering ? set.include : [];
    context.candidates.push({
      spec: { changeType: 'CREATE_INDEX', table: set.table, columns: set.columns, include, indexName: deriveObjectName([table.name, ...set.columns], 'idx', taken) },
      rationale:
        `${set.fingerprints.length} statement(s) filter ${tableName} on (${set.columns.join(', ')}) together: support ${set.support.toFixed(2)}, ` +
        `confidence ${set.confidence.toFixed(2)}, lift ${set.lift.toFixed(2)} (${Math.round(set.calls)} calls)` +
        (include.length > 0 ? `; INCLUDE (${include.join(', ')}) covers the output of ${(set.coverage * 100).toFixed(0)}% of them (index-only scans)` : ''),
      evidence: { ...evidence, rows: table.stats.rowEstimate },
      fingerprints: set.fingerprints,
    });
  }
}
