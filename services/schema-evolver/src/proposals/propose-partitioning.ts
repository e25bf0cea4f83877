import { findColumn, findTable } from '@shadowtune/shared/schema-model/find-table';
import { qualifiedName } from '../usage/qualified-name.js';
import { tableKeyOf } from '../usage/table-key-of.js';
import { frequencyGate } from './frequency-gate.js';
import { partitionBounds } from './partition-bounds.js';
import type { ProposalContext } from './proposal-context.js';
import type { SkipReasonCode } from './skip-reason-code.js';
import { singleColumnKey } from './single-column-key.js';

/**
 * Range partitioning by a time column for large, growing tables the workload reads by
 * time range (partition pruning then reads only the partitions in the range). The
 * volume trend (histogram of the time column, or sampled statistics) gives the size, the
 * growth and the span the bounds cover.
 */
export function proposePartitioning(context: ProposalContext): void {
  const done = new Set<string>();
  for (const access of context.results.frequentQueries.timeRanges) {
    const tableName = qualifiedName(access.table);
    const trends = context.results.dataVolumeTrends.filter((t) => tableKeyOf(t.table) === tableKeyOf(access.table));
    const trend = trends.find((t) => t.source === 'histogram' && t.timeColumn === access.column) ?? trends.find((t) => t.source !== 'histogram') ?? null;
    const evidence: Record<string, number> = { calls: access.calls, timeMs: access.weight, tableTimeShare: access.tableShare };
    if (trend) Object.assign(evidence, { rows: trend.rows, rowsPerDay: trend.rowsPerDay, growthPerDay: trend.growthPerDay, rSquared: trend.rSquared, observations: trend.observations });
    const skip = (code: SkipReasonCode, detail: string) =>
      context.skipped.push({ changeType: 'RANGE_PARTITIONING', tableName, columnName: access.column, reasonCode: code, detail, evidence });
    if (done.has(tableKeyOf(access.table))) {
      skip('COVERED_BY_OTHER_PROPOSAL', 'the table is already proposed for partitioning by another time column');
      continue;
    }
    const share = context.results.frequentQueries.totalWeight > 0 ? access.weight / context.results.frequentQueries.totalWeight : 0;
    const gate = frequencyGate(access.calls, share, context.settings);
    if (gate) {
      skip(gate.code, gate.detail);
      continue;
    }
    if (access.tableShare < context.settings.timeRangeMinShare) {
      skip('TIME_RANGE_SHARE_LOW', `time-range statements are ${(access.tableShare * 100).toFixed(1)}% of the table's time, less than ${(context.settings.timeRangeMinShare * 100).toFixed(1)}%`);
      continue;
    }
    const table = findTable(context.model, access.table.schema, access.table.name)!;
    if (table.kind === 'partitioned-table' || table.partitioning !== null) {
      skip('ALREADY_PARTITIONED', `${tableName} is already partitioned or a partition`);
      continue;
    }
    if (table.kind !== 'table') {
      skip('NOT_A_TABLE', `${tableName} is a ${table.kind}`);
      continue;
    }
    const referencedBy = context.model.tables.filter((t) => t.foreignKeys.some((fk) => fk.referencedSchema === table.schema && fk.referencedTable === table.name));
    if (referencedBy.length > 0) {
      skip('REFERENCED_BY_FOREIGN_KEY', `referenced by ${referencedBy.map((t) => `${t.schema}.${t.name}`).join(', ')}: the partitioned table's key would include ${access.column}`);
      continue;
    }
    const key = singleColumnKey(table);
    if (key === null) {
      skip('NO_SINGLE_COLUMN_KEY', 'rows are copied in key order, which needs a single-column primary key');
      continue;
    }
    if (findColumn(table, key.column)!.identity !== null) {
      skip('IDENTITY_KEY', `${key.column} is an identity column: its sequence cannot move to the partitioned table online`);
      continue;
    }
    const uniqueWithout = table.indexes.filter((i) => i.unique && !i.primary && !i.keyParts.some((p) => p.column === access.column));
    if (uniqueWithout.length > 0) {
      skip('UNIQUE_WITHOUT_PARTITION_KEY', `unique index ${uniqueWithout[0]!.name} does not include ${access.column}: it cannot be kept on a partitioned table`);
      continue;
    }
    if (trend === null) {
      skip('NO_VOLUME_DATA', 'no volume observations of the table (no production statistics, CDC events or time histogram)');
      continue;
    }
    if (trend.rows < context.settings.partitionMinRows) {
      skip('BELOW_PARTITION_MIN_ROWS', `${Math.round(trend.rows)} rows, fewer than ${context.settings.partitionMinRows}`);
      continue;
    }
    if (trend.growthPerDay < context.settings.partitionMinGrowthPerDay) {
      skip('NOT_GROWING', `fitted growth ${(trend.growthPerDay * 100).toFixed(3)}%/day, less than ${(context.settings.partitionMinGrowthPerDay * 100).toFixed(3)}%/day`);
      continue;
    }
    const column = findColumn(table, access.column)!;
    const min = trend.timeMin ?? trend.firstAt;
    const max = trend.timeMax ?? trend.lastAt;
    const { interval, bounds } = partitionBounds(min, max, context.settings.targetPartitions);
    const plainIndexes = table.indexes.filter((i) => !i.primary && i.keyParts.every((p) => p.column !== null) && i.predicate === null && i.include.length === 0);
    const otherIndexes = table.indexes.filter((i) => !i.primary && !plainIndexes.includes(i));
    if (otherIndexes.length > 0) {
      skip('INDEX_NOT_REBUILDABLE', `index ${otherIndexes[0]!.name} (expression, partial or covering) is not rebuilt by the migration`);
      continue;
    }
    done.add(tableKeyOf(access.table));
    context.candidates.push({
      spec: {
        changeType: 'RANGE_PARTITIONING',
        table: access.table,
        column: access.column,
        columnType: column.dataType,
        interval,
        bounds,
        keyColumn: key.column,
        keyType: key.dataType,
        columns: [...table.columns].sort((a, b) => a.position - b.position).filter((c) => c.generatedExpression === null).map((c) => c.name),
        indexes: plainIndexes.map((i) => ({ name: i.name, columns: i.keyParts.map((p) => p.column!), unique: i.unique, method: i.method })),
        foreignKeys: table.foreignKeys.map((fk) => ({
          name: fk.name,
          columns: fk.columns,
          referencedSchema: fk.referencedSchema,
          referencedTable: fk.referencedTable,
          referencedColumns: fk.referencedColumns,
        })),
      },
      rationale:
        `${access.fingerprints.length} statement(s) read ${tableName} by a range of ${access.column} (${(access.tableShare * 100).toFixed(0)}% of the table's time); ` +
        `the table holds ${Math.round(trend.rows)} rows growing by ${Math.round(trend.rowsPerDay)} a day (R² ${trend.rSquared.toFixed(2)}): ` +
        `range partitions by ${interval} let those statements read only the partitions in their range (${bounds.length - 1} partitions and a default one; ` +
        `later partitions must be added ahead of time)`,
      evidence: { ...evidence, partitions: bounds.length - 1, spanDays: (max - min) / 86_400_000 },
      fingerprints: access.fingerprints,
    });
  }
}
