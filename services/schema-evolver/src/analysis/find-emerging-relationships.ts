import { findTable } from '@shadowtune/shared/schema-model/find-table';
import type { SchemaModel, TableModel } from '@shadowtune/shared/schema-model/schema-model';
import type { ColumnUse } from '../usage/statement-usage.js';
import { tableKeyOf } from '../usage/table-key-of.js';
import type { EmergingRelationship } from './data-analysis-results.js';
import { isUniqueColumn } from './is-unique-column.js';
import type { UsedStatement } from './used-statement.js';

function declared(from: TableModel, fromColumn: string, to: TableModel, toColumn: string): boolean {
  return from.foreignKeys.some(
    (fk) =>
      fk.columns.length === 1 &&
      fk.columns[0] === fromColumn &&
      fk.referencedSchema === to.schema &&
      fk.referencedTable === to.name &&
      fk.referencedColumns[0] === toColumn,
  );
}

/**
 * Join predicates (a.x = b.y) between tables that declare no foreign key for them, with
 * how often and how long the workload joins that way. The side whose column is unique is
 * the one referenced; when neither is, the relationship is reported without a direction.
 */
export function findEmergingRelationships(used: readonly UsedStatement[], model: SchemaModel, totalWeight: number): EmergingRelationship[] {
  const groups = new Map<string, { left: ColumnUse; right: ColumnUse; calls: number; weight: number; fingerprints: Set<string> }>();
  for (const entry of used) {
    for (const join of entry.usage.joins) {
      const [left, right] = [join.left, join.right].sort((a, b) => {
        const ka = `${tableKeyOf(a.table)}\u0000${a.column}`;
        const kb = `${tableKeyOf(b.table)}\u0000${b.column}`;
        return ka < kb ? -1 : ka > kb ? 1 : 0;
      }) as [ColumnUse, ColumnUse];
      const key = `${tableKeyOf(left.table)}\u0000${left.column}\u0001${tableKeyOf(right.table)}\u0000${right.column}`;
      const group = groups.get(key) ?? { left, right, calls: 0, weight: 0, fingerprints: new Set<string>() };
      if (!group.fingerprints.has(entry.statement.fingerprint)) {
        group.calls += entry.statement.calls;
        group.weight += entry.weight;
        group.fingerprints.add(entry.statement.fingerprint);
      }
      groups.set(key, group);
    }
  }
  const relationships: EmergingRelationship[] = [];
  for (const group of groups.values()) {
    const leftTable = findTable(model, group.left.table.schema, group.left.table.name);
    const rightTable = findTable(model, group.right.table.schema, group.right.table.name);
    if (leftTable === null || rightTable === null) continue;
    if (declared(leftTable, group.left.column, rightTable, group.right.column) || declared(rightTable, group.right.column, leftTable, group.left.column)) continue;
    const leftUnique = isUniqueColumn(leftTable, group.left.column);
    const rightUnique = isUniqueColumn(rightTable, group.right.column);
    let referencing = group.left;
    let referenced: ColumnUse | null = null;
    if (rightUnique && !leftUnique) referenced = group.right;
    else if (leftUnique && !rightUnique) [referencing, referenced] = [group.right, group.left];
    else if (leftUnique && rightUnique) {
      // One-to-one: the primary key side is referenced; otherwise the larger table references the smaller.
      const leftIsKey = leftTable.primaryKey?.length === 1 && leftTable.primaryKey[0] === group.left.column;
      const rightIsKey = rightTable.primaryKey?.length === 1 && rightTable.primaryKey[0] === group.right.column;
      if (leftIsKey !== rightIsKey) [referencing, referenced] = leftIsKey ? [group.right, group.left] : [group.left, group.right];
      else [referencing, referenced] = leftTable.stats.rowEstimate >= rightTable.stats.rowEstimate ? [group.left, group.right] : [group.right, group.left];
    }
    relationships.push({
      referencing: { table: referencing.table, column: referencing.column },
      referenced: referenced === null ? null : { table: referenced.table, column: referenced.column },
      columns: [
        { table: group.left.table, column: group.left.column },
        { table: group.right.table, column: group.right.column },
      ],
      calls: group.calls,
      weight: group.weight,
      share: totalWeight > 0 ? group.weight / totalWeight : 0,
      fingerprints: [...group.fingerprints],
    });
  }
  return relationships.sort((a, b) => b.weight - a.weight);
}
